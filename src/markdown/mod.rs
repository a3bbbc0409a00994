//! Markdown to HTML with pulldown-cmark: heading ids and self-links, the table of contents,
//! `.md` links rewritten to page URLs, the first use of each glossary term marked up, and
//! shortcodes expanded.
//!
//! One function sets the Markdown options, so every page and every test parses alike.

pub mod shortcodes;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd, html};
use serde::Serialize;

use crate::diagnostics::Diagnostic;
use crate::html::{escape, has_scheme};
use crate::model::terms::TermFinder;
use crate::model::{GLOSSARY_PATH, GlossaryEntry, PRINT_PATH, Site, rel_content};
use crate::url;
use shortcodes::{Call, next_placeholder};

/// The Markdown dialect: CommonMark plus GFM tables, footnotes, strikethrough, task lists,
/// smart punctuation and `{#id}` heading attributes.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// An entry of a page's table of contents (levels 2 and 3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TocEntry {
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
pub enum Target {
    /// A page of the site, by index.
    Page(usize),
    /// Any other site path (a generated page, a static file), relative to the site root.
    Path(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkCheck {
    pub target: Target,
    pub fragment: Option<String>,
    /// Byte offset in the page's file.
    pub offset: usize,
    /// The link as the author wrote it.
    pub written: String,
}

/// A page's Markdown, rendered.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    pub toc: Vec<TocEntry>,
    /// The headings' ids, each with where the heading starts in the page's file, to tell
    /// the author which heading's id the page has twice.
    pub ids: Vec<(String, usize)>,
    pub links: Vec<LinkCheck>,
}

/// HTML a shortcode expands to; `block` output must stand alone in its paragraph.
#[derive(Debug, Clone)]
pub struct Expansion {
    pub html: String,
    pub block: bool,
}

/// Why a shortcode call could not be expanded.
#[derive(Debug, Clone)]
pub struct ShortcodeError {
    pub message: String,
    pub help: Option<String>,
}

/// Expands shortcodes; the renderer provides it (it needs the theme's templates).
pub trait Expand: Sync {
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
pub enum Placement {
    /// On the page's own URL.
    Own,
    /// As one section of the print page (`print/`), which holds every page: ids get the
    /// page's prefix so they stay unique, and links to pages become links within it.
    Print,
}

/// The id of a page's section on the print page (`becoming/licensure/` ->
/// `ch-becoming-licensure`); its headings' ids start with it and a hyphen.
pub fn print_id(path: &str) -> String {
    let mut id = String::with_capacity(4 + path.len());
    push_print_id(&mut id, path);
    id
}

/// What the ids of the page at `path` start with on the print page.
fn print_prefix(path: &str) -> String {
    let mut prefix = print_id(path);
    prefix.push('-');
    prefix
}

/// Writes [`print_id`] of `path` at the end of `out`.
fn push_print_id(out: &mut String, path: &str) {
    match path.trim_end_matches('/') {
        "" => out.push_str("ch-home"),
        p => {
            // Each `/` becomes `-`; memchr finds them for less than `split`'s searcher.
            out.push_str("ch-");
            let mut from = 0;
            for slash in memchr::memchr_iter(b'/', p.as_bytes()) {
                out.push_str(&p[from..slash]);
                out.push('-');
                from = slash + 1;
            }
            out.push_str(&p[from..]);
        }
    }
}

/// Renders page `index` of `site` for each of `placements`, parsing its Markdown once.
/// Problems come back as diagnostics next to each output.
pub fn render_placements(
    site: &Site,
    index: usize,
    expander: &dyn Expand,
    placements: &[Placement],
) -> Vec<(Rendered, Vec<Diagnostic>)> {
    let Some((&last, others)) = placements.split_last() else {
        return Vec::new();
    };
    let page = &site.pages[index];
    let body_offset = page.loaded.body_offset;
    let body = page.loaded.body();
    let prepared = shortcodes::prepare(body, options());
    let text = prepared.as_ref().map_or(body, |p| p.text.as_str());
    let to_file_offset = |offset: usize| {
        body_offset
            + prepared
                .as_ref()
                .map_or(offset, |p| p.original_offset(offset))
    };
    // Markdown gives about one event per 20 to 30 bytes; grown from empty, the list was
    // copied six times over for a page of a few kilobytes.
    let mut events: Vec<(Event<'_>, usize)> = Vec::with_capacity(16 + text.len() / 16);
    events.extend(
        Parser::new_ext(text, options())
            .into_offset_iter()
            .map(|(event, range)| (event, to_file_offset(range.start))),
    );
    let prepared = prepared.as_ref();
    // Where each link leads is the same in every placement; only its URL differs.
    let mut image_to_check = false;
    let located: Vec<Located> = events
        .iter()
        .filter_map(|(event, _)| match event {
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
    let finish = |placement, (mut rendered, mut diagnostics): (Rendered, Vec<Diagnostic>)| {
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
        let (template, diagnostics, slots) =
            render_events(site, index, Mode::Template, &located, events.into_iter());
        let slots = slots.unwrap_or_default();
        let print = Rendered {
            html: fill(&template.html, &slots.print),
            ..Rendered::default()
        };
        let mut own = Rendered {
            html: fill(&template.html, &slots.own),
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
            let (rendered, diagnostics, _) =
                render_events(site, index, Mode::Placed(p), &located, events);
            finish(p, (rendered, diagnostics))
        })
        .collect();
    let (last_rendered, diagnostics, _) = render_events(
        site,
        index,
        Mode::Placed(last),
        &located,
        events.into_iter(),
    );
    rendered.push(finish(last, (last_rendered, diagnostics)));
    rendered
}

/// How a rendering writes what differs between placements.
#[derive(Clone, Copy)]
enum Mode {
    /// The values of one placement.
    Placed(Placement),
    /// Markers for [`fill`], with the values of the page's own placement and its print
    /// placement kept aside ([`Slots`]).
    Template,
}

/// Starts and ends every marker. Nothing else in a template can hold it: pulldown-cmark
/// writes no NUL of its own (`&#0;` becomes U+FFFD), and a page whose text or glossary
/// holds one is rendered once per placement instead.
const MARK: char = '\0';

/// The values a template's markers stand for, by marker number, for each placement.
#[derive(Default)]
struct Slots {
    own: Vec<String>,
    print: Vec<String>,
}

impl Slots {
    /// Room for the values of a page with links: growing from empty copied them over and
    /// over.
    fn new() -> Self {
        Slots {
            own: Vec::with_capacity(16),
            print: Vec::with_capacity(16),
        }
    }

    /// Adds a value and returns the marker that stands for it.
    fn add(&mut self, own: String, print: String) -> String {
        let mut marker = String::with_capacity(8);
        marker.push(MARK);
        push_decimal(&mut marker, self.own.len());
        marker.push(MARK);
        self.own.push(own);
        self.print.push(print);
        marker
    }
}

/// Writes `n` in decimal digits, for a fraction of what `format!` spends.
fn push_decimal(out: &mut String, n: usize) {
    if n >= 10 {
        push_decimal(out, n / 10);
    }
    out.push(char::from(b'0' + (n % 10) as u8));
}

/// A template's HTML with each marker replaced by its value.
fn fill(template: &str, values: &[String]) -> String {
    let mut out = String::with_capacity(template.len() + template.len() / 8);
    let mut rest = template;
    while let Some(start) = memchr::memchr(MARK as u8, rest.as_bytes()) {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let end = memchr::memchr(MARK as u8, after.as_bytes()).unwrap_or(after.len());
        let value = after[..end]
            .parse::<usize>()
            .ok()
            .and_then(|n| values.get(n));
        out.push_str(value.map_or("", String::as_str));
        rest = after.get(end + 1..).unwrap_or_default();
    }
    out.push_str(rest);
    out
}

/// Renders a page's parsed Markdown (`events`, with their offsets in the file) for one
/// placement, or as a template for both (then with the values of its markers).
fn render_events<'a>(
    site: &Site,
    index: usize,
    mode: Mode,
    located: &[Located],
    events: impl Iterator<Item = (Event<'a>, usize)>,
) -> (Rendered, Vec<Diagnostic>, Option<Slots>) {
    let page = &site.pages[index];
    let source = &page.loaded.source;
    let body_offset = page.loaded.body_offset;
    let glossary_href = |at: &str| escape(&url::relative(at, GLOSSARY_PATH));
    let mut slots = match mode {
        Mode::Template => Slots::new(),
        Mode::Placed(_) => Slots::default(),
    };
    let (at, id_prefix, heading_shift, glossary) = match mode {
        Mode::Placed(Placement::Own) => (
            page.path.as_str(),
            String::new(),
            0,
            glossary_href(&page.path),
        ),
        Mode::Placed(Placement::Print) => (
            PRINT_PATH,
            print_prefix(&page.path),
            1,
            glossary_href(PRINT_PATH),
        ),
        Mode::Template => (
            page.path.as_str(),
            slots.add(String::new(), print_prefix(&page.path)),
            0,
            slots.add(glossary_href(&page.path), glossary_href(PRINT_PATH)),
        ),
    };
    let mut renderer = PageRenderer {
        site,
        index,
        at,
        id_prefix,
        heading_shift,
        glossary_href: site.has_glossary.then_some(glossary),
        slots: matches!(mode, Mode::Template).then_some(slots),
        heading_tags: [const { None }; 6],
        image_depth: 0,
        located: located.iter(),
        terms_used: HashSet::default(),
        no_terms_depth: 0,
        // About one out for each in; growing from empty copied them over and over.
        events: Vec::with_capacity(events.size_hint().0),
        heading: None,
        table: None,
        table_names: HashMap::default(),
        used_ids: HashSet::default(),
        id_suffixes: HashMap::default(),
        rendered: Rendered::default(),
        diagnostics: Vec::new(),
    };
    for (event, offset) in events {
        renderer.event(event, offset);
    }
    let PageRenderer {
        events,
        mut rendered,
        diagnostics: link_diagnostics,
        slots,
        ..
    } = renderer;
    // The file's name is made only for a problem to report (a path join per page).
    let file = std::cell::LazyCell::new(|| rel_content(&page.loaded.file.rel));
    let diagnostics = link_diagnostics
        .into_iter()
        .map(|(offset, message, help)| {
            let d = Diagnostic::error(&*file, message).at_offset(source, offset);
            match help {
                Some(h) => d.with_help(h),
                None => d,
            }
        })
        .collect();
    // A quarter more than the body is a fair guess at its HTML's length; the guess is
    // trimmed afterwards, since a preview session holds every page's HTML.
    let body_len = source.len() - body_offset;
    rendered.html.reserve(body_len + body_len / 4);
    html::push_html(&mut rendered.html, events.into_iter());
    rendered.html.shrink_to_fit();
    (rendered, diagnostics, slots)
}

/// Expands the shortcodes of a page's HTML (`html`, rendered for `placement`) in place.
fn expand_shortcodes(
    site: &Site,
    index: usize,
    expander: &dyn Expand,
    placement: Placement,
    prepared: Option<&shortcodes::Prepared>,
    html: &mut String,
) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let Some(prepared) = prepared else {
        return diagnostics;
    };
    let page = &site.pages[index];
    let file = rel_content(&page.loaded.file.rel);
    let source = &page.loaded.source;
    let body_offset = page.loaded.body_offset;
    let (placed_at, id_prefix) = match placement {
        Placement::Own => (page.path.as_str(), String::new()),
        Placement::Print => (PRINT_PATH, print_prefix(&page.path)),
    };
    for error in &prepared.errors {
        diagnostics.push(
            Diagnostic::error(&file, format!("malformed shortcode: {}", error.message))
                .at_offset(source, body_offset + error.offset),
        );
    }
    // Numbering is shared by calls and errors in order of appearance.
    let mut numbered: Vec<(usize, Option<&Call>)> = prepared
        .calls
        .iter()
        .map(|c| (c.span.start, Some(c)))
        .chain(prepared.errors.iter().map(|e| (e.offset, None)))
        .collect();
    numbered.sort_by_key(|(start, _)| *start);
    // Each placeholder's expansion, by number (none for a malformed call or one that
    // failed), then every placeholder replaced in one pass over the HTML: replacing them one
    // by one copied the page's HTML once per call (8.5 s for a page of 5,000 calls).
    let expansions: Vec<Option<(&Call, Expansion)>> = numbered
        .into_iter()
        .enumerate()
        .map(|(n, (_, call))| {
            let call = call?;
            match expander.expand(call, placed_at, &format!("{id_prefix}sc{n}-")) {
                Ok(expansion) => Some((call, expansion)),
                Err(e) => {
                    let at = body_offset + call.span.start;
                    let d = Diagnostic::error(&file, e.message).at_offset(source, at);
                    diagnostics.push(match e.help {
                        Some(h) => d.with_help(h),
                        None => d,
                    });
                    None
                }
            }
        })
        .collect();
    let mut out = String::with_capacity(html.len() + html.len() / 4);
    let mut rest = html.as_str();
    while let Some((before, n, after)) = next_placeholder(rest) {
        out.push_str(before);
        rest = after;
        let Some(Some((call, expansion))) = expansions.get(n) else {
            continue;
        };
        if !expansion.block {
            out.push_str(&expansion.html);
            continue;
        }
        // A block stands in for the paragraph that holds only its placeholder.
        const OPEN_P: &str = "<p>";
        const CLOSE_P: &str = "</p>\n";
        if out.ends_with(OPEN_P) && rest.starts_with(CLOSE_P) {
            out.truncate(out.len() - OPEN_P.len());
            out.push_str(&expansion.html);
            rest = &rest[CLOSE_P.len()..];
        } else {
            diagnostics.push(
                Diagnostic::error(
                    &file,
                    format!("`{}` must stand alone in its paragraph", call.name),
                )
                .at_offset(source, body_offset + call.span.start)
                .with_help("put a blank line before and after the shortcode"),
            );
        }
    }
    out.push_str(rest);
    *html = out;
    diagnostics
}

struct Heading<'a> {
    /// Where it starts in the page's file.
    offset: usize,
    level: HeadingLevel,
    id: Option<String>,
    classes: Vec<CowStr<'a>>,
    inner: Vec<Event<'a>>,
    text: String,
}

struct PageRenderer<'s, 'a> {
    site: &'s Site,
    index: usize,
    /// The site path the HTML is placed at (its own, for a template).
    at: &'s str,
    /// Written before every id in the HTML (on the print page); the ids the rendering
    /// reports go without it.
    id_prefix: String,
    /// Levels added to every heading (on the print page, where the page's title is an h2).
    heading_shift: u8,
    /// The relative URL of the glossary page, escaped, when the site has one.
    glossary_href: Option<String>,
    /// For a template: the values of its markers.
    slots: Option<Slots>,
    /// For a template: the marker of each heading level's tag, once there is one.
    heading_tags: [Option<String>; 6],
    /// How deep inside images the events are: their text is the image's `alt`, and
    /// pulldown-cmark writes no links there.
    image_depth: usize,
    /// Where the page's links lead, in order; each is taken as its link is rewritten.
    located: std::slice::Iter<'s, Located>,
    /// Glossary entries already marked up on this page.
    terms_used: HashSet<usize>,
    /// How deep inside code, links, images and raw `<abbr>`/`<a>` the parser is; terms are
    /// only marked up outside them.
    no_terms_depth: usize,
    events: Vec<Event<'a>>,
    heading: Option<Heading<'a>>,
    /// The table being read, until its header row is.
    table: Option<TableLabel>,
    /// How many of the page's tables so far have each name.
    table_names: HashMap<String, usize>,
    used_ids: HashSet<String>,
    /// For each id that headings share, the number to try next after it.
    id_suffixes: HashMap<String, usize>,
    rendered: Rendered,
    /// (file offset, message, help)
    diagnostics: Vec<(usize, String, Option<String>)>,
}

/// A table whose header row is being read: its text names the table's box.
struct TableLabel {
    /// Where the box's opening tag is in the events.
    at: usize,
    in_head: bool,
    /// The text of the header's cells so far.
    cells: Vec<String>,
}

impl<'a> PageRenderer<'_, 'a> {
    fn event(&mut self, event: Event<'a>, offset: usize) {
        if let Some(table) = &mut self.table {
            match &event {
                Event::Start(Tag::TableHead) => table.in_head = true,
                Event::Start(Tag::TableCell) if table.in_head => table.cells.push(String::new()),
                Event::Text(t) | Event::Code(t) if table.in_head => {
                    if let Some(cell) = table.cells.last_mut() {
                        cell.push_str(t);
                    }
                }
                Event::End(TagEnd::TableHead) => self.name_table(),
                _ => {}
            }
        }
        match &event {
            Event::Start(Tag::Image { .. }) if self.image_depth == 0 => self.image_depth = 1,
            Event::Start(_) if self.image_depth > 0 => self.image_depth += 1,
            Event::End(_) if self.image_depth > 0 => self.image_depth -= 1,
            _ => {}
        }
        match &event {
            Event::Start(Tag::Link { .. } | Tag::Image { .. } | Tag::CodeBlock(_)) => {
                self.no_terms_depth += 1;
            }
            Event::End(TagEnd::Link | TagEnd::Image | TagEnd::CodeBlock) => {
                self.no_terms_depth = self.no_terms_depth.saturating_sub(1);
            }
            Event::InlineHtml(html) => {
                let html = html.trim_start();
                if html.starts_with("<abbr") || html.starts_with("<a ") {
                    self.no_terms_depth += 1;
                } else if html.starts_with("</abbr") || html.starts_with("</a>") {
                    self.no_terms_depth = self.no_terms_depth.saturating_sub(1);
                }
            }
            Event::Text(text) if self.heading.is_none() && self.no_terms_depth == 0 => {
                if let Some(href) = &self.glossary_href
                    && let Some(marked) = mark_terms(
                        text,
                        (&self.site.glossary, &self.site.terms),
                        &mut self.terms_used,
                        href,
                    )
                {
                    self.events.extend(marked);
                    return;
                }
            }
            _ => {}
        }
        let event = match event {
            Event::Start(Tag::Heading {
                level, id, classes, ..
            }) => {
                self.heading = Some(Heading {
                    offset,
                    level,
                    id: id.map(CowStr::into_string),
                    classes,
                    inner: Vec::new(),
                    text: String::new(),
                });
                return;
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(h) = self.heading.take() {
                    self.finish_heading(h);
                }
                return;
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => match self.rewrite(dest_url, offset, link_type != LinkType::Email) {
                // Written as pulldown-cmark writes it, but with the marker unescaped.
                Href::Marked(marker) => {
                    let mut html = String::with_capacity(20 + marker.len() + title.len());
                    html.push_str("<a href=\"");
                    html.push_str(&marker);
                    if !title.is_empty() {
                        html.push_str("\" title=\"");
                        let _ = pulldown_cmark_escape::escape_html(&mut html, &title);
                    }
                    html.push_str("\">");
                    Event::InlineHtml(CowStr::from(html))
                }
                Href::Url(dest_url) => Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }),
            },
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                // Never marked: pulldown-cmark escapes an image's URL, marker and all (so
                // `render_placements` makes no template of a page whose images need URLs).
                let dest_url = match self.rewrite(dest_url, offset, false) {
                    Href::Url(url) => url,
                    Href::Marked(_) => unreachable!("an unmarkable link was marked"),
                };
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            // Footnote names become ids; on the print page they need the page's prefix.
            Event::FootnoteReference(name) if !self.id_prefix.is_empty() => {
                Event::FootnoteReference(CowStr::from(format!("{}{name}", self.id_prefix)))
            }
            Event::Start(Tag::FootnoteDefinition(name)) if !self.id_prefix.is_empty() => {
                Event::Start(Tag::FootnoteDefinition(CowStr::from(format!(
                    "{}{name}",
                    self.id_prefix
                ))))
            }
            // On the print page, raw HTML's ids get the page's prefix like every other id,
            // so links into them from other pages (rewritten to `#prefix-id`) arrive.
            Event::Html(html) if !self.id_prefix.is_empty() => {
                Event::Html(prefix_raw_ids(html, &self.id_prefix))
            }
            Event::InlineHtml(html) if !self.id_prefix.is_empty() => {
                Event::InlineHtml(prefix_raw_ids(html, &self.id_prefix))
            }
            // pulldown-cmark's checkbox has no accessible name; screen readers need one.
            Event::TaskListMarker(done) => Event::InlineHtml(CowStr::from(if done {
                r#"<input type="checkbox" checked disabled aria-label="done"> "#
            } else {
                r#"<input type="checkbox" disabled aria-label="not done"> "#
            })),
            other => other,
        };
        match &mut self.heading {
            Some(h) => {
                if let Event::Text(t) | Event::Code(t) = &event {
                    h.text.push_str(t);
                }
                h.inner.push(event);
            }
            // A table too wide for a phone scrolls sideways in its own box rather than
            // widening the page or breaking its words; the box takes focus, so a keyboard
            // can scroll it too. Its opening tag is written once the header row is read.
            None => match event {
                Event::Start(Tag::Table(_)) => {
                    self.table = Some(TableLabel {
                        at: self.events.len(),
                        in_head: false,
                        cells: Vec::new(),
                    });
                    self.events.push(Event::Html(CowStr::Borrowed("")));
                    self.events.push(event);
                }
                Event::End(TagEnd::Table) => {
                    self.name_table();
                    self.events.push(event);
                    self.events.push(Event::Html(CowStr::Borrowed("</div>\n")));
                }
                event => self.events.push(event),
            },
        }
    }

    /// Opens the box of the table whose header row was just read (at the latest when the
    /// table ends), named after the row for screen readers ("Table: Step, Case manager,
    /// Social worker"), and numbered if the page already has a table of that name: each
    /// box is a landmark of its own.
    fn name_table(&mut self) {
        let Some(table) = self.table.take() else {
            return;
        };
        let columns: Vec<&str> = table
            .cells
            .iter()
            .map(|c| c.trim())
            .filter(|c| !c.is_empty())
            .collect();
        let mut name = match columns.is_empty() {
            true => "Table".to_string(),
            false => ["Table: ", &columns.join(", ")].concat(),
        };
        let count = self.table_names.entry(name.clone()).or_default();
        *count += 1;
        if *count > 1 {
            name = format!("{name} ({count})");
        }
        self.events[table.at] = Event::Html(CowStr::from(format!(
            "<div class=\"table-wrap\" role=\"region\" aria-label=\"{}\" tabindex=\"0\">\n",
            escape(&name)
        )));
    }

    fn finish_heading(&mut self, h: Heading<'a>) {
        let title = h.text.trim().to_string();
        // The title's slug, when the id is not written out (`{#id}`).
        let slug = h.id.is_none().then(|| url::slugify(&title));
        let base = match (h.id, &slug) {
            (Some(id), _) => id,
            (None, Some(slug)) if !slug.is_empty() => slug.clone(),
            (None, _) => "section".into(),
        };
        let mut id = base.clone();
        // Counting up from where the last heading of this base stopped: from 1 each time
        // made a page of 20,000 "Example" headings take 17 s.
        let mut n = self.id_suffixes.get(&base).copied().unwrap_or(1);
        while !self.used_ids.insert(id.clone()) {
            id = format!("{base}-{n}");
            n += 1;
        }
        if n > 1 {
            self.id_suffixes.insert(base, n);
        }
        let level = h.level as u8;
        const TAGS: [&str; 6] = ["h1", "h2", "h3", "h4", "h5", "h6"];
        let tag_of = |level: u8| TAGS[usize::from(level.min(6)) - 1];
        let tag = match &mut self.slots {
            Some(slots) => self.heading_tags[usize::from(level) - 1]
                .get_or_insert_with(|| {
                    slots.add(tag_of(level).to_string(), tag_of(level + 1).to_string())
                })
                .as_str(),
            None => tag_of(level + self.heading_shift),
        };
        let id_attr = [self.id_prefix.as_str(), &escape(&id)].concat();
        // Written piece by piece into one buffer sized for plain heading text: headings are
        // many, and a buffer much larger than its text is copied again when it is boxed.
        const SELF_LINK: &str = "\"><span aria-hidden=\"true\">#</span>\
            <span class=\"visually-hidden\">Link to this section</span></a></";
        let mut html = String::with_capacity(
            64 + SELF_LINK.len() + 2 * id_attr.len() + h.text.len() + h.text.len() / 8,
        );
        for piece in ["<", tag, " id=\"", &id_attr, "\""] {
            html.push_str(piece);
        }
        if !h.classes.is_empty() {
            for piece in [" class=\"", &escape(&h.classes.join(" ")), "\""] {
                html.push_str(piece);
            }
        }
        html.push('>');
        html::push_html(&mut html, h.inner.into_iter());
        for piece in [
            " <a class=\"anchor\" href=\"#",
            &id_attr,
            SELF_LINK,
            tag,
            ">\n",
        ] {
            html.push_str(piece);
        }
        self.events.push(Event::Html(CowStr::from(html)));
        if level == 2 || level == 3 {
            let id_is_slug = match slug {
                Some(slug) => slug == id,
                None => url::slugify(&title) == id,
            };
            let entry = TocEntry {
                level,
                id: id.clone(),
                title,
                children: Vec::new(),
                id_is_slug,
            };
            match self.rendered.toc.last_mut() {
                Some(parent) if level == 3 && parent.level == 2 => parent.children.push(entry),
                _ => self.rendered.toc.push(entry),
            }
        }
        self.rendered.ids.push((id, h.offset));
    }

    /// Rewrites one link or image target for this placement, or for both with a marker
    /// when `markable` (a plain link, written by [`PageRenderer::event`]), and records what
    /// to check.
    fn rewrite(&mut self, dest: CowStr<'a>, offset: usize, markable: bool) -> Href<'a> {
        // `render_placements` located every link and image of the page, in order.
        let Some(located) = self.located.next() else {
            unreachable!("a link the page's events did not hold");
        };
        match located {
            Located::External => Href::Url(dest),
            Located::Check { to, fragment } => {
                let href = |at| to.href(self.site, self.index, at, fragment.as_deref());
                let own = href(self.at);
                let href = match &mut self.slots {
                    // A link in an image's text is not written; an e-mail link is
                    // written by pulldown-cmark.
                    Some(_) if self.image_depth > 0 || !markable => own.map(CowStr::from),
                    Some(slots) => {
                        let print = href(PRINT_PATH);
                        if own == print {
                            own.map(CowStr::from)
                        } else {
                            let escaped = |url: Option<String>| {
                                let mut out = String::new();
                                let url = url.as_deref().unwrap_or(&dest);
                                let _ = pulldown_cmark_escape::escape_href(&mut out, url);
                                out
                            };
                            let marker = slots.add(escaped(own), escaped(print));
                            self.push_link_check(to, fragment, offset, &dest);
                            return Href::Marked(marker);
                        }
                    }
                    None => own.map(CowStr::from),
                };
                self.push_link_check(to, fragment, offset, &dest);
                Href::Url(href.unwrap_or(dest))
            }
            Located::Broken { message, help } => {
                self.diagnostics
                    .push((offset, message.clone(), help.clone()));
                Href::Url(dest)
            }
        }
    }

    fn push_link_check(&mut self, to: &To, fragment: &Option<String>, offset: usize, dest: &str) {
        self.rendered.links.push(LinkCheck {
            target: to.target(self.index),
            fragment: match to {
                To::Asset(_) => None,
                _ => fragment.clone(),
            },
            offset,
            written: dest.to_string(),
        });
    }
}

/// A link's URL in the HTML: the URL itself, or a template's marker for it.
enum Href<'a> {
    Url(CowStr<'a>),
    Marked(String),
}

/// Where a link written on a page leads, found once for every placement of its HTML.
enum Located {
    /// Another site, an e-mail address: left alone.
    External,
    /// A link to check once every page is rendered, with the fragment it names.
    Check { to: To, fragment: Option<String> },
    Broken {
        message: String,
        help: Option<String>,
    },
}

/// What a link to check names.
enum To {
    /// The page the link is written on (`#part`).
    ThisPage,
    Page(usize),
    /// A static file, by site path: a fragment stays in the URL but is not checked.
    Asset(String),
    /// Any other site path (`../compare/` names `compare/`).
    Path(String),
}

impl To {
    fn target(&self, index: usize) -> Target {
        match self {
            To::ThisPage => Target::Page(index),
            To::Page(target) => Target::Page(*target),
            To::Asset(path) | To::Path(path) => Target::Path(path.clone()),
        }
    }

    /// The URL of the link in the HTML of page `index` placed at `at`; `None` keeps the
    /// link as written.
    fn href(&self, site: &Site, index: usize, at: &str, fragment: Option<&str>) -> Option<String> {
        let page = &site.pages[index];
        let on_print_page = at == PRINT_PATH && at != page.path;
        let with_fragment = |url: String| match fragment {
            Some(f) => url + "#" + f,
            None => url,
        };
        match self {
            To::ThisPage => on_print_page.then(|| print_href(&page.path, fragment)),
            To::Page(target) if on_print_page => {
                Some(print_href(&site.pages[*target].path, fragment))
            }
            To::Page(target) => Some(with_fragment(url::relative(at, &site.pages[*target].path))),
            To::Asset(path) => Some(with_fragment(url::relative(at, path))),
            To::Path(path) => (at != page.path).then(|| with_fragment(url::relative(at, path))),
        }
    }
}

/// Finds where a link written on page `index` (relative to its Markdown file) leads.
fn locate(site: &Site, index: usize, written: &str) -> Located {
    if written.is_empty() || has_scheme(written) || written.starts_with("//") {
        return Located::External;
    }
    let page = &site.pages[index];
    let (path_part, fragment) = match written.split_once('#') {
        Some((p, f)) => (p, Some(f.to_string())),
        None => (written, None),
    };
    let path_part = path_part.split('?').next().unwrap_or(path_part);
    let check = |to| Located::Check { to, fragment };
    if path_part.is_empty() {
        return check(To::ThisPage);
    }
    if path_part.starts_with('/') {
        return Located::Broken {
            message: format!(
                "link `{written}` starts at the domain root, so it breaks under a sub-path"
            ),
            help: Some("link the chapter's .md file with a relative path instead".into()),
        };
    }
    let folder = page
        .loaded
        .file
        .rel
        .rfind('/')
        .map_or("", |i| &page.loaded.file.rel[..=i]);
    let in_content = url::normalize_path(&[folder, path_part].concat())
        .map(|p| p.trim_end_matches('/').to_string());
    if let Some(file) = &in_content {
        if path_part.ends_with(".md") {
            if site.broken_pages.contains(file) {
                // Its own error is already reported; a second one here would only be noise.
                return Located::External;
            }
            return match site.page_by_file.get(file) {
                Some(&target) => check(To::Page(target)),
                None => Located::Broken {
                    message: format!(
                        "link to `{path_part}`, but content/{file} is not a page{}",
                        draft_hint(site, file)
                    ),
                    help: Some(
                        "check the file name; links are relative to this file's folder".into(),
                    ),
                },
            };
        }
        if let Some(asset) = site.asset_by_file.get(file) {
            return check(To::Asset(asset.clone()));
        }
    }
    // Anything else is a URL relative to this page's own address (e.g. `../compare/`).
    match url::normalize_path(&[&page.path, path_part].concat()) {
        Some(path) => check(To::Path(path)),
        None => Located::Broken {
            message: format!("link `{written}` climbs above the site root"),
            help: None,
        },
    }
}

/// Raw HTML placed on the print page, with `prefix` put before each `id` value and each
/// link within the page (`href="#x"`), as the page's generated ids and links get it.
/// Attributes are found inside tags, outside quoted values, in any case; values may be
/// quoted either way or not at all. A block of HTML comes a line at a time, so a line that
/// closes a tag before it opens one is taken to continue a tag.
fn prefix_raw_ids<'a>(html: CowStr<'a>, prefix: &str) -> CowStr<'a> {
    let bytes = html.as_bytes();
    let mut in_tag = match (memchr::memchr(b'>', bytes), memchr::memchr(b'<', bytes)) {
        (Some(close), open) => open.is_none_or(|open| close < open),
        (None, _) => false,
    };
    let mut quote = None;
    let mut inserts = Vec::new();
    for (i, &byte) in bytes.iter().enumerate() {
        if let Some(q) = quote {
            if byte == q {
                quote = None;
            }
            continue;
        }
        match byte {
            b'<' => in_tag = true,
            b'>' => in_tag = false,
            b'"' | b'\'' if in_tag => quote = Some(byte),
            b'=' if in_tag => {
                let name_start = bytes[..i]
                    .iter()
                    .rposition(|b| !b.is_ascii_alphanumeric())
                    .map_or(0, |p| p + 1);
                if name_start > 0 && !bytes[name_start - 1].is_ascii_whitespace() {
                    continue;
                }
                let name = &html[name_start..i];
                let value = i + 1 + usize::from(matches!(bytes.get(i + 1), Some(b'"' | b'\'')));
                if name.eq_ignore_ascii_case("id") {
                    inserts.push(value);
                } else if name.eq_ignore_ascii_case("href")
                    && bytes.get(value) == Some(&b'#')
                    && bytes.get(value + 1).is_some_and(|b| {
                        !matches!(b, b'"' | b'\'' | b'>') && !b.is_ascii_whitespace()
                    })
                {
                    inserts.push(value + 1);
                }
            }
            _ => {}
        }
    }
    if inserts.is_empty() {
        return html;
    }
    let mut out = String::with_capacity(html.len() + inserts.len() * prefix.len());
    let mut copied = 0;
    for at in inserts {
        out.push_str(&html[copied..at]);
        out.push_str(prefix);
        copied = at;
    }
    out.push_str(&html[copied..]);
    CowStr::from(out)
}

/// A link within the print page to the section of the page at `path`, or to one of its
/// headings.
fn print_href(path: &str, fragment: Option<&str>) -> String {
    let fragment = fragment.unwrap_or_default();
    let mut href = String::with_capacity(6 + path.len() + fragment.len());
    href.push('#');
    push_print_id(&mut href, path);
    if !fragment.is_empty() {
        href.push('-');
        href.push_str(fragment);
    }
    href
}

/// Splits `text` around the first use of each glossary term not in `used`, marking each
/// as an abbreviation with its expansion, linked to its glossary entry (`glossary_href`,
/// escaped for an attribute). `None` when it has no term to mark, so the text stays as it
/// is, uncopied.
fn mark_terms<'a>(
    text: &str,
    (glossary, terms): (&[GlossaryEntry], &TermFinder),
    used: &mut HashSet<usize>,
    glossary_href: &str,
) -> Option<Vec<Event<'a>>> {
    let marks = terms_to_mark(text, terms, used);
    if marks.is_empty() {
        return None;
    }
    let mut events = Vec::with_capacity(2 * marks.len() + 1);
    let mut rest = 0;
    for (start, end, t) in marks {
        let entry = &glossary[t];
        if start > rest {
            events.push(Event::Text(CowStr::from(text[rest..start].to_string())));
        }
        events.push(Event::InlineHtml(CowStr::from(format!(
            "<a class=\"term\" href=\"{}#{}\"><abbr title=\"{}\">{}</abbr></a>",
            glossary_href,
            escape(&entry.id),
            escape(&entry.term.expansion),
            escape(&entry.term.term),
        ))));
        rest = end;
    }
    if rest < text.len() {
        events.push(Event::Text(CowStr::from(text[rest..].to_string())));
    }
    Some(events)
}

/// The uses of glossary terms to mark in `text`, in order, as (start, end, entry): the
/// earliest whole-word occurrence of a term not in `used` (the longer term where two start
/// at once), then the earliest after it, and so on. Each term marked goes into `used`.
/// Text already marked counts as a word's edge for what follows it.
fn terms_to_mark(
    text: &str,
    terms: &TermFinder,
    used: &mut HashSet<usize>,
) -> Vec<(usize, usize, usize)> {
    let mut found = terms.find_all(text);
    if found.is_empty() {
        return Vec::new();
    }
    found.sort_unstable_by_key(|o| (o.start, std::cmp::Reverse(o.end)));
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    let mut marks = Vec::new();
    let mut from = 0;
    for o in found {
        if o.start < from || used.contains(&o.entry) {
            continue;
        }
        let before = match o.start == from {
            true => None,
            false => text[..o.start].chars().next_back(),
        };
        let after = text[o.end..].chars().next();
        if before.is_some_and(is_word) || after.is_some_and(is_word) {
            continue;
        }
        used.insert(o.entry);
        marks.push((o.start, o.end, o.entry));
        from = o.end;
    }
    marks
}

fn draft_hint(site: &Site, file: &str) -> &'static str {
    if site.draft_files.contains(file) {
        " (it is a draft: build with --drafts to include it)"
    } else {
        ""
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::Term;

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
            <mail@example.org>, [missing](nowhere.md) and <a href=\"#raw\">raw</a>.[^note]\n\n\
            ## Two words {#two-words .wide}\n\n## Two words\n\n### A [link](two.md) and `code`\n\n\
            ###### Deepest\n\n## !!!\n\n## Section\n\n## Section\n\n<div id=\"raw\">Raw <span id='inner'>html</span></div>\n\n\
            ![An image with [a link](two.md) inside](https://example.org/i.png)\n\n\
            - [x] done\n- [ ] not done\n\n\
            Odd text: ~^0^ and a\\~\\^1^ escape, {{ role_card(role=\"social-worker\") }} in a line.\n\n\
            [^note]: A note linking [one](one.md#the-details).\n";
        let with_nul =
            "---\ntitle: Nul\n---\nA \u{0} byte and a [link](one.md#the-details).\n\n## Head\n";
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

    #[test]
    fn raw_html_ids_and_links_within_the_page_get_the_print_prefix() {
        let prefixed = |html: &'static str| prefix_raw_ids(CowStr::from(html), "ch-a-").to_string();
        assert_eq!(
            prefixed(r##"<span id="spot">x</span> <a href="#spot">back</a>"##),
            r##"<span id="ch-a-spot">x</span> <a href="#ch-a-spot">back</a>"##
        );
        assert_eq!(
            prefixed("<div ID='one' class=\"x\">\n<p\nid=two data-id=\"no\" href=\"#\">"),
            "<div ID='ch-a-one' class=\"x\">\n<p\nid=ch-a-two data-id=\"no\" href=\"#\">"
        );
        assert_eq!(
            prefixed(r#"<a href="../b/#x" title="a=b">"#),
            r#"<a href="../b/#x" title="a=b">"#
        );
        assert_eq!(prefixed("<br>"), "<br>");
        // Not attributes: text between tags, and inside a quoted value.
        assert_eq!(
            prefixed(r#"<p title="see id=3">Set id=5 here</p>"#),
            r#"<p title="see id=3">Set id=5 here</p>"#
        );
        // The second line of a tag written over two.
        assert_eq!(prefixed(r#"  id="late">"#), r#"  id="ch-a-late">"#);
    }

    fn glossary(terms: &[&str]) -> Vec<GlossaryEntry> {
        terms
            .iter()
            .map(|t| GlossaryEntry {
                id: url::slugify(t),
                term: Term {
                    term: t.to_string(),
                    expansion: format!("{t} in full"),
                    definition: String::new(),
                },
            })
            .collect()
    }

    fn html(events: Vec<Event<'_>>) -> String {
        let mut out = String::new();
        html::push_html(&mut out, events.into_iter());
        out
    }

    fn finder(glossary: &[GlossaryEntry]) -> TermFinder {
        TermFinder::new(glossary.iter().map(|g| g.term.term.as_str()))
    }

    /// The first term `terms_to_mark` marks in `text`, with its offset.
    fn first_term(
        text: &str,
        g: &[GlossaryEntry],
        used: &HashSet<usize>,
    ) -> Option<(usize, usize)> {
        let marks = terms_to_mark(text, &finder(g), &mut used.clone());
        marks.first().map(|&(start, _, entry)| (start, entry))
    }

    #[test]
    fn terms_match_whole_words_only() {
        let g = glossary(&["MSW", "SW", "C-SWCM"]);
        let none = HashSet::default();
        assert_eq!(first_term("MSWs and NMSW", &g, &none), None);
        assert_eq!(first_term("an MSW.", &g, &none), Some((3, 0)));
        assert_eq!(first_term("the C-SWCM exam", &g, &none), Some((4, 2)));
        assert_eq!(
            first_term("BSW-level", &glossary(&["BSW"]), &none),
            Some((0, 0))
        );
        let used = HashSet::from_iter([0]);
        assert_eq!(first_term("an MSW, a SW", &g, &used), Some((10, 1)));
    }

    /// Where two terms start at one place the longer wins; a term inside a longer one
    /// already marked is not marked again, but its own later use is.
    #[test]
    fn the_longer_term_wins_and_each_is_marked_once() {
        let g = glossary(&["social work", "social work case manager", "case manager"]);
        let mut used = HashSet::default();
        let marks = terms_to_mark(
            "A social work case manager, a case manager, and social work.",
            &finder(&g),
            &mut used,
        );
        assert_eq!(marks, [(2, 26, 1), (30, 42, 2), (48, 59, 0)]);
        assert_eq!(used.len(), 3);
        // Nothing left to mark: the text is left as it is.
        assert!(terms_to_mark("social work", &finder(&g), &mut used).is_empty());
    }

    #[test]
    fn marks_each_term_once_with_a_relative_link() {
        let g = glossary(&["MSW", "BSW"]);
        let mut used = HashSet::default();
        let f = finder(&g);
        let out = html(
            mark_terms(
                "A BSW, then an MSW & a BSW.",
                (&g, &f),
                &mut used,
                "../glossary/",
            )
            .expect("terms to mark"),
        );
        assert_eq!(
            out,
            "A <a class=\"term\" href=\"../glossary/#bsw\"><abbr title=\"BSW in full\">BSW</abbr></a>, \
             then an <a class=\"term\" href=\"../glossary/#msw\"><abbr title=\"MSW in full\">MSW</abbr></a> &amp; a BSW."
        );
        // Already used on this page: left as it is.
        assert!(mark_terms("MSW", (&g, &f), &mut used, "../glossary/").is_none());
    }

    #[test]
    fn print_ids_name_the_page() {
        assert_eq!(print_id(""), "ch-home");
        assert_eq!(print_id("becoming/licensure/"), "ch-becoming-licensure");
        assert_eq!(print_href("a/", Some("x")), "#ch-a-x");
        assert_eq!(print_href("a/", None), "#ch-a");
        assert_eq!(print_href("a/b/", Some("")), "#ch-a-b");
        assert_eq!(print_href("", Some("x")), "#ch-home-x");
    }
}
