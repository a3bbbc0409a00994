//! The Markdown stage: each page's Markdown to HTML with pulldown-cmark, once for each place
//! its HTML goes (its own URL, a section of the print page). Heading ids and self-links, the
//! table of contents and table labels come from the event renderer (`render`); `.md` links
//! are rewritten to page URLs (`links`), and on the print page ids and links get the page's
//! prefix (`print`); the first use of each glossary term is marked up (`terms`); a page
//! placed both ways is rendered once as a template with markers (`template`); shortcodes
//! are found before parsing (`shortcodes`) and expanded in the HTML after it (`expand`).
//! Where a page's raw HTML writes a link is found again only when the check needs it
//! (`raw_links`).
//!
//! One function sets the Markdown options, so every page and every test parses alike.

mod callouts;
mod cites;
mod code;
mod expand;
mod headings;
mod highlight;
mod images;
mod links;
mod math;
mod notes;
mod print;
mod questions;
mod raw_html;
mod raw_links;
mod render;
pub(crate) mod shortcodes;
mod template;
mod terms;
mod text;

use pulldown_cmark::{CodeBlockKind, Event, LinkType, Options, Parser, Tag};
use serde::Serialize;

use crate::diagnostics::Diagnostic;
use crate::html::{Noted, Written};
use crate::load::LoadedPage;
use crate::model::Site;
use expand::expand_shortcodes;
pub(crate) use links::page_href;
use links::{Located, locate};
pub(crate) use print::print_id;
pub(crate) use raw_links::raw_html_links;
use render::render_events;
use shortcodes::Call;
use template::{MARK, Mode, fill};
pub(crate) use text::PageText;
use text::TextCollector;

/// The Markdown dialect: CommonMark plus GFM tables, footnotes, strikethrough, task lists,
/// smart punctuation, `{#id}` heading attributes and `$…$`/`$$…$$` math, and for teaching:
/// GFM's callouts (`> [!NOTE]`) and definition lists.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
        | Options::ENABLE_DEFINITION_LIST
        | Options::ENABLE_MATH
}

/// An entry of a page's table of contents (levels 2 and 3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
    pub children: Vec<TocEntry>,
    /// Whether `id` is the slug of `title` (as the search script would make it).
    #[serde(skip)]
    pub id_is_slug: bool,
}

/// Where a link written in Markdown points, to be checked once every page is rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Target {
    /// A page of the site, by index.
    Page(usize),
    /// Any other site path (a generated page, a static file), relative to the site root.
    Path(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LinkCheck {
    pub target: Target,
    pub fragment: Option<String>,
    /// Byte offset in the page's file.
    pub offset: usize,
    /// The link as the author wrote it.
    pub written: String,
}

/// A page's Markdown, rendered.
#[derive(Debug, Clone, Default)]
pub(crate) struct Rendered {
    pub html: String,
    pub toc: Vec<TocEntry>,
    /// The headings' ids, each with where the heading starts in the page's file, to tell
    /// the author which heading's id the page has twice.
    pub ids: Vec<(String, usize)>,
    pub links: Vec<LinkCheck>,
    /// The HTML's ids and links, when the renderer wrote every one: the page has no raw
    /// HTML and no shortcodes, so its only tags are the renderer's.
    pub written: Option<Written>,
    /// How many self-check questions the page has (its template loads their script).
    pub questions: usize,
    /// Its text for the search index, in its own placement's rendering (`text`).
    pub text: PageText,
}

impl Noted for Rendered {
    fn written(&self) -> Option<&Written> {
        self.written.as_ref()
    }
}

/// HTML a shortcode expands to; `block` output must stand alone in its paragraph.
#[derive(Debug, Clone)]
pub(crate) struct Expansion {
    pub html: String,
    pub block: bool,
}

/// Why a shortcode call could not be expanded.
#[derive(Debug, Clone)]
pub(crate) struct ShortcodeError {
    pub message: String,
    pub help: Option<String>,
}

/// Expands shortcodes; the renderer provides it (it needs the theme's templates).
pub(crate) trait Expand: Sync {
    /// Expands `call` for HTML placed at the site path `page_path`. Ids the expansion
    /// writes must start with `id_prefix`, which is unique to the call on its page.
    fn expand(
        &self,
        call: &Call,
        page_path: &str,
        id_prefix: &str,
    ) -> Result<Expansion, ShortcodeError>;
}

/// Where a page's HTML is placed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Placement {
    /// On the page's own URL.
    Own,
    /// As one section of the print page (`print/`), which holds every page: ids get the
    /// page's prefix so they stay unique, and links to pages become links within it.
    Print,
}

/// What pulldown-cmark parses of a page: its body (includes expanded) with its shortcodes
/// replaced by placeholders, and the way from an offset there back to the page's file.
pub(super) struct ParseText<'p> {
    page: &'p LoadedPage,
    prepared: Option<shortcodes::Prepared>,
}

impl<'p> ParseText<'p> {
    pub(super) fn of(page: &'p LoadedPage) -> Self {
        ParseText {
            page,
            prepared: shortcodes::prepare(page.body(), options()),
        }
    }

    pub(super) fn text(&self) -> &str {
        self.prepared
            .as_ref()
            .map_or(self.page.body(), |p| p.text.as_str())
    }

    /// The page's shortcodes, when it has any.
    pub(super) fn prepared(&self) -> Option<&shortcodes::Prepared> {
        self.prepared.as_ref()
    }

    /// Where `offset` of [`text`](Self::text) is in the page's file.
    pub(super) fn file_offset(&self, offset: usize) -> usize {
        self.page.file_offset(
            self.prepared
                .as_ref()
                .map_or(offset, |p| p.original_offset(offset)),
        )
    }
}

/// Renders page `index` of `site` for each of `placements`, parsing its Markdown once.
/// Problems come back as diagnostics next to each output.
pub(crate) fn render_placements(
    site: &Site,
    index: usize,
    expander: &dyn Expand,
    placements: &[Placement],
) -> Vec<(Rendered, Vec<Diagnostic>)> {
    let Some((&last, others)) = placements.split_last() else {
        return Vec::new();
    };
    let parse_text = ParseText::of(&site.pages[index].loaded);
    let text = parse_text.text();
    // Markdown gives about one event per 20 to 30 bytes; grown from empty, the list was
    // copied six times over for a page of a few kilobytes.
    let mut events: Vec<(Event<'_>, usize)> = Vec::with_capacity(16 + text.len() / 16);
    // `[@id]` citations are links the parser makes when asked (`cites`).
    events.extend(
        Parser::new_with_broken_link_callback(text, options(), Some(cites::callback))
            .into_offset_iter()
            .map(|(event, range)| (event, parse_text.file_offset(range.start))),
    );
    let prepared = parse_text.prepared();
    // Where each link leads is the same in every placement; only its URL differs.
    let mut image_to_check = false;
    let mut raw_html = false;
    // Whether the page has fenced code or math, for the renderer to look for it at all.
    let mut code_or_math = false;
    let mut cited = false;
    // The page's own rendering carries its text for the search index, taken in this pass.
    let mut collector = placements
        .contains(&Placement::Own)
        .then(|| TextCollector::new(text.len(), prepared.is_some()));
    let located: Vec<Located> = events
        .iter()
        .inspect(|(event, _)| {
            if let Some(collector) = &mut collector {
                collector.event(event);
            }
        })
        .filter_map(|(event, _)| match event {
            Event::Html(_) | Event::InlineHtml(_) => {
                raw_html = true;
                None
            }
            Event::InlineMath(_)
            | Event::DisplayMath(_)
            | Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(_))) => {
                code_or_math = true;
                None
            }
            // A citation's link is written by `cites`, and leads to the sources page.
            Event::Start(Tag::Link {
                link_type: LinkType::ShortcutUnknown | LinkType::CollapsedUnknown,
                ..
            }) => {
                cited = true;
                None
            }
            // An e-mail autolink (`<someone@example.org>`) names no file, whatever it holds.
            Event::Start(Tag::Link {
                link_type: LinkType::Email,
                ..
            }) => Some(Located::External),
            Event::Start(Tag::Link { dest_url, .. }) => Some(locate(site, index, dest_url)),
            Event::Start(Tag::Image { dest_url, .. }) => {
                let located = locate(site, index, dest_url);
                image_to_check |= matches!(located, Located::Check { .. });
                Some(located)
            }
            _ => None,
        })
        .collect();
    let plain = prepared.is_none() && !raw_html;
    let page_text = collector.map(TextCollector::finish).unwrap_or_default();
    // Told once, with the page's own placement.
    let mut uncited = match placements.first() {
        Some(Placement::Own) => cites::uncited(site, index, cited, prepared),
        _ => None,
    };
    let mut finish = |placement, (mut rendered, mut diagnostics): (Rendered, Vec<Diagnostic>)| {
        if !plain {
            rendered.written = None;
        }
        diagnostics.extend(uncited.take());
        diagnostics.extend(expand_shortcodes(
            site,
            index,
            expander,
            placement,
            prepared,
            &mut rendered.html,
        ));
        (rendered, diagnostics)
    };
    // A page on its own and on the print page: rendered once, with markers where the two
    // differ, when nothing on the page could be mistaken for a marker. An image's URL is
    // written by pulldown-cmark's own escaper, which would spoil its marker.
    if placements == [Placement::Own, Placement::Print]
        && !image_to_check
        // memchr rather than `str::contains`, which looks for a char a word at a time.
        && memchr::memchr(MARK as u8, text.as_bytes()).is_none()
        && !site.glossary_has_nul
    {
        let (template, diagnostics, slots, notes) = render_events(
            site,
            index,
            Mode::Template,
            &located,
            code_or_math,
            events.into_iter(),
        );
        let slots = slots.unwrap_or_default();
        let [own_written, print_written] = <[Written; 2]>::try_from(notes)
            .unwrap_or_else(|_| unreachable!("a template notes two placements"));
        let print = Rendered {
            html: fill(&template.html, &slots.print),
            written: Some(print_written),
            ..Rendered::default()
        };
        let mut own = Rendered {
            html: fill(&template.html, &slots.own),
            written: Some(own_written),
            text: page_text,
            ..template
        };
        // A preview session holds every page's own HTML.
        own.html.shrink_to_fit();
        return vec![
            finish(Placement::Own, (own, diagnostics)),
            finish(Placement::Print, (print, Vec::new())),
        ];
    }
    // Every placement but the last reads a copy of the events; the last takes them.
    let mut rendered: Vec<_> = others
        .iter()
        .map(|&p| {
            let events = events.iter().cloned();
            let (rendered, diagnostics, _, notes) =
                render_events(site, index, Mode::Placed(p), &located, code_or_math, events);
            finish(p, (with_notes(rendered, notes), diagnostics))
        })
        .collect();
    let (last_rendered, diagnostics, _, notes) = render_events(
        site,
        index,
        Mode::Placed(last),
        &located,
        code_or_math,
        events.into_iter(),
    );
    rendered.push(finish(
        last,
        (with_notes(last_rendered, notes), diagnostics),
    ));
    if let Some(own) = placements.iter().position(|&p| p == Placement::Own) {
        rendered[own].0.text = page_text;
    }
    rendered
}

/// A placed rendering with the ids and links noted as it was written.
fn with_notes(rendered: Rendered, notes: Vec<Written>) -> Rendered {
    Rendered {
        written: notes.into_iter().next(),
        ..rendered
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::url;

    /// Expands every shortcode to a marker naming where it was placed.
    struct Placed;

    impl Expand for Placed {
        fn expand(
            &self,
            call: &Call,
            at: &str,
            id_prefix: &str,
        ) -> Result<Expansion, ShortcodeError> {
            Ok(Expansion {
                html: format!("<b id=\"{id_prefix}x\">{} at {at}</b>", call.name),
                block: false,
            })
        }
    }

    /// A page rendered once for both its placements reads exactly as when each placement
    /// is rendered on its own: the same HTML, ids, contents, links and problems.
    #[test]
    fn one_rendering_for_both_placements_matches_a_rendering_for_each() {
        let every = "---\ntitle: Every\n---\n\
            Intro with MSW and BSW, a [page](one.md), [its detail](one.md#the-details \"A \\\"title\\\"\"), \
            [here](#two-words), [home](../_index.md), [the svg](diagram.svg), [out](https://example.org/a?b=1&c=2), \
            <mail@example.org>, [missing](nowhere.md) and <a href=\"#raw\">raw</a>.[^note] \
            Cited [@first; @second], [@frist] and `[@first]`.\n\n\
            ## Two words {#two-words .wide}\n\n## Two words\n\n### A [link](two.md) and `code`\n\n\
            ###### Deepest\n\n## !!!\n\n## Section\n\n## Section\n\n<div id=\"raw\">Raw <span id='inner'>html</span></div>\n\n\
            ![An image with [a link](two.md) inside](https://example.org/i.png)\n\n\
            - [x] done\n- [ ] not done\n\n\
            Odd text: ~^0^ and a\\~\\^1^ escape, {{ role_card(role=\"social-worker\") }} in a line.\n\n\
            > [!TIP]\n> A callout.\n\n> [!NOOTE]\n> A misspelt one.\n\nTerm\n: Definition.\n\n\
            ```question\nquestion: Which?\noptions: {a: One, b: Two}\nanswer: a\n\
            explain: {a: Yes, b: No}\nlink: one.md#the-details\n```\n\n\
            ```question\nquestion: Broken?\nanswer: maybe\nexplain: {true: Y, false: N}\n```\n\n\
            [^note]: A note linking [one](one.md#the-details).\n";
        let with_nul = "---\ntitle: Nul\n---\nA \u{0} byte, a [link](one.md#the-details) [@first].\n\n## Head\n";
        let (_dir, site) = crate::model::fixture_site(&[("every.md", every), ("nul.md", with_nul)]);
        let mut compared = 0;
        for (i, page) in site.pages.iter().enumerate() {
            let both = render_placements(&site, i, &Placed, &[Placement::Own, Placement::Print]);
            let own = render_placements(&site, i, &Placed, &[Placement::Own]);
            let print = render_placements(&site, i, &Placed, &[Placement::Print]);
            let (both_own, both_print) = (&both[0], &both[1]);
            assert_eq!(both_own.0.html, own[0].0.html, "{}", page.path);
            assert_eq!(both_own.0.ids, own[0].0.ids, "{}", page.path);
            assert_eq!(both_own.0.toc, own[0].0.toc, "{}", page.path);
            assert_eq!(both_own.0.links, own[0].0.links, "{}", page.path);
            let messages =
                |d: &[Diagnostic]| d.iter().map(|d| format!("{d:?}")).collect::<Vec<_>>();
            assert_eq!(messages(&both_own.1), messages(&own[0].1), "{}", page.path);
            assert_eq!(both_print.0.html, print[0].0.html, "{}", page.path);
            if !page.loaded.source.contains(MARK) {
                assert!(!both_own.0.html.contains(MARK) && !both_print.0.html.contains(MARK));
            }
            compared += 1;
        }
        assert!(compared >= 5);
        // On the print page headings go one level down, but no further than h6, and
        // the author's own text that looks like a marker stays as written.
        let i = site
            .pages
            .iter()
            .position(|p| p.path.ends_with("every/"))
            .unwrap();
        let both = render_placements(&site, i, &Placed, &[Placement::Own, Placement::Print]);
        let print = &both[1].0.html;
        assert!(
            print.contains("<h3 id=\"ch-part-every-two-words\" class=\"wide\">"),
            "{print}"
        );
        assert!(print.contains("<h6 id=\"ch-part-every-deepest\">") && !print.contains("<h7"));
        assert!(both[0].0.html.contains("Odd text: ~^0^ and a~^1^ escape"));
        // A citation leads to the sources page from each placement.
        assert!(both[0].0.html.contains("(<a href=\"../../sources/#first\""));
        assert!(print.contains("(<a href=\"../sources/#first\""));
        // The search index writes a heading's title alone when its id is the title's slug.
        let toc = &both[0].0.toc;
        let entries = toc.iter().chain(toc.iter().flat_map(|e| &e.children));
        let mut slugs = Vec::new();
        for entry in entries {
            assert_eq!(
                entry.id_is_slug,
                url::slugify(&entry.title) == entry.id,
                "{entry:?}"
            );
            slugs.push((entry.id.as_str(), entry.id_is_slug));
        }
        assert!(slugs.contains(&("two-words", true)) && slugs.contains(&("two-words-1", false)));
        assert!(slugs.contains(&("section", false)) && slugs.contains(&("section-1", false)));
    }
}
