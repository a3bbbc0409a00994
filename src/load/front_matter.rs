//! Splits a chapter into its YAML front matter and its Markdown body.

/// A chapter's two parts, with where each starts in the file.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Split<'a> {
    pub yaml: &'a str,
    /// 1-based line of the file on which the YAML starts.
    pub yaml_line: usize,
    pub body: &'a str,
    /// Byte offset of the body in the file.
    pub body_offset: usize,
}

/// Why a chapter could not be split: a message, the 1-based line, and a hint.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct SplitError {
    pub message: &'static str,
    pub line: usize,
    pub help: &'static str,
}

fn is_fence(line: &str) -> bool {
    line.trim_end() == "---"
}

/// Front matter is the YAML between a first line `---` and the next line `---`.
pub(crate) fn split(source: &str) -> Result<Split<'_>, SplitError> {
    if source.trim().is_empty() {
        return Err(SplitError {
            message: "the file is empty",
            line: 0,
            help: "a chapter starts with front matter: ---, then `title: ...`, then ---",
        });
    }
    let first_end = source.find('\n').map_or(source.len(), |i| i + 1);
    if !is_fence(&source[..first_end]) {
        return Err(SplitError {
            message: "the chapter has no front matter",
            line: 1,
            help: "start the file with a line ---, then `title: ...`, then a line ---",
        });
    }
    let mut offset = first_end;
    while offset < source.len() {
        let end = source[offset..]
            .find('\n')
            .map_or(source.len(), |i| offset + i + 1);
        if is_fence(&source[offset..end]) {
            return Ok(Split {
                yaml: &source[first_end..offset],
                yaml_line: 2,
                body: &source[end..],
                body_offset: end,
            });
        }
        offset = end;
    }
    Err(SplitError {
        message: "the front matter opened here is never closed",
        line: 1,
        help: "add a line --- after the last front matter field",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_yaml_shortcut_gives_a_page_what_serde_yaml_gives() {
        use crate::yaml::{near_simple_documents, parse, parse_in_full};
        let path = std::path::Path::new("page.md");
        let mut typed = 0;
        for doc in near_simple_documents() {
            let fast = parse::<crate::load::PageMeta>(&doc, path, &doc, 1);
            let slow = parse_in_full::<crate::load::PageMeta>(&doc, path, &doc, 1);
            assert_eq!(format!("{fast:?}"), format!("{slow:?}"), "{doc:?}");
            typed += usize::from(slow.is_ok());
        }
        // The documents must make a page's values often, not only fail.
        assert!(typed > 800, "typed {typed}");
    }

    #[test]
    fn splits_yaml_and_body() {
        let s = split("---\ntitle: A\n---\n# Body\n").unwrap();
        assert_eq!(s.yaml, "title: A\n");
        assert_eq!(s.yaml_line, 2);
        assert_eq!(s.body, "# Body\n");
        assert_eq!(s.body_offset, 17);
    }

    #[test]
    fn empty_front_matter_and_no_body() {
        let s = split("---\n---").unwrap();
        assert_eq!((s.yaml, s.body), ("", ""));
    }

    #[test]
    fn errors() {
        assert_eq!(split("").unwrap_err().message, "the file is empty");
        assert_eq!(split("# Hi\n").unwrap_err().line, 1);
        let e = split("---\ntitle: A\nbody\n").unwrap_err();
        assert_eq!(e.message, "the front matter opened here is never closed");
    }
}
