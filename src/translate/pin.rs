//! Source pins: the version of its source page a translation was made from, written in the
//! translation's front matter as `source: 1a2b3c4d.5e6f.7a8b`.
//!
//! A pin is a hash of the whole page (8 hex digits), then one hash per section (4 hex
//! digits each), so that when the source changes the build can name what changed rather than
//! only say that something did. The sections are the opening (the translatable front matter,
//! `title`, `description` and `objectives`, and the text before the first heading), then one
//! per heading of any level, found with pulldown-cmark so that a `#` in a code block is not a
//! heading. Only what a translator translates is hashed: a new `weight:` or `reviewed:` date
//! leaves translations current. Line endings and trailing spaces are not hashed either, so a
//! checkout with CRLF endings pins alike.
//!
//! The hashes come from [`fingerprint::stable`], the same on every platform and release,
//! since pins live in files. Sixteen bits per section are enough to tell which section
//! changed; the page's own 32 bits say whether anything did.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::fingerprint;
use crate::load::front_matter;
use crate::yaml;

/// What a translation's pin says about its source as it is now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PinState {
    /// Made from the source as it is.
    Current,
    /// The source changed since: the sections that changed, were added or were removed, in
    /// the source's order (`the opening`, a heading's text, `a section after …, removed`).
    Stale { changed: Vec<String> },
    /// Not a pin.
    Malformed,
}

/// The name of the first section in [`PinState::Stale`].
pub(crate) const OPENING: &str = "the opening";

/// The front matter keys a translation translates, in the order they are hashed.
pub(crate) const TRANSLATED_KEYS: [&str; 3] = ["title", "description", "objectives"];

/// One section of a source page: its name and the hash of its text.
struct Section {
    name: String,
    hash: u16,
}

/// The pin of a source page, from the whole text of its file.
pub(crate) fn pin(source_file: &str) -> String {
    let (whole, sections) = hashes(source_file);
    let mut out = format!("{whole:08x}");
    for s in &sections {
        out.push_str(&format!(".{:04x}", s.hash));
    }
    out
}

/// Compares `pin` with the source page as it is now (the whole text of its file).
pub(crate) fn check(pin: &str, source_file: &str) -> PinState {
    let Some((whole, old)) = parse(pin.trim()) else {
        return PinState::Malformed;
    };
    let (now_whole, now) = hashes(source_file);
    if whole == now_whole {
        return PinState::Current;
    }
    let mut changed = Vec::new();
    // The opening is always there on both sides, so it pairs with itself.
    if old[0] != now[0].hash {
        changed.push(OPENING.to_string());
    }
    let new_hashes: Vec<u16> = now[1..].iter().map(|s| s.hash).collect();
    let pairs = common_subsequence(&old[1..], &new_hashes);
    // Walk the gaps between sections that kept their hash: each new section in a gap is
    // changed or added; old ones beyond the new ones' number in a gap were removed.
    let (mut i, mut j) = (0, 0);
    for &(pi, pj) in pairs.iter().chain([&(old.len() - 1, now.len() - 1)]) {
        let (gone, came) = (pi - i, pj - j);
        for s in &now[1 + j..1 + pj] {
            changed.push(s.name.clone());
        }
        if gone > came {
            let after = if j + came == 0 {
                OPENING.to_string()
            } else {
                format!("“{}”", now[j + came].name)
            };
            for _ in came..gone {
                changed.push(format!("a section after {after}, removed"));
            }
        }
        (i, j) = (pi + 1, pj + 1);
    }
    if changed.is_empty() {
        // Two section hashes collided; the page's own hash still tells.
        changed.push("the page".to_string());
    }
    PinState::Stale { changed }
}

/// The page's hash and its sections', or `None` for text that is not a pin.
fn parse(pin: &str) -> Option<(u32, Vec<u16>)> {
    let mut groups = pin.split('.');
    let whole = groups.next().filter(|g| is_hex(g, 8))?;
    let whole = u32::from_str_radix(whole, 16).ok()?;
    let sections = groups
        .map(|g| is_hex(g, 4).then(|| u16::from_str_radix(g, 16).ok())?)
        .collect::<Option<Vec<u16>>>()?;
    (!sections.is_empty()).then_some((whole, sections))
}

/// Whether `group` is `len` lower-case hex digits, as [`pin`] writes them.
fn is_hex(group: &str, len: usize) -> bool {
    group.len() == len
        && group
            .bytes()
            .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// The hash of the page and of each of its sections.
fn hashes(source_file: &str) -> (u32, Vec<Section>) {
    let (yaml, body) = match front_matter::split(source_file) {
        Ok(split) => (split.yaml, split.body),
        // A page without front matter is all body; the build reports it.
        Err(_) => ("", source_file),
    };
    let mut texts = vec![(OPENING.to_string(), translated_front_matter(yaml))];
    let starts = heading_starts(body);
    let first = starts.first().map_or(body.len(), |(at, _)| *at);
    texts[0].1.push_str(&normalize(&body[..first]));
    for (n, (at, name)) in starts.iter().enumerate() {
        let end = starts.get(n + 1).map_or(body.len(), |(next, _)| *next);
        texts.push((name.clone(), normalize(&body[*at..end])));
    }
    let mut all = Vec::new();
    let sections = texts
        .into_iter()
        .map(|(name, text)| {
            // A separator no UTF-8 text holds, so sections cannot run into each other.
            all.extend_from_slice(text.as_bytes());
            all.push(0xFF);
            Section {
                name,
                hash: fingerprint::stable(text.as_bytes()) as u16,
            }
        })
        .collect();
    (fingerprint::stable(&all) as u32, sections)
}

/// The values of the translated keys, each in one canonical form (JSON), so that quoting
/// or folding them differently in YAML is no change.
fn translated_front_matter(yaml: &str) -> String {
    // Front matter that does not parse is the build's to report; here it is no keys.
    let map: serde_yaml::Mapping =
        yaml::parse(yaml, std::path::Path::new(""), yaml, 1).unwrap_or_default();
    let mut out = String::new();
    for key in TRANSLATED_KEYS {
        if let Some(value) = map.get(key) {
            let json = serde_json::to_string(value).unwrap_or_default();
            out.push_str(&format!("{key}: {json}\n"));
        }
    }
    out
}

/// `text` with `\n` line ends, no trailing spaces and no blank lines around it.
fn normalize(text: &str) -> String {
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    lines.join("\n").trim_matches('\n').to_string()
}

/// Where each heading starts in `body`, with its text.
pub(crate) fn heading_starts(body: &str) -> Vec<(usize, String)> {
    let mut starts: Vec<(usize, String)> = Vec::new();
    let mut inside = false;
    for (event, range) in Parser::new_ext(body, crate::markdown::options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { .. }) => {
                inside = true;
                starts.push((range.start, String::new()));
            }
            Event::End(TagEnd::Heading(_)) => inside = false,
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) if inside => {
                if let Some((_, name)) = starts.last_mut() {
                    name.push_str(&t);
                }
            }
            _ => {}
        }
    }
    for (_, name) in &mut starts {
        *name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    starts
}

/// The pairs of positions of a longest common subsequence of `a` and `b`, in order.
fn common_subsequence(a: &[u16], b: &[u16]) -> Vec<(usize, usize)> {
    // lengths[i][j]: the longest common subsequence of a[i..] and b[j..].
    let mut lengths = vec![vec![0u32; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lengths[i][j] = if a[i] == b[j] {
                lengths[i + 1][j + 1] + 1
            } else {
                lengths[i + 1][j].max(lengths[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut pairs) = (0, 0, Vec::new());
    while i < a.len() && j < b.len() {
        if a[i] == b[j] {
            pairs.push((i, j));
            (i, j) = (i + 1, j + 1);
        } else if lengths[i + 1][j] >= lengths[i][j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "---\ntitle: Roles\nweight: 3\n---\nIntro.\n\n## One\n\nFirst.\n\n```sh\n# not a heading\n```\n\n### Two\n\nSecond.\n\n## Three\n\nThird.\n";

    fn stale(pin: &str, source: &str) -> Vec<String> {
        match check(pin, source) {
            PinState::Stale { changed } => changed,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_pin_has_the_page_then_each_section() {
        let p = pin(PAGE);
        let groups: Vec<&str> = p.split('.').collect();
        assert_eq!(groups.len(), 5, "{p}"); // the page, the opening and three headings
        assert_eq!(groups[0].len(), 8);
        assert!(groups[1..].iter().all(|g| g.len() == 4));
        assert_eq!(check(&p, PAGE), PinState::Current);
    }

    #[test]
    fn untranslated_keys_line_ends_and_trailing_spaces_are_no_change() {
        let p = pin(PAGE);
        let edited = PAGE.replace("weight: 3", "weight: 4\nreviewed: 2026-01-01");
        assert_eq!(check(&p, &edited), PinState::Current);
        let crlf = PAGE.replace('\n', "  \r\n");
        assert_eq!(check(&p, &crlf), PinState::Current);
        let quoted = PAGE.replace("title: Roles", "title: \"Roles\"");
        assert_eq!(check(&p, &quoted), PinState::Current);
    }

    #[test]
    fn names_the_sections_that_changed() {
        let p = pin(PAGE);
        assert_eq!(stale(&p, &PAGE.replace("Second.", "2nd.")), ["Two"]);
        assert_eq!(stale(&p, &PAGE.replace("Intro.", "Hello.")), [OPENING]);
        assert_eq!(stale(&p, &PAGE.replace("Roles", "Jobs")), [OPENING]);
        // A changed heading is its section's change.
        assert_eq!(stale(&p, &PAGE.replace("## Three", "## 3")), ["3"]);
        // A `#` in code is text of its section.
        assert_eq!(
            stale(&p, &PAGE.replace("# not a heading", "# still not")),
            ["One"]
        );
    }

    #[test]
    fn names_added_and_removed_sections() {
        let p = pin(PAGE);
        let added = PAGE.replace("## Three", "## New\n\nMore.\n\n## Three");
        assert_eq!(stale(&p, &added), ["New"]);
        let removed = PAGE.replace("### Two\n\nSecond.\n\n", "");
        assert_eq!(stale(&p, &removed), ["a section after “One”, removed"]);
        let first_gone = PAGE.replace("## One\n\nFirst.\n\n```sh\n# not a heading\n```\n\n", "");
        assert_eq!(
            stale(&p, &first_gone),
            ["a section after the opening, removed"]
        );
    }

    #[test]
    fn text_that_is_not_a_pin_is_malformed() {
        for bad in [
            "",
            "1a2b3c4d",
            "1a2b3c4d.",
            "1A2B3C4D.0000",
            "1a2b.0000",
            "x.y",
            "1a2b3c4d.00000",
        ] {
            assert_eq!(check(bad, PAGE), PinState::Malformed, "{bad:?}");
        }
    }

    #[test]
    fn a_page_without_headings_or_front_matter_has_one_section() {
        let p = pin("Just text.\n");
        assert_eq!(p.split('.').count(), 2);
        assert_eq!(check(&p, "Just text.\n"), PinState::Current);
    }
}
