//! What `guide serve` adds to every HTML page it serves (never to `guide build` output): a
//! small live-reload script, and, while the site has errors, an overlay listing them.

use memchr::memmem;

use crate::diagnostics::Diagnostics;
use crate::html::escape;
use crate::output::Body;

/// Where the reload events are streamed (Server-Sent Events). Outside any site path: no
/// page or file can have a name starting with `_`.
pub(super) const EVENTS_PATH: &str = "/__guide/events";

/// The live-reload script. It listens for `reload` (reload the page, keeping the scroll
/// position) and `css` (swap the changed stylesheets in place); `hello` says which build
/// the server has, so a page served just before a rebuild catches up.
const SCRIPT: &str = r#"<script>
(() => {
  const key = "guide-scroll:" + location.pathname;
  const saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    const [x, y] = saved.split(",").map(Number);
    const restore = () => window.scrollTo(x, y);
    restore();
    window.addEventListener("load", restore);
  }
  const reload = () => {
    sessionStorage.setItem(key, window.scrollX + "," + window.scrollY);
    location.reload();
  };
  const events = new EventSource(EVENTS);
  events.addEventListener("hello", (e) => { if (e.data !== GENERATION) reload(); });
  events.addEventListener("reload", reload);
  events.addEventListener("css", (e) => {
    const changed = JSON.parse(e.data);
    for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {
      const url = new URL(link.href);
      if (!url.pathname.startsWith(BASE)) continue;
      if (changed.includes(decodeURIComponent(url.pathname.slice(BASE.length)))) {
        url.searchParams.set("reload", Date.now());
        link.href = url.href;
      }
    }
  });
})();
</script>
"#;

/// The script for a page served at build `generation` of a site under `base` (`/repo/`).
pub(super) fn script(base: &str, generation: u64) -> String {
    // JSON string literals are valid JavaScript; `</` is escaped so no value can close
    // the script element.
    let literal = |s: &str| {
        serde_json::to_string(s)
            .unwrap_or_default()
            .replace("</", "<\\/")
    };
    SCRIPT
        .replacen("EVENTS", &literal(EVENTS_PATH), 1)
        .replacen("GENERATION", &literal(&generation.to_string()), 1)
        .replace("BASE", &literal(base))
}

/// The error overlay: every current error of the site, in the terminal's words.
pub(super) fn overlay(diagnostics: &Diagnostics, last_good: bool) -> String {
    let count = diagnostics.error_count();
    let mut html = String::from(
        "<div id=\"guide-errors\" role=\"alert\" style=\"position:fixed;inset:0;z-index:2147483647;\
         overflow:auto;margin:0;padding:1.5rem;background:rgba(20,20,20,.94);color:#f5f5f5;\
         font:14px/1.5 ui-monospace,Menlo,Consolas,monospace\">\n",
    );
    let shown = match last_good {
        true => "this is the last good build",
        false => "no build has succeeded yet",
    };
    html.push_str(&format!(
        "<p style=\"margin:0 0 1rem;font-weight:bold;color:#ff8a80\">The site has {count} error{}; \
         {shown}. Fix the files and the page reloads.</p>\n",
        if count == 1 { "" } else { "s" }
    ));
    for d in diagnostics.iter() {
        html.push_str("<pre style=\"white-space:pre-wrap;margin:0 0 1rem\">");
        html.push_str(&escape(&d.to_string()));
        html.push_str("</pre>\n");
    }
    html.push_str("</div>\n");
    html
}

/// A page with `extra` inserted before its last `</body>` (at the end if it has none),
/// joined from its parts in one copy. The tag is looked for within parts, which are never
/// cut inside a tag.
pub(super) fn into_page(page: &Body, extra: &str) -> Vec<u8> {
    let parts = page.parts();
    let body_end = parts
        .iter()
        .enumerate()
        .rev()
        .find_map(|(i, part)| Some((i, memmem::rfind(part, b"</body>")?)));
    let mut out = Vec::with_capacity(page.len() + extra.len());
    for (i, part) in parts.iter().enumerate() {
        match body_end {
            Some((at_part, at)) if at_part == i => {
                out.extend_from_slice(&part[..at]);
                out.extend_from_slice(extra.as_bytes());
                out.extend_from_slice(&part[at..]);
            }
            _ => out.extend_from_slice(part),
        }
    }
    if body_end.is_none() {
        out.extend_from_slice(extra.as_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Diagnostic;

    #[test]
    fn inserts_before_the_closing_body_tag() {
        let one = into_page(
            &Body::of_strs(&["<html><body><p>x</p></body></html>"]),
            "<script></script>",
        );
        assert_eq!(
            String::from_utf8(one).unwrap(),
            "<html><body><p>x</p><script></script></body></html>"
        );
        assert_eq!(into_page(&Body::of_strs(&["<p>x</p>"]), "!"), b"<p>x</p>!");
        // In parts: before the last `</body>`, whichever part holds it.
        let parts = Body::of_strs(&["<body>", "<p>x</p></body>", "<!-- </body> -->", "</html>"]);
        assert_eq!(
            into_page(&parts, "!"),
            b"<body><p>x</p></body><!-- !</body> --></html>"
        );
    }

    #[test]
    fn the_script_knows_its_build_and_base_path() {
        let s = script("/repo/", 7);
        assert!(s.contains(r#"new EventSource("/__guide/events")"#), "{s}");
        assert!(s.contains(r#"e.data !== "7""#), "{s}");
        assert!(s.contains(r#"startsWith("/repo/")"#), "{s}");
        assert!(!s.contains("BASE") && !s.contains("GENERATION"), "{s}");
    }

    #[test]
    fn the_overlay_shows_each_diagnostic_as_printed() {
        let d = Diagnostic::error("content/a.md", "bad <thing>").at("one\ntwo\n", 2, 1);
        let diagnostics = Diagnostics::from_iter([d.clone()]);
        let html = overlay(&diagnostics, true);
        assert!(html.contains(&escape(&d.to_string())), "{html}");
        assert!(
            html.contains("content/a.md:2:1: error: bad &lt;thing&gt;"),
            "{html}"
        );
        assert!(html.contains("1 error;"), "{html}");
    }
}
