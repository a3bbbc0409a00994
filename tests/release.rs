//! The release archives are where `cargo binstall` and the workflows `guide init` writes
//! look for them: the names release.yml gives them agree with `[package.metadata.binstall]`
//! in Cargo.toml, and the workflows install the release of the version that wrote them.

use std::path::Path;

use serde_yaml::Value;

fn repo_file(rel: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).unwrap()
}

/// Fills in binstall's `{ name }`-style placeholders.
fn expand(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (key, value) in values {
        out = out.replace(&format!("{{ {key} }}"), value);
    }
    assert!(!out.contains('{'), "a placeholder is left in {out}");
    out
}

/// binstall's settings for `target`: the package's, with the target's overrides applied.
fn binstall_setting(binstall: &toml::Value, target: &str, key: &str) -> String {
    let value = binstall
        .get("overrides")
        .and_then(|o| o.get(target))
        .and_then(|o| o.get(key))
        .or_else(|| binstall.get(key))
        .unwrap_or_else(|| panic!("no {key} for {target}"));
    value.as_str().unwrap().to_string()
}

#[test]
fn release_archives_are_named_as_cargo_binstall_expects() {
    let manifest: toml::Value = toml::from_str(&repo_file("Cargo.toml")).unwrap();
    let package = &manifest["package"];
    let repository = package["repository"].as_str().unwrap();
    let version = package["version"].as_str().unwrap();
    let binstall = &package["metadata"]["binstall"];

    let release: Value = serde_yaml::from_str(&repo_file(".github/workflows/release.yml")).unwrap();
    let build = &release["jobs"]["build"];
    let archive = build["env"]["ARCHIVE"].as_str().unwrap();
    let bin = build["env"]["BIN"].as_str().unwrap();
    let matrix = build["strategy"]["matrix"]["include"]
        .as_sequence()
        .unwrap();
    let mut targets = Vec::new();
    for entry in matrix {
        let field = |key: &str| entry[key].as_str().unwrap().to_string();
        let target = field("target");
        let fill = |template: &str| {
            ["target", "bin", "archive", "os"]
                .iter()
                .fold(template.to_string(), |t, key| {
                    t.replace(&format!("${{{{ matrix.{key} }}}}"), &field(key))
                })
        };
        let exe = if target.contains("windows") {
            ".exe"
        } else {
            ""
        };
        let values = [
            ("repo", repository),
            ("version", version),
            ("name", package["name"].as_str().unwrap()),
            ("target", target.as_str()),
            ("bin", "guide"),
            ("binary-ext", exe),
        ];

        // The URL binstall asks for is the release of tag v<version> (the tag release.yml
        // checks), and the file is the archive release.yml attaches.
        let url = expand(&binstall_setting(binstall, &target, "pkg-url"), &values);
        let release_dir = format!("{repository}/releases/download/v{version}/");
        assert_eq!(
            url.strip_prefix(&release_dir),
            Some(fill(archive).as_str()),
            "{target}"
        );
        // The archive's format, and the binary at its top level.
        let format = binstall_setting(binstall, &target, "pkg-fmt");
        let suffix = match format.as_str() {
            "tgz" => ".tar.gz",
            "zip" => ".zip",
            other => panic!("{target}: unexpected pkg-fmt {other}"),
        };
        assert!(url.ends_with(suffix), "{target}: {url} is not {format}");
        let bin_dir = expand(&binstall_setting(binstall, &target, "bin-dir"), &values);
        assert_eq!(fill(bin), bin_dir, "{target}");
        targets.push(target);
    }
    targets.sort();
    assert_eq!(
        targets,
        [
            "aarch64-apple-darwin",
            "aarch64-unknown-linux-musl",
            "x86_64-apple-darwin",
            "x86_64-pc-windows-msvc",
            "x86_64-unknown-linux-musl",
        ]
    );
}

#[test]
fn the_gitlab_job_downloads_a_linux_archive_of_the_release() {
    let gitlab = guide::init::Host::GitLab.workflow().1;
    let manifest: toml::Value = toml::from_str(&repo_file("Cargo.toml")).unwrap();
    let repository = manifest["package"]["repository"].as_str().unwrap();
    assert!(gitlab.contains(&format!(
        "GUIDE_RELEASES: \"{repository}/releases/download\""
    )));
    assert!(gitlab.contains(r#""$GUIDE_RELEASES/v$GUIDE_VERSION/$archive""#));
    // `uname -m` is x86_64 or aarch64 on GitLab's Linux runners: both are released.
    let release = repo_file(".github/workflows/release.yml");
    assert!(gitlab.contains(r#"archive="guide-$(uname -m)-unknown-linux-musl.tar.gz""#));
    for machine in ["x86_64", "aarch64"] {
        assert!(release.contains(&format!("target: {machine}-unknown-linux-musl")));
    }
    // The sums release.yml writes are the ones the job checks.
    assert!(release.contains(r#"> "$ARCHIVE.sha256""#));
    assert!(gitlab.contains(r#"sha256sum -c "$archive.sha256""#));
}

/// The packaging step of release.yml, run here on a stand-in binary: the archive holds the
/// binary at its top level (binstall's `bin-dir`) and its sum file checks. On Linux, as for
/// the Linux archives.
#[cfg(target_os = "linux")]
#[test]
fn the_packaging_step_writes_the_archive_and_its_sum() {
    let release: Value = serde_yaml::from_str(&repo_file(".github/workflows/release.yml")).unwrap();
    let build = &release["jobs"]["build"];
    let script = build["steps"]
        .as_sequence()
        .unwrap()
        .iter()
        .filter_map(|s| s["run"].as_str())
        .find(|r| r.contains("$ARCHIVE.sha256"))
        .expect("a step archives the binary");
    let dir = tempfile::tempdir().unwrap();
    let target = "x86_64-unknown-linux-musl";
    let bin_dir = dir.path().join(format!("target/{target}/release"));
    std::fs::create_dir_all(&bin_dir).unwrap();
    std::fs::write(bin_dir.join("guide"), "a stand-in for the binary").unwrap();
    let archive = format!("guide-{target}.tar.gz");
    let run = |program: &str, args: &[&str], cwd: &Path| {
        let out = std::process::Command::new(program)
            .args(args)
            .current_dir(cwd)
            .env("TARGET", target)
            .env("BIN", "guide")
            .env("ARCHIVE", &archive)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{program} {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    run("bash", &["-eo", "pipefail", "-c", script], dir.path());
    let dist = dir.path().join("dist");
    assert_eq!(run("tar", &["-tzf", &archive], &dist), "guide\n");
    run("sha256sum", &["-c", &format!("{archive}.sha256")], &dist);
}
