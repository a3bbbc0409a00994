//! A cheap look at how deep a YAML document nests, before the YAML library reads it.

/// How deep YAML may nest; the YAML library stops at the same depth, but only after time
/// that grows with the square of the depth (a minute for 100,000 brackets).
pub(super) const MAX_DEPTH: usize = 128;

/// Where (1-based line and column) `yaml` first nests deeper than [`MAX_DEPTH`], counting
/// the two ways of nesting that stay cheap in bytes: flow brackets (`[[[`, `{{{`) and
/// sequence or key indicators opening a line (`- - -`). Nesting by indentation takes a
/// line as long as its depth, so its cost is bounded by the file's size. Quoted text and
/// comments are skipped.
pub(super) fn nested_too_deep(yaml: &str) -> Option<(usize, usize)> {
    let bytes = yaml.as_bytes();
    let (mut flow, mut line, mut line_start) = (0usize, 1usize, 0usize);
    let mut quote: Option<u8> = None;
    let mut i = 0;
    // Indicators counted at the start of the current line, and whether still among them.
    let (mut indicators, mut opening) = (0usize, true);
    while i < bytes.len() {
        let b = bytes[i];
        match quote {
            Some(q) => {
                if b == b'\\' && q == b'"' {
                    i += 1;
                } else if b == q {
                    quote = None;
                }
            }
            None => match b {
                b'\n' => {
                    (line, line_start, indicators, opening) = (line + 1, i + 1, 0, true);
                }
                b' ' | b'\t' | b'\r' => {}
                b'-' | b'?' if opening && bytes.get(i + 1).is_none_or(|n| *n == b' ') => {
                    indicators += 1;
                }
                b'#' if i == line_start || matches!(bytes[i - 1], b' ' | b'\t') => {
                    while i + 1 < bytes.len() && bytes[i + 1] != b'\n' {
                        i += 1;
                    }
                }
                b'"' | b'\'' => {
                    quote = Some(b);
                    opening = false;
                }
                b'[' | b'{' => {
                    flow += 1;
                    opening = false;
                }
                b']' | b'}' => {
                    flow = flow.saturating_sub(1);
                    opening = false;
                }
                _ => opening = false,
            },
        }
        if flow + indicators > MAX_DEPTH {
            return Some((line, yaml[line_start..=i].chars().count()));
        }
        i += 1;
    }
    None
}
