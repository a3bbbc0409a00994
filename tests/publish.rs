//! Publishing from CI: diagnostics as GitHub Actions workflow commands, and the workflows
//! `guide init` writes, run step by step.

mod common;

use common::SiteTest;

#[test]
fn in_github_actions_diagnostics_are_also_workflow_commands() {
    let site = SiteTest::from_fixture("basic");
    site.append(
        "content/intro.md",
        "\n\nSee {{ role_card(role=\"social-worker\") }} here.\n",
    );
    let workspace = site.root.parent().unwrap().to_str().unwrap().to_string();
    let actions = [
        ("GITHUB_ACTIONS", "true"),
        ("GITHUB_REPOSITORY", "octo/handbook"),
        ("GITHUB_WORKSPACE", workspace.as_str()),
    ];
    // From the checkout, with the site in a sub-folder, as a workflow runs it.
    let out = common::guide_command(site.root.parent().unwrap())
        .args(["build", "--root", "site"])
        .envs(actions)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        stdout,
        "::error file=site/content/intro.md,line=35,col=5::`role_card` must stand alone in \
         its paragraph%0Ahelp: put a blank line before and after the shortcode\n"
    );
    // The terminal report is unchanged.
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.starts_with("content/intro.md:35:5: error:"),
        "{stderr}"
    );

    // Outside GitHub Actions nothing extra is printed.
    let out = site.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());

    // An absolute --root is named relative to the workspace too.
    let root = site.root.to_str().unwrap();
    let out = site.run_with_env(&["build", "--root", root], &actions);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.starts_with("::error file=site/content/intro.md,line=35,col=5::"),
        "{stdout}"
    );
}

#[test]
fn in_github_actions_warnings_are_workflow_commands_and_the_build_succeeds() {
    let site = SiteTest::from_fixture("basic");
    let out = site.run_with_env(
        &["build"],
        &[("GITHUB_ACTIONS", "true"), ("GUIDE_TODAY", "2027-01-16")],
    );
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.starts_with(
            "::warning file=content/intro.md,line=6::the facts here were last reviewed on \
             2026-01-15, over a year ago"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("\n::warning file=content/roles/case-manager.yaml,line=3::"),
        "{stdout}"
    );
    // The summary line follows the commands.
    assert!(
        stdout.lines().last().unwrap().starts_with("built "),
        "{stdout}"
    );
}

/// `guide init` + `git push` is the whole procedure: the `run:` steps of the workflow init
/// writes run here in the clean folder init made, with local stand-ins for the downloads.
/// On Linux, the system both hosts' runners use (with GNU tar and sha256sum).
#[cfg(target_os = "linux")]
mod workflows {
    use std::collections::BTreeMap;
    use std::path::{Path, PathBuf};
    use std::process::Command;

    use serde_yaml::Value;

    use super::common::SiteTest;

    const VERSION: &str = env!("CARGO_PKG_VERSION");
    const PACKAGE: &str = env!("CARGO_PKG_NAME");

    /// A folder of stand-ins for `cargo` and `curl`, which reach the network. `cargo
    /// binstall` and `cargo install` put the guide under test where asked, after checking
    /// the version; `curl -fsSLO URL` copies `releases/<part of URL after download/>`.
    struct StandIns {
        _dir: tempfile::TempDir,
        bin: PathBuf,
        releases: PathBuf,
        home: PathBuf,
    }

    impl StandIns {
        fn new() -> Self {
            let dir = tempfile::tempdir().unwrap();
            let bin = dir.path().join("bin");
            let releases = dir.path().join("releases");
            let home = dir.path().join("home");
            for d in [&bin, &releases, &home] {
                std::fs::create_dir_all(d).unwrap();
            }
            let cargo = format!(
                r#"#!/bin/sh
set -eu
echo "cargo $*" >> "{log}"
root=""; want=""
case "$1" in binstall|install) ;; *) echo "unexpected: cargo $*" >&2; exit 2 ;; esac
shift
while [ $# -gt 0 ]; do
  case "$1" in
    --root) root="$2"; shift ;;
    --version) want="$2"; shift ;;
    --disable-strategies) shift ;;
    --*) ;;
    {PACKAGE}@*) want="${{1#{PACKAGE}@}}" ;;
    {PACKAGE}) ;;
    *) echo "unexpected package: $1" >&2; exit 4 ;;
  esac
  shift
done
[ "$want" = "{VERSION}" ] || {{ echo "wrong version: $want" >&2; exit 3; }}
mkdir -p "$root/bin" && cp "{guide}" "$root/bin/guide"
"#,
                log = dir.path().join("cargo.log").display(),
                guide = env!("CARGO_BIN_EXE_guide"),
            );
            let curl = format!(
                r#"#!/bin/sh
set -eu
for url; do :; done
file="{releases}/${{url#*/releases/download/}}"
[ -f "$file" ] || {{ echo "curl: (22) 404 $url" >&2; exit 22; }}
cp "$file" .
"#,
                releases = releases.display()
            );
            write_script(&bin.join("cargo"), &cargo);
            write_script(&bin.join("curl"), &curl);
            StandIns {
                bin,
                releases,
                home,
                _dir: dir,
            }
        }

        fn cargo_log(&self) -> String {
            std::fs::read_to_string(self._dir.path().join("cargo.log")).unwrap_or_default()
        }

        /// A shell in `dir` with the stand-ins first on the PATH, a HOME of its own and
        /// none of the variables of a CI run the tests may be part of.
        fn shell(&self, dir: &Path, path: &[PathBuf], env: &BTreeMap<String, String>) -> Command {
            let mut dirs = path.to_vec();
            dirs.push(self.bin.clone());
            dirs.extend(std::env::split_paths(&std::env::var_os("PATH").unwrap()));
            let mut cmd = Command::new("bash");
            cmd.current_dir(dir)
                .env_clear()
                .env("PATH", std::env::join_paths(dirs).unwrap())
                .env("HOME", &self.home)
                .envs(env);
            cmd
        }
    }

    fn write_script(path: &Path, text: &str) {
        use std::os::unix::fs::PermissionsExt;
        std::fs::write(path, text).unwrap();
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }

    #[track_caller]
    fn run(mut cmd: Command, what: &str) {
        let out = cmd.output().unwrap();
        assert!(
            out.status.success(),
            "{what} failed:\n{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// The built site is in `public/`, made for the URL the host reported.
    #[track_caller]
    fn published(site: &SiteTest, url: &str) {
        let home = site.read("public/index.html");
        assert!(
            home.contains(&format!(r#"<link rel="canonical" href="{url}">"#)),
            "{home}"
        );
        assert!(site.path("public/getting-started/index.html").is_file());
    }

    /// Runs the build job's `run:` steps as GitHub does (bash, -e, pipefail), with the
    /// expressions they use filled in and $GITHUB_PATH honoured. `cache_hit` skips the
    /// steps that run only on a cache miss.
    fn run_github_steps(site: &SiteTest, stand_ins: &StandIns, cache_hit: bool) {
        let workflow: Value =
            serde_yaml::from_str(&site.read(".github/workflows/pages.yml")).unwrap();
        let mut env: BTreeMap<String, String> =
            serde_yaml::from_value(workflow["env"].clone()).unwrap();
        let github_path = site.root.parent().unwrap().join("github_path");
        std::fs::write(&github_path, "").unwrap();
        env.insert("GITHUB_ACTIONS".into(), "true".into());
        env.insert("GITHUB_WORKSPACE".into(), site.root.display().to_string());
        env.insert("GITHUB_PATH".into(), github_path.display().to_string());

        let steps = workflow["jobs"]["build"]["steps"].as_sequence().unwrap();
        let mut ran = 0;
        for step in steps {
            let Some(script) = step["run"].as_str() else {
                continue;
            };
            if let Some(condition) = step["if"].as_str() {
                assert_eq!(condition, "steps.cache.outputs.cache-hit != 'true'");
                if cache_hit {
                    continue;
                }
            }
            let script = script.replace(
                "${{ steps.pages.outputs.base_url }}",
                "https://octo.github.io/handbook",
            );
            assert!(!script.contains("${{"), "an expression is left in {script}");
            let path: Vec<PathBuf> = std::fs::read_to_string(&github_path)
                .unwrap()
                .lines()
                .rev()
                .map(PathBuf::from)
                .collect();
            let mut cmd = stand_ins.shell(&site.root, &path, &env);
            cmd.args(["--noprofile", "--norc", "-eo", "pipefail", "-c", &script]);
            run(cmd, &script);
            ran += 1;
        }
        assert!(ran >= 2, "only {ran} steps ran");
    }

    #[test]
    fn the_github_pages_workflow_installs_builds_and_uploads() {
        let site = SiteTest::init(&[]);
        let stand_ins = StandIns::new();
        run_github_steps(&site, &stand_ins, false);
        assert_eq!(
            stand_ins.cargo_log(),
            format!(
                "cargo binstall --no-confirm --locked --disable-strategies quick-install --root {}/.guide {PACKAGE}@{VERSION}\n",
                stand_ins.home.display()
            )
        );
        // The upload step sends the folder the build wrote.
        let workflow: Value =
            serde_yaml::from_str(&site.read(".github/workflows/pages.yml")).unwrap();
        let upload = workflow["jobs"]["build"]["steps"]
            .as_sequence()
            .unwrap()
            .iter()
            .find(|s| {
                s["uses"]
                    .as_str()
                    .is_some_and(|u| u.starts_with("actions/upload-pages-artifact@"))
            })
            .unwrap();
        assert_eq!(upload["with"]["path"].as_str(), Some("public"));
        published(&site, "https://octo.github.io/handbook/");

        // The next run finds guide in the cache (~/.guide) and installs nothing.
        std::fs::remove_dir_all(site.path("public")).unwrap();
        run_github_steps(&site, &stand_ins, true);
        assert_eq!(stand_ins.cargo_log().lines().count(), 1);
        published(&site, "https://octo.github.io/handbook/");
    }

    /// Runs the `pages` job's script lines as GitLab does (sh, stopping at a failure).
    fn run_gitlab_script(site: &SiteTest, stand_ins: &StandIns) -> Value {
        let ci: Value = serde_yaml::from_str(&site.read(".gitlab-ci.yml")).unwrap();
        let job = &ci["pages"];
        let mut env: BTreeMap<String, String> =
            serde_yaml::from_value(job["variables"].clone()).unwrap();
        env.insert(
            "CI_PAGES_URL".into(),
            "https://octo.gitlab.io/handbook".into(),
        );
        for line in job["script"].as_sequence().unwrap() {
            let line = line.as_str().unwrap();
            let mut cmd = stand_ins.shell(&site.root, &[], &env);
            cmd.args(["-e", "-c", line]);
            run(cmd, line);
        }
        job.clone()
    }

    #[test]
    fn the_gitlab_pages_job_installs_the_release_archive_or_builds_from_source() {
        // The release archive, as release.yml makes it, with its SHA-256 sum.
        let site = SiteTest::init(&["--host", "gitlab"]);
        assert!(!site.path(".github").exists());
        let stand_ins = StandIns::new();
        let machine = Command::new("uname").arg("-m").output().unwrap();
        let archive = format!(
            "guide-{}-unknown-linux-musl.tar.gz",
            String::from_utf8(machine.stdout).unwrap().trim()
        );
        let release = stand_ins.releases.join(format!("v{VERSION}"));
        std::fs::create_dir_all(&release).unwrap();
        let bin = Path::new(env!("CARGO_BIN_EXE_guide"));
        let mut tar = Command::new("tar");
        tar.arg("-czf")
            .arg(release.join(&archive))
            .arg("-C")
            .arg(bin.parent().unwrap())
            .arg("guide");
        run(tar, "tar");
        let mut sum = Command::new("sh");
        sum.current_dir(&release)
            .args(["-c", &format!("sha256sum {archive} > {archive}.sha256")]);
        run(sum, "sha256sum");

        let job = run_gitlab_script(&site, &stand_ins);
        assert_eq!(stand_ins.cargo_log(), "", "the archive was used");
        assert_eq!(job["artifacts"]["paths"][0].as_str(), Some("public"));
        published(&site, "https://octo.gitlab.io/handbook/");
        let cached = job["cache"]["paths"][0].as_str().unwrap();
        assert!(site.path(cached).join("bin/guide").is_file());

        // Without a release archive (or with a damaged one), this version is built from source.
        let site = SiteTest::init(&["--host", "gitlab"]);
        std::fs::write(release.join(&archive), "not the archive").unwrap();
        run_gitlab_script(&site, &stand_ins);
        assert_eq!(
            stand_ins.cargo_log(),
            format!("cargo install --locked --root .guide {PACKAGE} --version {VERSION}\n")
        );
        published(&site, "https://octo.gitlab.io/handbook/");
    }
}
