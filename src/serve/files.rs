//! Which file of the built site a request path names. Only files of the last build are
//! served, from memory, so nothing outside the output can be reached; paths that try
//! (`..`, `%2e%2e`, encoded slashes or backslashes) are refused before any lookup.

/// What a request path leads to.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Lookup {
    /// A file of the site, by its output path.
    File(String),
    /// The same place with a trailing slash (a folder asked for without one).
    Redirect(String),
    NotFound,
}

/// Resolves the raw (still percent-encoded) path of a request against a site served
/// under `base` (`/` or `/repo/`). `exists` says whether the site has an output path.
pub(super) fn lookup(raw: &str, base: &str, exists: impl Fn(&str) -> bool) -> Lookup {
    let Some(rest) = raw.strip_prefix(base) else {
        // The site root asked for without the sub-path, or without its final slash.
        if raw == "/" || raw == base.trim_end_matches('/') {
            return Lookup::Redirect(base.to_string());
        }
        return Lookup::NotFound;
    };
    let Some(rest) = decode(rest) else {
        return Lookup::NotFound;
    };
    let folder = rest.is_empty() || rest.ends_with('/');
    let segments: Vec<&str> = rest.trim_end_matches('/').split('/').collect();
    if !rest.is_empty()
        && segments
            .iter()
            .any(|s| s.is_empty() || *s == "." || *s == "..")
    {
        return Lookup::NotFound;
    }
    if folder {
        let index = format!("{rest}index.html");
        return if exists(&index) {
            Lookup::File(index)
        } else {
            Lookup::NotFound
        };
    }
    if exists(&rest) {
        Lookup::File(rest)
    } else if exists(&format!("{rest}/index.html")) {
        Lookup::Redirect(format!("{raw}/"))
    } else {
        Lookup::NotFound
    }
}

/// Where a request for a page under a base path the site was served under earlier (before
/// its `base_url` changed) should go now: the same page under `base`, if the site has it.
/// `earlier` holds those bases, the most recent first.
pub(super) fn moved(
    raw: &str,
    earlier: &[String],
    base: &str,
    exists: impl Fn(&str) -> bool,
) -> Option<String> {
    earlier.iter().find_map(|old| {
        let now = [base, raw.strip_prefix(old.as_str())?].concat();
        match lookup(&now, base, &exists) {
            Lookup::File(_) => Some(now),
            Lookup::Redirect(to) => Some(to),
            Lookup::NotFound => None,
        }
    })
}

/// Percent-decodes a path. Refuses encoded separators (`%2f`, `%5c`), backslashes, NUL,
/// malformed escapes and invalid UTF-8: no real file of the site needs them.
fn decode(path: &str) -> Option<String> {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = if bytes[i] == b'%' {
            let hex = path.get(i + 1..i + 3)?;
            let b = u8::from_str_radix(hex, 16).ok()?;
            if b == b'/' || b == b'\\' {
                return None;
            }
            i += 3;
            b
        } else {
            i += 1;
            bytes[i - 1]
        };
        if b == b'\\' || b == 0 {
            return None;
        }
        out.push(b);
    }
    String::from_utf8(out).ok()
}

/// The Content-Type of an output file, by its extension.
pub(super) fn content_type(path: &str) -> &'static str {
    let name = path.rsplit('/').next().unwrap_or(path);
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" | "md" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        "wasm" => "application/wasm",
        _ if name == "CNAME" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILES: &[&str] = &["index.html", "a/index.html", "a/b.png", "sp ace.txt"];

    fn find(raw: &str, base: &str) -> Lookup {
        lookup(raw, base, |p| FILES.contains(&p))
    }

    #[test]
    fn finds_files_and_folder_indexes() {
        assert_eq!(find("/", "/"), Lookup::File("index.html".into()));
        assert_eq!(find("/a/", "/"), Lookup::File("a/index.html".into()));
        assert_eq!(find("/a/b.png", "/"), Lookup::File("a/b.png".into()));
        assert_eq!(find("/a", "/"), Lookup::Redirect("/a/".into()));
        assert_eq!(
            find("/sp%20ace.txt", "/"),
            Lookup::File("sp ace.txt".into())
        );
        assert_eq!(find("/nope/", "/"), Lookup::NotFound);
    }

    #[test]
    fn honours_the_sub_path() {
        assert_eq!(
            find("/repo/a/", "/repo/"),
            Lookup::File("a/index.html".into())
        );
        assert_eq!(find("/repo/", "/repo/"), Lookup::File("index.html".into()));
        assert_eq!(find("/", "/repo/"), Lookup::Redirect("/repo/".into()));
        assert_eq!(find("/repo", "/repo/"), Lookup::Redirect("/repo/".into()));
        assert_eq!(find("/a/", "/repo/"), Lookup::NotFound);
    }

    #[test]
    fn refuses_to_leave_the_site() {
        for raw in [
            "/../etc/passwd",
            "/a/../index.html",
            "/%2e%2e/etc/passwd",
            "/%2E%2E/%2E%2E/etc/passwd",
            "/a/%2e%2e/index.html",
            "/a%2fb.png",
            "/a%2Fb.png",
            "/a%5cb.png",
            "/a\\b.png",
            "/./index.html",
            "//index.html",
            "/a//b.png",
            "/%00",
            "/%zz",
            "/%ff",
        ] {
            assert_eq!(find(raw, "/"), Lookup::NotFound, "{raw}");
        }
        assert_eq!(find("/repo/../index.html", "/repo/"), Lookup::NotFound);
    }

    #[test]
    fn pages_asked_for_under_an_earlier_base_move_to_the_current_one() {
        let moved = |raw: &str, earlier: &[&str], base: &str| {
            let earlier: Vec<String> = earlier.iter().map(|b| b.to_string()).collect();
            moved(raw, &earlier, base, |p| FILES.contains(&p))
        };
        assert_eq!(moved("/old/a/", &["/old/"], "/"), Some("/a/".into()));
        assert_eq!(moved("/old/a", &["/old/"], "/new/"), Some("/new/a/".into()));
        assert_eq!(
            moved("/a/b.png", &["/"], "/new/"),
            Some("/new/a/b.png".into())
        );
        assert_eq!(
            moved("/older/", &["/old/", "/older/"], "/new/"),
            Some("/new/".into())
        );
        // Only pages the site has; nothing when the base never changed.
        assert_eq!(moved("/old/nope/", &["/old/"], "/"), None);
        assert_eq!(moved("/new/nope/", &["/"], "/new/"), None);
        assert_eq!(moved("/old/a/", &[], "/new/"), None);
        // The same refusals as any lookup.
        assert_eq!(moved("/old/../index.html", &["/old/"], "/"), None);
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("style.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("favicon.svg"), "image/svg+xml");
        assert_eq!(content_type("sitemap.xml"), "application/xml");
        assert_eq!(content_type("IMG.PNG"), "image/png");
        assert_eq!(content_type(".nojekyll"), "application/octet-stream");
    }
}
