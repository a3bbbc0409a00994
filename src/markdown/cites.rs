//! Author-year citations in a chapter's text: `[@vcu]` and `[@vcu; @whitaker]`, as Pandoc
//! writes them, become "(VCU, 2023; Whitaker, n.d.)", each source a link to its entry on
//! the sources page (`sources/#vcu`, from the page and from the print page).
//!
//! pulldown-cmark finds them: `[@vcu]` is a reference link without a definition, which it
//! hands to [`callback`], so a page without one pays nothing, and code spans and blocks are
//! never read as citations. The callback makes such a link (its type is then
//! `ShortcutUnknown` or `CollapsedUnknown`, which nothing else gives) and the renderer
//! writes the citation in place of the link and its text.

use pulldown_cmark::{BrokenLink, CowStr, Event, LinkType, Tag, TagEnd};

use super::render::PageRenderer;
use super::shortcodes::Prepared;
use crate::diagnostics::{Diagnostic, suggest};
use crate::html::escape;
use crate::i18n::keys;
use crate::model::{PRINT_PATH, PageKind, SOURCES_PATH, Site};
use crate::url;

/// The parser's broken-link callback: `[@…]` (or `[@…][]`) with no definition is a
/// citation, whose sources (`@vcu; @whitaker`) become the link's destination.
pub(super) fn callback<'a>(link: BrokenLink<'a>) -> Option<(CowStr<'a>, CowStr<'a>)> {
    let citable = matches!(link.link_type, LinkType::Shortcut | LinkType::Collapsed);
    (citable && link.reference.starts_with('@')).then_some((link.reference, CowStr::Borrowed("")))
}

/// Whether `event` opens a citation (a link only [`callback`] makes).
pub(super) fn opens(event: &Event<'_>) -> bool {
    matches!(
        event,
        Event::Start(Tag::Link {
            link_type: LinkType::ShortcutUnknown | LinkType::CollapsedUnknown,
            ..
        })
    )
}

/// The shortcodes that show role facts with their citations.
const CITING_SHORTCODES: [&str; 3] = ["fact", "compare", "pathway"];

/// The warning for chapter `index` of a site with sources, when it cites none: neither
/// with `[@id]` (`cited`) nor through a shortcode that shows role facts, and does not say
/// `citations: false`. The guide's facts come from its sources, so a chapter that states
/// any should say which.
pub(super) fn uncited(
    site: &Site,
    index: usize,
    cited: bool,
    prepared: Option<&Prepared>,
) -> Option<Diagnostic> {
    let page = &site.pages[index];
    let cites_facts = || {
        prepared.is_some_and(|p| {
            p.calls
                .iter()
                .any(|c| CITING_SHORTCODES.contains(&c.name.as_str()))
        })
    };
    if cited
        || page.kind != PageKind::Chapter
        || !site.has_sources
        || !page.meta().citations
        || cites_facts()
    {
        return None;
    }
    let file = page.loaded.shown_path();
    Some(
        Diagnostic::warning(file, "this chapter cites no source")
            .at_offset(&page.loaded.source, 0)
            .with_help(
                "cite the sources of its facts with `[@id]` (ids from content/sources.yaml), \
                 or, if it states no facts, add `citations: false` to its front matter",
            ),
    )
}

/// A page's citations as the renderer meets them.
#[derive(Default)]
pub(super) struct Cites {
    /// The sources of the citation being read (until its link ends), and where it is.
    open: Option<(String, usize)>,
    /// The sources page's URL from this placement, escaped (a marker for a template).
    href: Option<String>,
}

impl Cites {
    pub(super) fn reading(&self) -> bool {
        self.open.is_some()
    }
}

impl PageRenderer<'_, '_> {
    /// Takes the events of a citation: its link's start, its text (which is the sources'
    /// ids again) and its end, where the citation is written.
    pub(super) fn cite_event(&mut self, event: Event<'_>, offset: usize) {
        match event {
            Event::Start(Tag::Link { dest_url, .. }) => {
                self.cites.open = Some((dest_url.into_string(), offset));
            }
            Event::End(TagEnd::Link) => {
                if let Some((sources, at)) = self.cites.open.take() {
                    let html = self.citation(&sources, at);
                    // Written as it is: it is no author's raw HTML, whose links the renderer
                    // would locate again, and never in a heading (`citation`).
                    self.events.push(Event::InlineHtml(CowStr::from(html)));
                }
            }
            _ => {}
        }
    }

    /// The HTML of the citation of `sources` (`@vcu; @whitaker`), written at `offset`;
    /// every problem is reported there, and the citation is then written as it stands.
    fn citation(&mut self, sources: &str, offset: usize) -> String {
        let site = self.site;
        // A heading's and an image's text are written elsewhere (the contents, `alt`),
        // where a link cannot go.
        if self.heading.is_some() || self.image_depth > 0 {
            let message = format!("`[{sources}]` cites sources in a heading or an image's text");
            let help = "move the citation into the text that follows";
            self.diagnostics.push((offset, message, Some(help.into())));
            return escape(&format!("[{sources}]"));
        }
        let mut ids = Vec::new();
        for part in sources.split(';').map(str::trim) {
            let id = part.strip_prefix('@').unwrap_or("");
            if id.is_empty() || id.contains(char::is_whitespace) || id.contains('@') {
                let message = format!("cannot read the citation `[{sources}]`");
                let help = "write each source as `@id`, several separated by `;`: \
                            `[@vcu; @whitaker]`";
                self.diagnostics.push((offset, message, Some(help.into())));
                return escape(&format!("[{sources}]"));
            }
            ids.push(id);
        }
        // Every source is found before anything is written or noted.
        let mut found = Vec::with_capacity(ids.len());
        // An unknown id is reported at its `@`, when the file has the citation as the
        // parser read it (a line break inside changes it); else at the citation.
        let written = &site.pages[self.index].loaded.source;
        let at_id = |id: &str| match written.get(offset + 1..) {
            // `id` is a slice of `sources`, which starts one byte (`[`) after `offset`.
            Some(rest) if rest.starts_with(sources) => {
                offset + (id.as_ptr() as usize - sources.as_ptr() as usize)
            }
            _ => offset,
        };
        for id in ids {
            match site.sources.get_key_value(id) {
                Some(entry) => found.push(entry),
                // Its error is told; the ids it has are not known.
                None if site.sources_broken => {}
                None => self.unknown_source(id, at_id(id)),
            }
        }
        if found.len() < sources.split(';').count() {
            return escape(&format!("[{sources}]"));
        }
        let mut html = String::from("<span class=\"citation\">(");
        for (n, (id, source)) in found.into_iter().enumerate() {
            if n > 0 {
                html.push_str("; ");
            }
            let id = escape(id);
            let (href, own, print) = self.sources_href();
            self.notes
                .link_of_each(&[&own, "#", &id].concat(), &[&print, "#", &id].concat());
            html.push_str("<a href=\"");
            html.push_str(&href);
            html.push('#');
            html.push_str(&id);
            html.push_str("\" title=\"");
            html.push_str(&escape(&source.title));
            html.push_str("\">");
            html.push_str(&escape(source.cite_name()));
            html.push_str(", ");
            html.push_str(&escape(match source.date {
                Some(_) => source.cite_year(),
                None => self.site.ui.text(keys::CITE_NO_DATE),
            }));
            html.push_str("</a>");
        }
        html.push_str(")</span>");
        html
    }

    /// Reports a citation of `id`, which content/sources.yaml does not have.
    fn unknown_source(&mut self, id: &str, offset: usize) {
        let site = self.site;
        let (message, help) = if !site.has_sources {
            (
                format!("the citation of `{id}` has no source to lead to"),
                format!(
                    "the site has no content/sources.yaml: add it, with an entry `{id}:` \
                     (title, author, publisher, date, url)"
                ),
            )
        } else {
            let help = match suggest(id, site.sources.keys().map(String::as_str)) {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!("add `{id}` to content/sources.yaml"),
            };
            (format!("unknown source `{id}` in a citation"), help)
        };
        self.diagnostics.push((offset, message, Some(help)));
    }

    /// The sources page's URL as the HTML has it (a marker in a template), and as the
    /// page's own placement and the print page's have it (escaped). A placed rendering's
    /// own is its placement's, which is where `at` is.
    fn sources_href(&mut self) -> (String, String, String) {
        let own = escape(&url::relative(self.at, SOURCES_PATH));
        let print = escape(&url::relative(PRINT_PATH, SOURCES_PATH));
        let href = match (&self.cites.href, &mut self.slots) {
            (Some(href), _) => href.clone(),
            // One marker serves every citation of the page.
            (None, Some(slots)) => slots.add(own.clone(), print.clone()),
            (None, None) => own.clone(),
        };
        self.cites.href = Some(href.clone());
        (href, own, print)
    }
}
