//! `guide init [DIR]`: a new guide that builds as it is and publishes itself on GitHub
//! Pages (or GitLab Pages). Never overwrites: when any file it would write exists, it writes
//! nothing.

use std::path::{Path, PathBuf};

use crate::config::CONFIG_FILE;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::{embedded, fsx, new};

/// The starter site, as (path in the site, text); `__TITLE__` becomes the guide's title.
/// The publishing workflow comes from [`Host::workflow`].
const STARTER: &[(&str, &str)] = &[
    (".gitignore", include_str!("starter/gitignore")),
    ("content/_index.md", include_str!("starter/_index.md")),
    (
        "content/getting-started.md",
        include_str!("starter/getting-started.md"),
    ),
    (
        "content/code-and-math.md",
        include_str!("starter/code-and-math.md"),
    ),
    (
        "content/glossary.yaml",
        include_str!("starter/glossary.yaml"),
    ),
    ("content/sources.yaml", include_str!("starter/sources.yaml")),
    (
        "content/example-figure.svg",
        include_str!("starter/example-figure.svg"),
    ),
    (CONFIG_FILE, include_str!("starter/guide.yaml")),
];

/// The example role of the starter site and the source it cites.
const EXAMPLE_ROLE: &str = "content/roles/example-role.yaml";
const EXAMPLE_SOURCE: &str = "example-source";

/// Where the built-in theme is copied by `--eject-theme`.
const EJECTED_THEME: &str = "themes/default";

/// Where the guide is published: each host has its own workflow file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Host {
    #[default]
    GitHub,
    GitLab,
}

impl Host {
    /// The workflow's path in the site and its text, which installs the very version of
    /// guide that wrote it, from the repository named in Cargo.toml.
    pub fn workflow(self) -> (&'static str, String) {
        let (path, text) = match self {
            Host::GitHub => (
                ".github/workflows/pages.yml",
                include_str!("starter/pages.yml"),
            ),
            Host::GitLab => (".gitlab-ci.yml", include_str!("starter/gitlab-ci.yml")),
        };
        let text = text
            .replace("__GUIDE_PACKAGE__", env!("CARGO_PKG_NAME"))
            .replace("__GUIDE_VERSION__", env!("CARGO_PKG_VERSION"))
            .replace("__GUIDE_REPOSITORY__", env!("CARGO_PKG_REPOSITORY"));
        (path, text)
    }
}

#[derive(Debug, Clone, Default)]
pub struct InitOptions {
    /// The folder of the new guide (created if missing).
    pub dir: PathBuf,
    /// Replace files that exist.
    pub force: bool,
    /// Also copy the built-in theme into `themes/default/`. In a folder that already holds
    /// a guide, only the theme is copied.
    pub eject_theme: bool,
    /// Where the guide will be published.
    pub host: Host,
}

/// Writes the starter site (and the theme, if asked). Returns the files written, relative
/// to the folder; on refusal, one error for each file that exists.
pub fn init(options: &InitOptions) -> Result<Vec<String>, Diagnostics> {
    let dir = &options.dir;
    let theme_only = options.eject_theme && dir.join(CONFIG_FILE).is_file();
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    if !theme_only {
        files.extend(starter(&guide_title(dir), options.host));
    }
    if options.eject_theme {
        files.extend(
            embedded::files()
                .map(|(rel, bytes)| (format!("{EJECTED_THEME}/{rel}"), bytes.to_vec())),
        );
    }

    let existing: Vec<&str> = files
        .iter()
        .map(|(rel, _)| rel.as_str())
        .filter(|rel| dir.join(rel).exists())
        .collect();
    if !existing.is_empty() && !options.force {
        let count = existing.len();
        return Err(existing
            .iter()
            .enumerate()
            .map(|(i, rel)| {
                let d = Diagnostic::error(dir.join(rel), "already exists");
                if i + 1 == count {
                    d.with_help("nothing was written; pass --force to replace these files")
                } else {
                    d
                }
            })
            .collect());
    }

    // What this run made, to take away again if a later file cannot be written: a failed
    // init leaves the folder as it found it (but for files --force already replaced).
    let mut made: Vec<PathBuf> = Vec::new();
    for (rel, bytes) in &files {
        let path = dir.join(rel);
        let new_folders = path.ancestors().skip(1).take_while(|a| !a.exists());
        let new_folders: Vec<PathBuf> = new_folders.map(Path::to_path_buf).collect();
        let existed = path.exists();
        if let Err(d) = fsx::write(&path, bytes) {
            for path in made.iter().rev() {
                let _ = std::fs::remove_file(path).or_else(|_| std::fs::remove_dir(path));
            }
            let d = d.with_help("nothing this run made was left behind");
            return Err(Diagnostics::from_iter([d]));
        }
        made.extend(new_folders.into_iter().rev());
        if !existed {
            made.push(path);
        }
    }
    Ok(files.into_iter().map(|(rel, _)| rel).collect())
}

/// The starter files, in a stable order.
fn starter(title: &str, host: Host) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = STARTER
        .iter()
        .map(|(rel, text)| {
            let text = text.replace("__TITLE__", &new::yaml_string(title));
            (rel.to_string(), text.into_bytes())
        })
        .collect();
    let (workflow, text) = host.workflow();
    files.push((workflow.to_string(), text.into_bytes()));
    let role = new::role_file("Example role", EXAMPLE_SOURCE, &new::today());
    files.push((EXAMPLE_ROLE.to_string(), role.into_bytes()));
    files.sort();
    files
}

/// The guide's title: its folder's name, made readable.
fn guide_title(dir: &Path) -> String {
    let absolute = crate::write::absolute(dir);
    let name = absolute.file_name().and_then(|n| n.to_str()).unwrap_or("");
    match new::title_from_name(name) {
        title if title.is_empty() => "My guide".to_string(),
        title => title,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_come_from_the_folder_name() {
        assert_eq!(
            guide_title(Path::new("/x/nursing-careers")),
            "Nursing careers"
        );
        assert_eq!(guide_title(Path::new("/")), "My guide");
    }

    #[test]
    fn the_starter_cites_its_own_source() {
        let files = starter("A guide", Host::GitHub);
        let sources = files
            .iter()
            .find(|(rel, _)| rel == "content/sources.yaml")
            .unwrap();
        let sources: crate::load::Sources = serde_yaml::from_slice(&sources.1).unwrap();
        assert!(sources.contains_key(EXAMPLE_SOURCE));
        let config = files.iter().find(|(rel, _)| rel == CONFIG_FILE).unwrap();
        assert!(String::from_utf8_lossy(&config.1).contains("title: A guide\n"));
    }

    #[test]
    fn workflows_pin_this_version_and_leave_nothing_to_fill_in() {
        for host in [Host::GitHub, Host::GitLab] {
            let (_, text) = host.workflow();
            assert!(!text.contains("__"), "{host:?}: {text}");
            assert!(
                text.contains(&format!("GUIDE_VERSION: \"{}\"", env!("CARGO_PKG_VERSION"))),
                "{host:?}"
            );
        }
        let (_, gitlab) = Host::GitLab.workflow();
        assert!(gitlab.contains(concat!(env!("CARGO_PKG_REPOSITORY"), "/releases/download")));
    }
}
