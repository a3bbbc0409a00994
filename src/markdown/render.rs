//! The event renderer: walks a page's pulldown-cmark events and writes its HTML, boxing
//! each table under a label read from its header row, and handing headings (`headings`),
//! links, glossary terms, print-page ids and the teaching elements to their own modules.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use pulldown_cmark::{CodeBlockKind, CowStr, Event, LinkType, Tag, TagEnd, html};

use super::callouts;
use super::cites::{self, Cites};
use super::code::CodeBlocks;
use super::headings::Heading;
use super::images::Images;
use super::links::{Href, Located};
use super::print::print_prefix;
use super::questions::{LANGUAGE as QUESTION, Questions};
use super::raw_html::RawBlock;
use super::template::{Mode, Slots};
use super::terms::mark_terms;
use super::{Placement, Rendered, math};
use crate::diagnostics::Diagnostic;
use crate::html::{Written, escape};
use crate::i18n::keys;

use super::notes::Notes;
use crate::model::{GLOSSARY_PATH, PRINT_PATH, Site};
use crate::url;

/// Renders a page's parsed Markdown (`events`, with their offsets in the file) for one
/// placement, or as a template for both (then with the values of its markers). The ids and
/// links of its HTML come with it, for each placement (a template's own, then its print).
/// `code_or_math` says whether the events hold fenced code or math.
pub(super) fn render_events<'a>(
    site: &Site,
    index: usize,
    mode: Mode,
    located: &[Located],
    code_or_math: bool,
    events: impl Iterator<Item = (Event<'a>, usize)>,
) -> (Rendered, Vec<Diagnostic>, Option<Slots>, Vec<Written>) {
    let page = &site.pages[index];
    let source = &page.loaded.source;
    let body_offset = page.loaded.body_offset;
    let glossary_href = |at: &str| escape(&url::relative(at, GLOSSARY_PATH));
    let mut slots = match mode {
        Mode::Template => Slots::new(),
        Mode::Placed(_) => Slots::default(),
    };
    let body_len = source.len() - body_offset;
    let (at, id_prefix, heading_shift, glossary, notes) = match mode {
        Mode::Placed(Placement::Own) => {
            let glossary = glossary_href(&page.path);
            let notes = Notes::placed(Placement::Own, "", &glossary, body_len);
            (page.path.as_str(), String::new(), 0, glossary, notes)
        }
        Mode::Placed(Placement::Print) => {
            let (prefix, glossary) = (print_prefix(&page.path), glossary_href(PRINT_PATH));
            let notes = Notes::placed(Placement::Print, &prefix, &glossary, body_len);
            (PRINT_PATH, prefix, 1, glossary, notes)
        }
        Mode::Template => {
            let (prefix, own_glossary) = (print_prefix(&page.path), glossary_href(&page.path));
            let print_glossary = glossary_href(PRINT_PATH);
            let notes = Notes::template(("", &own_glossary), (&prefix, &print_glossary), body_len);
            (
                page.path.as_str(),
                slots.add(String::new(), prefix),
                0,
                slots.add(own_glossary, print_glossary),
                notes,
            )
        }
    };
    let mut renderer = PageRenderer {
        site,
        index,
        at,
        id_prefix,
        heading_shift,
        title_lift: 0,
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
        source_ids: (page.loaded.translation.as_ref())
            .map(|t| super::headings::heading_ids(t.source_body(), site.config.heading_ids))
            .unwrap_or_default(),
        headings_seen: 0,
        rendered: Rendered::default(),
        notes,
        diagnostics: Vec::new(),
        questions: Questions::default(),
        code_blocks: CodeBlocks::new(
            site.config.hide_rust_hash_lines,
            crate::i18n::escape(site.ui.text(keys::CODE_BLOCK)),
        ),
        warnings: Vec::new(),
        images: Images::default(),
        raw_block: None,
        cites: Cites::default(),
    };
    // Only a page with fenced code or math has its events looked at for them (code.rs,
    // math.rs); every other page's loop is the plain one.
    if code_or_math {
        for (event, offset) in events {
            if let Some(event) = renderer.code_or_math_first(event, offset) {
                renderer.event(event, offset);
            }
        }
    } else {
        for (event, offset) in events {
            renderer.event(event, offset);
        }
    }
    let answer_key = renderer.answer_key_section();
    let PageRenderer {
        events,
        mut rendered,
        notes,
        diagnostics: link_diagnostics,
        warnings,
        slots,
        questions,
        code_blocks,
        ..
    } = renderer;
    rendered.questions = questions.count();
    // The file's name is made only for a problem to report (a path join per page).
    let file = std::cell::LazyCell::new(|| page.loaded.shown_path());
    // Each problem at its place in the file, with its hint.
    let located = |d: Diagnostic, offset: usize, help: Option<String>| {
        let d = d.at_offset(source, offset);
        match help {
            Some(h) => d.with_help(h),
            None => d,
        }
    };
    let error = |(offset, message, help)| located(Diagnostic::error(&*file, message), offset, help);
    let warning =
        |(offset, message, help)| located(Diagnostic::warning(&*file, message), offset, help);
    let diagnostics = link_diagnostics
        .into_iter()
        .map(error)
        // Code blocks in a language no syntax knows (code.rs).
        .chain(code_blocks.warnings.into_iter().map(warning))
        .chain(questions.diagnostics)
        .chain(warnings.into_iter().map(warning))
        .collect();
    // A quarter more than the body is a fair guess at its HTML's length; the guess is
    // trimmed afterwards, since a preview session holds every page's HTML.
    rendered.html.reserve(body_len + body_len / 4);
    html::push_html(&mut rendered.html, events.into_iter());
    if let Some(key) = answer_key {
        rendered.html.push_str(&key);
    }
    rendered.html.shrink_to_fit();
    (rendered, diagnostics, slots, notes.finish())
}

pub(super) struct PageRenderer<'s, 'a> {
    pub(super) site: &'s Site,
    pub(super) index: usize,
    /// The site path the HTML is placed at (its own, for a template).
    pub(super) at: &'s str,
    /// Written before every id in the HTML (on the print page); the ids the rendering
    /// reports go without it.
    pub(super) id_prefix: String,
    /// Levels added to every heading (on the print page, where the page's title is an h2).
    pub(super) heading_shift: u8,
    /// Levels taken off every heading after a left-out title heading (`headings`).
    pub(super) title_lift: u8,
    /// The relative URL of the glossary page, escaped, when the site has one.
    glossary_href: Option<String>,
    /// For a template: the values of its markers.
    pub(super) slots: Option<Slots>,
    /// For a template: the marker of each heading level's tag, once there is one.
    pub(super) heading_tags: [Option<String>; 6],
    /// How deep inside images the events are: their text is the image's `alt`, and
    /// pulldown-cmark writes no links there.
    pub(super) image_depth: usize,
    /// Where the page's links lead, in order; each is taken as its link is rewritten.
    pub(super) located: std::slice::Iter<'s, Located>,
    /// Glossary entries already marked up on this page.
    terms_used: HashSet<usize>,
    /// How deep inside code, links, images and raw `<abbr>`/`<a>` the parser is; terms are
    /// only marked up outside them.
    no_terms_depth: usize,
    pub(super) events: Vec<Event<'a>>,
    pub(super) heading: Option<Heading<'a>>,
    /// The table being read, until its header row is.
    table: Option<TableLabel>,
    /// How many of the page's tables so far have each name.
    table_names: HashMap<String, usize>,
    pub(super) used_ids: HashSet<String>,
    /// For each id that headings share, the number to try next after it.
    pub(super) id_suffixes: HashMap<String, usize>,
    /// For a translation, the ids of the source's headings, in order (`headings`).
    pub(super) source_ids: Vec<String>,
    /// The headings read so far.
    pub(super) headings_seen: usize,
    pub(super) rendered: Rendered,
    /// Every id and link the HTML holds, noted as it is written: whatever writes an id or a
    /// link into `events` notes it here too, in the order the HTML has them.
    pub(super) notes: Notes,
    /// (file offset, message, help)
    pub(super) diagnostics: Vec<(usize, String, Option<String>)>,
    /// The page's self-check questions (`questions/`).
    pub(super) questions: Questions,
    /// Fenced code with a language, highlighted (code.rs).
    code_blocks: CodeBlocks<'a>,
    /// (file offset, message, help) of problems that do not fail the build.
    pub(super) warnings: Vec<(usize, String, Option<String>)>,
    /// What the page's images need remembered (`images`).
    pub(super) images: Images,
    /// The block of raw HTML being read (`raw_html`).
    pub(super) raw_block: Option<RawBlock>,
    /// The page's `[@id]` citations (`cites`).
    pub(super) cites: Cites,
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
    /// `event`, or the HTML of a code block with a language or of a formula (code.rs,
    /// math.rs) it ends or is; `None` while a block is being read.
    fn code_or_math_first(&mut self, event: Event<'a>, offset: usize) -> Option<Event<'a>> {
        match &event {
            // A self-check question's block is the questions' to read (`event`).
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(lang))) if &**lang == QUESTION => {
                return Some(event);
            }
            _ if self.questions.reading() => return Some(event),
            Event::InlineMath(_) | Event::DisplayMath(_) | Event::Start(Tag::CodeBlock(_)) => {}
            Event::Text(_) | Event::End(TagEnd::CodeBlock) if self.code_blocks.is_open() => {}
            _ => return Some(event),
        }
        self.render_code_or_math(event, offset)
    }

    #[inline(never)]
    fn render_code_or_math(&mut self, event: Event<'a>, offset: usize) -> Option<Event<'a>> {
        let source = || self.site.pages[self.index].loaded.source.as_str();
        let event = self.code_blocks.take(source, event, offset)?;
        // A formula in a heading names it by its TeX, in the contents and the id.
        if let (Some(h), Event::InlineMath(tex) | Event::DisplayMath(tex)) =
            (&mut self.heading, &event)
        {
            h.text.push_str(tex);
        }
        Some(math::take(
            source,
            event,
            offset,
            self.site.ui.text(keys::FORMULA),
            &mut self.diagnostics,
        ))
    }

    pub(super) fn event(&mut self, event: Event<'a>, offset: usize) {
        // A self-check question's block is read whole and written by `questions/`.
        let opens_question = |event: &Event<'_>| match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(lang))) => &**lang == QUESTION,
            _ => false,
        };
        if self.questions.reading() || opens_question(&event) {
            return self.question_event(event, offset);
        }
        if self.cites.reading() || cites::opens(&event) {
            return self.cite_event(event, offset);
        }
        // Raw HTML's links are rewritten like Markdown's (`raw_html`).
        let event = match event {
            Event::Start(Tag::HtmlBlock)
            | Event::Html(_)
            | Event::InlineHtml(_)
            | Event::End(TagEnd::HtmlBlock) => match self.raw_html(event, offset) {
                Some(event) => event,
                None => return,
            },
            event => event,
        };
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
                        &mut self.notes,
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
                    if let Some(slots) = &self.slots {
                        let (own, print) = (slots.own.last(), slots.print.last());
                        self.notes.link_of_each(
                            own.map_or("", String::as_str),
                            print.map_or("", String::as_str),
                        );
                    }
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
                Href::Url(dest_url) => {
                    // Links in an image's text are not written.
                    if self.image_depth == 0 {
                        self.notes.link(|text| {
                            if link_type == LinkType::Email {
                                text.push_str("mailto:");
                            }
                            let _ = pulldown_cmark_escape::escape_href(text, &dest_url);
                        });
                    }
                    Event::Start(Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    })
                }
            },
            // The page's own images are written by `images`, once their alt text is read.
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) if self.image_depth == 1 => {
                self.start_image(dest_url, title, offset);
                return;
            }
            Event::End(TagEnd::Image) if self.image_depth == 0 && self.images.pending.is_some() => {
                self.end_image();
                return;
            }
            Event::End(TagEnd::Paragraph) if self.images.figure.is_some() => {
                if self.place_figure() {
                    return;
                }
                event
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                // An image inside another's text, which is not written. Never marked:
                // pulldown-cmark escapes an image's URL, marker and all (so
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
            Event::FootnoteReference(name) => {
                if self.image_depth == 0 {
                    self.notes.footnote_reference(&escape(&name));
                }
                match self.id_prefix.is_empty() {
                    true => Event::FootnoteReference(name),
                    false => {
                        Event::FootnoteReference(CowStr::from(format!("{}{name}", self.id_prefix)))
                    }
                }
            }
            Event::Start(Tag::FootnoteDefinition(name)) => {
                self.notes.footnote_definition(&escape(&name));
                match self.id_prefix.is_empty() {
                    true => Event::Start(Tag::FootnoteDefinition(name)),
                    false => Event::Start(Tag::FootnoteDefinition(CowStr::from(format!(
                        "{}{name}",
                        self.id_prefix
                    )))),
                }
            }
            // Callouts (`> [!NOTE]`) are boxes with a visible label (`callouts.rs`); a plain
            // block quote is checked for a misspelt callout marker.
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                Event::Html(callouts::open(kind, &self.site.ui).into())
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => Event::Html(callouts::CLOSE.into()),
            Event::Start(Tag::BlockQuote(None)) => {
                let source = &self.site.pages[self.index].loaded.source;
                if let Some(m) = callouts::misspelt_marker(source, offset) {
                    self.diagnostics.push((m.offset, m.message, Some(m.help)));
                }
                event
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
            true => self.site.ui.text(keys::TABLE).to_string(),
            false => crate::i18n::fill(
                self.site.ui.text(keys::TABLE_COLUMNS),
                &[("columns", &columns.join(", "))],
            ),
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
}
