//! Where a build's outputs go as they are rendered. A one-shot build writes each into the
//! staging folder and keeps only what the checks need of it; a session keeps each whole,
//! to serve it, compare it with the next build's and check again only what changed.

use std::sync::OnceLock;

use crate::check;
use crate::diagnostics::Diagnostic;
use crate::output::{Assembly, Body, Output};
use crate::render::{Emit, Sink};
use crate::write::Staging;

/// What a one-shot build does with each output as it is rendered: writes it into the
/// staging folder (when the build writes) and scans it for the checks.
pub(super) struct StagingSink<'a> {
    pub(super) staging: Option<&'a Staging>,
    /// The first write error, which is the one told; nothing more is written after it.
    pub(super) write_error: OnceLock<Diagnostic>,
    /// Written before each output's path: a translation's site is published under its
    /// language's folder (`es/`).
    pub(super) prefix: &'a str,
}

impl StagingSink<'_> {
    fn write(&self, write: impl FnOnce(&Staging) -> Result<(), Diagnostic>) {
        if let Some(staging) = self.staging
            && self.write_error.get().is_none()
            && let Err(d) = write(staging)
        {
            let _ = self.write_error.set(d);
        }
    }
}

impl Sink for StagingSink<'_> {
    type Receipt = Option<check::Scanned>;
    const KEEPS_WHOLE: bool = false;

    fn take(&self, output: Output) -> (Output, Self::Receipt) {
        self.write(|staging| match self.prefix {
            "" => staging.put(&output),
            prefix => staging.put(&Output {
                path: format!("{prefix}{}", output.path),
                ..output.clone()
            }),
        });
        let scanned = output.path.ends_with(".html").then(|| check::scan(&output));
        let output = Output {
            body: Body::default(),
            ..output
        };
        (output, scanned)
    }

    fn take_parts(
        &self,
        output: Output,
        fill: &mut dyn FnMut(&mut Emit<'_>),
    ) -> (Output, Self::Receipt) {
        let mut scanner = check::Scanner::new(&output);
        let mut file = None;
        self.write(|staging| {
            file = Some(staging.create(&format!("{}{}", self.prefix, output.path))?);
            Ok(())
        });
        let mut failed = None;
        fill(&mut |part, kind| {
            if let Some(f) = file.as_mut()
                && failed.is_none()
                && let Err(d) = f.write(&part)
            {
                failed = Some(d);
            }
            scanner.add(&part, &kind);
        });
        if let Some(file) = file {
            self.write(|_| match failed {
                Some(d) => Err(d),
                None => file.finish(),
            });
        }
        (output, Some(scanner.finish()))
    }
}

/// What a session does with each output: keeps it whole.
pub(super) struct KeepWhole;

impl Sink for KeepWhole {
    type Receipt = ();
    const KEEPS_WHOLE: bool = true;

    fn take(&self, output: Output) -> (Output, ()) {
        (output, ())
    }

    fn take_parts(&self, output: Output, fill: &mut dyn FnMut(&mut Emit<'_>)) -> (Output, ()) {
        let mut assembly = Assembly::default();
        fill(&mut |part, kind| assembly.push(part, kind));
        let (body, sidebar) = assembly.finish(output.sidebar.clone());
        let output = Output {
            body,
            sidebar,
            ..output
        };
        (output, ())
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::html::Written;
    use crate::output::{PartKind, SidebarParts};
    use bytes::Bytes;

    #[test]
    fn a_one_shot_build_tells_the_first_write_error_and_writes_nothing_after_it() {
        let dir = tempfile::tempdir().unwrap();
        let staging = Staging::new(&dir.path().join("public")).unwrap();
        // Something takes the staging folder's place: no file can be written in it.
        let staged = dir.path().join(".public.staging");
        std::fs::remove_dir(&staged).unwrap();
        std::fs::write(&staged, "in the way").unwrap();
        let sink = StagingSink {
            staging: Some(&staging),
            write_error: OnceLock::new(),
            prefix: "",
        };
        let page = |path: &str| Output {
            path: path.into(),
            body: Body::from(format!("<p id=\"{path}\">text</p>")),
            source: PathBuf::from("content/a.md"),
            template: None,
            sidebar: None,
        };
        // Each page is still scanned for the checks.
        assert!(sink.take(page("a/index.html")).1.is_some());
        // Out of the way again, the folder could be written to; the build is failing
        // already, so nothing more is.
        std::fs::remove_file(&staged).unwrap();
        assert!(sink.take(page("b/index.html")).1.is_some());
        assert!(!staged.exists());
        let told = sink.write_error.into_inner().expect("the write failed");
        assert!(
            told.path.ends_with(".public.staging/a"),
            "{}",
            told.path.display()
        );
    }

    #[test]
    fn a_session_keeps_an_output_given_in_parts_whole_with_its_sidebar() {
        let output = Output {
            path: "print/index.html".into(),
            body: Body::default(),
            source: PathBuf::from("content"),
            template: Some("print.html".into()),
            sidebar: Some(SidebarParts {
                range: 0..0,
                has_ids: true,
            }),
        };
        let (kept, ()) = KeepWhole.take_parts(output, &mut |emit| {
            for (part, kind) in [
                ("<p>", PartKind::Other),
                ("<nav>", PartKind::Sidebar),
                ("</nav>", PartKind::Sidebar),
                (
                    "x",
                    PartKind::Written(std::sync::Arc::new(Written::default())),
                ),
            ] {
                emit(Bytes::from_static(part.as_bytes()), kind);
            }
        });
        assert_eq!(kept.body.parts().concat(), b"<p><nav></nav>x");
        let sidebar = kept.sidebar.unwrap();
        assert_eq!((sidebar.range, sidebar.has_ids), (1..3, true));
        assert!(kept.body.written(3).is_some() && kept.body.written(0).is_none());
    }
}
