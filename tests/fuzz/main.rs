//! Fuzzing whole builds: generated guides, built by the real binary, must either build into
//! a consistent site or fail with every error at a file and a line, leaving the site and the
//! previous output exactly as they were. Never a panic, a signal or a hang.
//!
//! Each case is a seed. From it, a few changes are made to a built copy of the fixture
//! (tests/fixtures/basic): guide.yaml, front matter, Markdown bodies with shortcodes, links,
//! code and raw HTML, role files and data files, built from fragments (`yaml.rs`,
//! `markdown.rs`) rather than random bytes, since random bytes rarely get past the YAML
//! parser. About a third of the cases are "sane": made only of valid input, so they must
//! build (a valid guide refused is a failure too). A failing case is shrunk (files put
//! back, then lines taken out, while the same failure remains) and reported with its seed,
//! its files and guide's output, and its site is kept on disk.
//!
//! It runs for `FUZZ_SECONDS` (default 15) from seed `FUZZ_START` (default 0) on, so
//! `cargo test` runs the same cases each time, and stops at the first failure.
//! `FUZZ_SECONDS=600 FUZZ_START=5000 FUZZ_KEEP_GOING=1 cargo test --test fuzz -- --nocapture`
//! explores further and reports each kind of failure once, at the end. `FUZZ_SEED=N`
//! replays one case.

#[path = "../common/mod.rs"]
mod common;

mod case;
mod markdown;
mod output;
mod pick;
mod verdict;
mod yaml;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use case::Case;
use common::SiteTest;
use verdict::{Failure, KNOWN, Outcome, Run, Tree};

/// Fixes "today" for review-date warnings, and holds off the progress display, whose lines
/// would mix with the diagnostics.
const ENV: &[(&str, &str)] = &[
    ("GUIDE_TODAY", "2026-06-01"),
    ("GUIDE_PROGRESS_AFTER_MS", "86400000"),
];

/// A build of this small site takes well under a second; one that takes this long hangs.
const TIMEOUT: Duration = Duration::from_secs(20);

/// How long a failing case is shrunk, at most.
const SHRINKING: Duration = Duration::from_secs(120);

fn env_number(name: &str) -> Option<u64> {
    let value = std::env::var(name).ok()?;
    Some(
        value
            .parse()
            .unwrap_or_else(|_| panic!("{name}={value} is not a number")),
    )
}

/// The fixture, with the built-in theme instead of a copy on disk, two files whose names
/// links must escape, and its good build in public/.
fn base() -> SiteTest {
    let site = SiteTest::from_fixture("basic");
    fs::remove_dir_all(site.path("themes")).unwrap();
    site.write("content/files/a b.txt", "a file whose name has a space");
    site.write("content/files/ö.txt", "a file whose name is not ASCII");
    let out = site.run_with_env(&["build"], ENV);
    assert!(
        out.status.success(),
        "the fixture does not build:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    site
}

/// Every file and folder under `dir`.
fn tree(dir: &Path) -> Tree {
    walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .map(Result::unwrap)
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (
                rel,
                e.file_type().is_file().then(|| fs::read(e.path()).unwrap()),
            )
        })
        .collect()
}

/// Runs `guide build` in `root`, stopping it after [`TIMEOUT`].
fn build(root: &Path, logs: &Path) -> Run {
    let (out, err) = (logs.join("stdout"), logs.join("stderr"));
    let mut command = common::guide_command(root);
    command
        .arg("build")
        .envs(ENV.iter().copied())
        .stdin(Stdio::null())
        .stdout(fs::File::create(&out).unwrap())
        .stderr(fs::File::create(&err).unwrap());
    let mut child = command.spawn().unwrap();
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if start.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    Run {
        code: status.and_then(|s| s.code()),
        timed_out: status.is_none(),
        stdout: String::from_utf8_lossy(&fs::read(out).unwrap()).into_owned(),
        stderr: String::from_utf8_lossy(&fs::read(err).unwrap()).into_owned(),
    }
}

/// Builds the case on a copy of `base`; the copy is kept, and its path returned with the
/// failure, when the case fails.
fn try_case(base: &SiteTest, case: &Case) -> Result<Outcome, Box<(Failure, Run, PathBuf)>> {
    let temp = tempfile::Builder::new()
        .prefix("guide-fuzz")
        .tempdir()
        .unwrap();
    let root = temp.path().join("site");
    common::copy_dir(&base.root, &root);
    case.apply(&root);
    let logs = tempfile::tempdir().unwrap();
    let before = tree(temp.path());
    let run = build(&root, logs.path());
    let after = tree(temp.path());
    match verdict::judge(&run, case, &root, temp.path(), &before, &after) {
        Ok(outcome) => Ok(outcome),
        Err(failure) => Err(Box::new((failure, run, temp.keep()))),
    }
}

/// Whether the case fails again with the same signature (its site is not kept).
fn fails_alike(base: &SiteTest, case: &Case, signature: &str) -> bool {
    match try_case(base, case) {
        Err(failed) => {
            let (failure, _, kept) = *failed;
            let _ = fs::remove_dir_all(kept);
            failure.signature == signature
        }
        Ok(_) => false,
    }
}

/// A smaller case that fails the same way: each file put back as the fixture has it, then
/// runs of lines taken out of each file, halving the run each round, for [`SHRINKING`].
fn shrink(base: &SiteTest, mut case: Case, signature: &str) -> Case {
    let deadline = Instant::now() + SHRINKING;
    let time_left = || Instant::now() < deadline;
    for path in case.files.keys().cloned().collect::<Vec<_>>() {
        let mut smaller = case.clone();
        smaller.files.remove(&path);
        if time_left() && !smaller.files.is_empty() && fails_alike(base, &smaller, signature) {
            case = smaller;
        }
    }
    for path in case.files.keys().cloned().collect::<Vec<_>>() {
        let Some(Some(bytes)) = case.files.get(&path) else {
            continue;
        };
        let mut lines: Vec<Vec<u8>> = bytes.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect();
        let mut run = lines.len() / 2;
        while run > 0 && time_left() {
            let mut at = 0;
            while at < lines.len() && time_left() {
                let mut fewer = lines.clone();
                fewer.drain(at..(at + run).min(lines.len()));
                let mut smaller = case.clone();
                smaller.files.insert(path.clone(), Some(fewer.join(&b'\n')));
                if fails_alike(base, &smaller, signature) {
                    lines = fewer;
                    case = smaller;
                } else {
                    at += run;
                }
            }
            run /= 2;
        }
    }
    case
}

/// What a failure report shows of a file: its text, cut when long.
fn show(bytes: &Option<Vec<u8>>) -> String {
    match bytes {
        None => "(removed)".into(),
        Some(bytes) => {
            let text = String::from_utf8_lossy(bytes);
            let cut: String = text.chars().take(3000).collect();
            if cut.len() < text.len() {
                format!("{cut}\n[... {} bytes in all]", bytes.len())
            } else {
                cut
            }
        }
    }
}

#[allow(clippy::print_stderr)]
fn report(base: &SiteTest, case: &Case, failure: &Failure) -> String {
    eprintln!("seed {}: {}; shrinking", case.seed, failure.signature);
    let small = shrink(base, case.clone(), &failure.signature);
    let (failure, run, kept) = *try_case(base, &small).expect_err("the shrunk case passes");
    let files: String = small
        .files
        .iter()
        .map(|(path, bytes)| format!("--- {path}\n{}\n", show(bytes)))
        .collect();
    format!(
        "seed {seed} ({kind} case) fails: {sig}\n{detail}\n\nthe changes made: {story}\n\nthe shrunk case's files:\n{files}\n\
         exit status {code:?}; stdout:\n{out}\nstderr:\n{err}\n\nits site is kept in {kept}\n\
         replay with FUZZ_SEED={seed} cargo test --test fuzz",
        seed = case.seed,
        kind = if case.sane { "sane" } else { "wild" },
        sig = failure.signature,
        detail = failure.detail,
        story = case.story.join("; "),
        code = run.code,
        out = run.stdout,
        err = run.stderr.chars().take(6000).collect::<String>(),
        kept = kept.display(),
    )
}

#[test]
#[allow(clippy::print_stderr)]
fn generated_guides_build_or_are_told_where_they_are_wrong() {
    let base = base();
    let seeds: Box<dyn Iterator<Item = u64>> = match env_number("FUZZ_SEED") {
        Some(seed) => Box::new(std::iter::once(seed)),
        None => Box::new(env_number("FUZZ_START").unwrap_or(0)..),
    };
    let budget = Duration::from_secs(env_number("FUZZ_SECONDS").unwrap_or(15));
    // Goes on after a failure, reporting each kind of failure once, at the end.
    let keep_going = std::env::var_os("FUZZ_KEEP_GOING").is_some();
    let start = Instant::now();
    let (mut cases, mut built, mut sane) = (0, 0, 0);
    let mut known = vec![0; KNOWN.len()];
    // Each kind of failure: how often it came, and the report of its first case.
    let mut failures: BTreeMap<String, (usize, String)> = BTreeMap::new();
    let mut last_note = Instant::now();
    for seed in seeds {
        let case = case::generate(seed, &base.root);
        match try_case(&base, &case) {
            Ok(outcome) => {
                built += usize::from(outcome == Outcome::Built);
                sane += usize::from(case.sane);
                if let Outcome::Known(entry) = outcome {
                    known[entry] += 1;
                }
            }
            Err(failed) => {
                let (failure, _, kept) = *failed;
                let _ = fs::remove_dir_all(kept);
                match failures.get_mut(&failure.signature) {
                    Some((count, _)) => *count += 1,
                    None => {
                        let report = report(&base, &case, &failure);
                        failures.insert(failure.signature.clone(), (1, report));
                    }
                }
                if !keep_going {
                    break;
                }
            }
        }
        cases += 1;
        if last_note.elapsed() > Duration::from_secs(60) {
            eprintln!(
                "{cases} cases in {:.0} s, {built} built, {} kinds of failure",
                start.elapsed().as_secs_f64(),
                failures.len()
            );
            last_note = Instant::now();
        }
        if start.elapsed() > budget && cases >= 10 {
            break;
        }
    }
    eprintln!(
        "{cases} cases ({sane} sane) in {:.1} s: {built} built, {} refused",
        start.elapsed().as_secs_f64(),
        cases - built
    );
    for ((_, why), n) in KNOWN.iter().zip(&known).filter(|(_, n)| **n > 0) {
        eprintln!("{n} cases met a known defect: {why}");
    }
    let reports: Vec<String> = failures
        .iter()
        .map(|(sig, (n, report))| format!("{n} x {sig}\n{report}"))
        .collect();
    assert!(reports.is_empty(), "{}", reports.join("\n\n==========\n\n"));
    // The cases must reach both ends, or the properties are tested on one side only.
    assert!(
        cases < 20 || (built > 0 && built < cases),
        "{built} of {cases} cases built"
    );
}
