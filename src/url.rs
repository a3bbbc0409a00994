//! URL paths: slugs, permalinks and the relative links between pages.
//!
//! A *path* is relative to the site root, has no leading slash and ends in `/` for a page
//! (`roles/social-worker/`); `""` is the home page. Pages link each other with relative URLs
//! so the site works at a domain root, under a sub-path and from disk.

/// Lowercase ASCII letters and digits, with every other run of characters folded into one `-`.
pub(crate) fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut pending_dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if pending_dash && !slug.is_empty() {
                slug.push('-');
            }
            pending_dash = false;
            // Most headings are ASCII, whose lowercase needs no table lookup.
            match c.is_ascii() {
                true => slug.push(c.to_ascii_lowercase()),
                false => slug.extend(c.to_lowercase()),
            }
        } else if c != '\'' && c != '’' {
            // Apostrophes vanish ("Master's" -> "masters"); everything else separates words.
            pending_dash = true;
        }
    }
    slug
}

/// A heading's id as GitHub and mdBook make it from the heading's text: lowercase; letters
/// (any script), digits, `_` and `-` kept; each space a `-`; everything else dropped.
/// `What's new in C++ 20?` gives `whats-new-in-c-20`, `push_str` stays `push_str`.
pub(crate) fn github_heading_id(text: &str) -> String {
    let mut id = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_alphanumeric() || c == '_' || c == '-' {
            match c.is_ascii() {
                true => id.push(c.to_ascii_lowercase()),
                false => id.extend(c.to_lowercase()),
            }
        } else if c.is_whitespace() {
            id.push('-');
        }
    }
    id
}

/// Whether [`github_heading_id`] and [`slugify`] give `text` the same id, told without
/// making either: ASCII letters, digits and apostrophes in words that single spaces part.
pub(crate) fn same_id_by_either_rule(text: &str) -> bool {
    let bytes = text.as_bytes();
    !bytes.starts_with(b" ")
        && !bytes.ends_with(b" ")
        && !bytes.windows(2).any(|pair| pair == b"  ")
        && bytes
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || b == b' ' || b == b'\'')
}

/// Whether a user-given slug is already in canonical form.
pub(crate) fn is_valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && !slug.starts_with('-')
        && !slug.ends_with('-')
        && !slug.contains("--")
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// How many folders deep a path's output file sits.
fn depth(path: &str) -> usize {
    // Counted byte by byte: `matches` runs a searcher call per slash, for every link.
    path.bytes().filter(|&b| b == b'/').count()
}

/// The relative way from the page at `from` back to the site root: `./`, `../`, `../../`.
pub(crate) fn root_of(from: &str) -> String {
    match depth(from) {
        0 => "./".to_string(),
        n => "../".repeat(n),
    }
}

/// A site path made safe to write as a URL's path: `%`, `#` and `?` in a file's name are
/// written `%25`, `%23` and `%3F`, or a browser would read an escape, a fragment or a query.
/// (The HTML writer escapes the rest: spaces, non-ASCII.)
pub(crate) fn escape_path(path: String) -> String {
    // Almost no path holds one: a byte search, not a char one.
    if memchr::memchr3(b'%', b'#', b'?', path.as_bytes()).is_none() {
        return path;
    }
    let mut escaped = String::with_capacity(path.len() + 8);
    for c in path.chars() {
        match c {
            '%' => escaped.push_str("%25"),
            '#' => escaped.push_str("%23"),
            '?' => escaped.push_str("%3F"),
            c => escaped.push(c),
        }
    }
    escaped
}

/// The relative URL from the page at `from` to `to` (both site paths).
pub(crate) fn relative(from: &str, to: &str) -> String {
    let from_dir = &from[..from.rfind('/').map_or(0, |i| i + 1)];
    // Skip the folders both share, then climb out of the rest of `from`.
    let mut common = 0;
    for (i, (a, b)) in from_dir.bytes().zip(to.bytes()).enumerate() {
        if a != b {
            break;
        }
        if a == b'/' {
            common = i + 1;
        }
    }
    let up = depth(&from_dir[common..]);
    let rest = &to[common..];
    match (up, rest.is_empty()) {
        (0, true) => "./".to_string(),
        (0, false) => rest.to_string(),
        (n, _) => {
            let mut url = String::with_capacity(3 * n + rest.len());
            (0..n).for_each(|_| url.push_str("../"));
            url + rest
        }
    }
}

/// The output file of a path: `a/b/` -> `a/b/index.html`; a file path stays as it is.
pub(crate) fn output_file(path: &str) -> String {
    if path.is_empty() || path.ends_with('/') {
        [path, "index.html"].concat()
    } else {
        path.to_string()
    }
}

/// Normalises an author-written site path (an alias): no leading slash, trailing slash for
/// pages, no `.` or `..` segments. `None` when it climbs above the root.
pub(crate) fn normalize_path(raw: &str) -> Option<String> {
    // Built in one string (`..` cuts back to the last slash): links are many. Their parts
    // are short, and memchr finds each `/` for less than `split`'s searcher costs.
    let mut path = String::with_capacity(raw.len() + 1);
    let mut start = 0;
    while start <= raw.len() {
        let end = memchr::memchr(b'/', &raw.as_bytes()[start..]).map_or(raw.len(), |i| start + i);
        let part = &raw[start..end];
        start = end + 1;
        match part {
            "" | "." => {}
            ".." if path.is_empty() => return None,
            ".." => path.truncate(memchr::memrchr(b'/', path.as_bytes()).unwrap_or(0)),
            part => {
                if !path.is_empty() {
                    path.push('/');
                }
                path.push_str(part);
            }
        }
    }
    // memrchr: core's reverse char search cost more than the rest of this function.
    let last = &path[memchr::memrchr(b'/', path.as_bytes()).map_or(0, |i| i + 1)..];
    let is_file = last.contains('.') && !raw.ends_with('/');
    if !(path.is_empty() || is_file) {
        path.push('/');
    }
    Some(path)
}

/// `base_url` joined with a site path into an absolute URL.
pub(crate) fn absolute(base_url: &str, path: &str) -> String {
    [base_url, path].concat()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slugify("The exams"), "the-exams");
        assert_eq!(slugify("LCSW & LMSW"), "lcsw-lmsw");
        assert_eq!(slugify("  Master's degree (MSW) "), "masters-degree-msw");
        assert_eq!(slugify("C-SWCM"), "c-swcm");
        assert_eq!(
            slugify("Ärztliche Übergabe İ ΣΑΣ"),
            "ärztliche-übergabe-i̇-σασ"
        );
        assert!(is_valid_slug("social-worker"));
        assert!(!is_valid_slug("Social_Worker"));
    }

    #[test]
    fn heading_ids_as_github_and_mdbook_make_them() {
        // Headings of a real book whose links broke under the collapsed rule.
        assert_eq!(
            github_heading_id("Where's the -> Operator?"),
            "wheres-the---operator"
        );
        assert_eq!(
            github_heading_id("Shared Access to Mutex<T>"),
            "shared-access-to-mutext"
        );
        assert_eq!(
            github_heading_id("Concatenation with the + Operator or the format! Macro"),
            "concatenation-with-the--operator-or-the-format-macro"
        );
        assert_eq!(github_heading_id("push_str and push"), "push_str-and-push");
        assert_eq!(github_heading_id("LCSW & LMSW"), "lcsw--lmsw");
        assert_eq!(github_heading_id("C-SWCM"), "c-swcm");
        assert_eq!(
            github_heading_id("Ärztliche Übergabe"),
            "ärztliche-übergabe"
        );
        assert_eq!(github_heading_id("?!"), "");
        for text in ["What's next", "The ASWB exams", "Step 2 of 3", "Master's"] {
            assert!(same_id_by_either_rule(text));
            assert_eq!(github_heading_id(text), slugify(text), "{text}");
        }
        for text in ["A & B", "push_str", "Two  spaces", "Café", "Why?"] {
            assert!(!same_id_by_either_rule(text), "{text}");
        }
    }

    #[test]
    fn relative_urls_between_pages() {
        assert_eq!(relative("", ""), "./");
        assert_eq!(relative("", "a/"), "a/");
        assert_eq!(relative("a/", ""), "../");
        assert_eq!(relative("a/b/", "a/c/"), "../c/");
        assert_eq!(relative("a/b/", "a/b/"), "./");
        assert_eq!(relative("a/b/", "a/b/img.png"), "img.png");
        assert_eq!(relative("a/", "a/x.png"), "x.png");
        assert_eq!(relative("x/y/z/", "roles/"), "../../../roles/");
        assert_eq!(relative("ab/", "a/"), "../a/");
        assert_eq!(root_of(""), "./");
        assert_eq!(root_of("a/b/"), "../../");
    }

    #[test]
    fn output_files_and_aliases() {
        assert_eq!(output_file(""), "index.html");
        assert_eq!(output_file("a/b/"), "a/b/index.html");
        assert_eq!(output_file("404.html"), "404.html");
        assert_eq!(normalize_path("/old/url").as_deref(), Some("old/url/"));
        assert_eq!(
            normalize_path("old/page.html").as_deref(),
            Some("old/page.html")
        );
        assert_eq!(normalize_path("../x"), None);
        assert_eq!(
            normalize_path("a/b/../../c/./d.md").as_deref(),
            Some("c/d.md")
        );
        assert_eq!(normalize_path("a/../../b"), None);
        assert_eq!(normalize_path("a/b/..").as_deref(), Some("a/"));
        assert_eq!(normalize_path("a//b/").as_deref(), Some("a/b/"));
        assert_eq!(normalize_path("./").as_deref(), Some(""));
        assert_eq!(normalize_path("a.b/c/").as_deref(), Some("a.b/c/"));
    }

    #[test]
    fn escapes_what_a_browser_would_read_as_url_syntax() {
        assert_eq!(
            escape_path("c#/why?/100%.txt".into()),
            "c%23/why%3F/100%25.txt"
        );
        assert_eq!(escape_path("a b/ö.txt".into()), "a b/ö.txt");
    }
}
