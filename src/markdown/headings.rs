//! Headings: each gets a unique id (made by the guide's rule from its text, unless written
//! out), a self-link, a place in the table of contents, and a level one lower on the print
//! page. A page's opening heading that repeats its title is left out, its id kept.

use pulldown_cmark::{CowStr, Event, HeadingLevel, html};

use super::render::PageRenderer;
use super::{TocEntry, shortcodes};
use crate::config::HeadingIds;
use crate::html::escape;
use crate::i18n::keys;
use crate::url;

/// A heading being read: its events are kept until its end, when its text is known.
pub(super) struct Heading<'a> {
    /// Where it starts in the page's file.
    pub(super) offset: usize,
    pub(super) level: HeadingLevel,
    pub(super) id: Option<String>,
    pub(super) classes: Vec<CowStr<'a>>,
    pub(super) inner: Vec<Event<'a>>,
    pub(super) text: String,
}

impl<'a> PageRenderer<'_, 'a> {
    pub(super) fn finish_heading(&mut self, h: Heading<'a>) {
        let title = shortcodes::without_placeholders(h.text.trim())
            .trim()
            .to_string();
        // A page that opens on a heading of its own title (as books written for mdBook do)
        // would show it twice under the theme's title: it is left out, but its id stays,
        // so links to it still arrive.
        let repeats_title = self.events.is_empty()
            && h.id.is_none()
            && title == self.site.pages[self.index].meta().title;
        // The title's slug, when the id is not written out (`{#id}`).
        let slug = h.id.is_none().then(|| match self.site.config.heading_ids {
            HeadingIds::Github => url::github_heading_id(&title),
            HeadingIds::Collapsed => url::slugify(&title),
        });
        // A translation's heading has the id of the source's heading in its place, so
        // links written for the source (and the language switcher) arrive at it.
        let from_source = self.source_ids.get(self.headings_seen).cloned();
        self.headings_seen += 1;
        let base = match (h.id, from_source, &slug) {
            (Some(id), _, _) => id,
            (None, Some(id), _) => id,
            (None, None, Some(slug)) if !slug.is_empty() => slug.clone(),
            (None, None, _) => "section".into(),
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
        if repeats_title {
            let escaped_id = escape(&id);
            self.notes.id(&escaped_id);
            let html = ["<span id=\"", &self.id_prefix, &escaped_id, "\"></span>\n"].concat();
            self.events.push(Event::Html(CowStr::from(html)));
            self.rendered.ids.push((id, h.offset));
            // The headings under it move up as far as it stood below the title's `<h1>`,
            // so none is skipped (a book's `## Title` then `### Part`).
            self.title_lift = h.level as u8 - 1;
            return;
        }
        let level = (h.level as u8).saturating_sub(self.title_lift).max(1);
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
        let escaped_id = escape(&id);
        self.notes.heading(&escaped_id);
        let id_attr = [self.id_prefix.as_str(), &escaped_id].concat();
        // Written piece by piece into one buffer sized for plain heading text: headings are
        // many, and a buffer much larger than its text is copied again when it is boxed.
        const SELF_LINK: &str = "\"><span aria-hidden=\"true\">#</span>\
            <span class=\"visually-hidden\">";
        const SELF_LINK_END: &str = "</span></a></";
        let label = self.site.ui.text(keys::HEADING_SELF_LINK);
        let mut html = String::with_capacity(
            96 + SELF_LINK.len() + 2 * id_attr.len() + h.text.len() + h.text.len() / 8,
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
        // A no-break space: the self-link's `#` never wraps onto a line of its own.
        for piece in [
            "\u{a0}<a class=\"anchor\" href=\"#",
            &id_attr,
            SELF_LINK,
            &crate::i18n::escape(label),
            SELF_LINK_END,
            tag,
            ">\n",
        ] {
            html.push_str(piece);
        }
        self.events.push(Event::Html(CowStr::from(html)));
        if level == 2 || level == 3 {
            // The search script makes ids by the collapsed rule, whatever the site's.
            let same_rule = self.site.config.heading_ids == HeadingIds::Collapsed
                || url::same_id_by_either_rule(&title);
            let id_is_slug = match slug {
                Some(slug) if same_rule => slug == id,
                _ => url::slugify(&title) == id,
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
}

/// The ids of the headings of `body` (a page's Markdown), in order, as its own rendering
/// gives them: written out (`{#id}`), or made by `rule` from the heading's text, made
/// unique with a number. A translation's headings take them by position.
pub(crate) fn heading_ids(body: &str, rule: HeadingIds) -> Vec<String> {
    use pulldown_cmark::{Parser, Tag, TagEnd};
    let mut ids = Vec::new();
    let mut used = std::collections::HashSet::new();
    let mut heading: Option<(Option<String>, String)> = None;
    for event in Parser::new_ext(body, super::options()) {
        match (event, &mut heading) {
            (Event::Start(Tag::Heading { id, .. }), _) => {
                heading = Some((id.map(|id| id.to_string()), String::new()));
            }
            (Event::Text(t) | Event::Code(t), Some((_, text))) => text.push_str(&t),
            (Event::End(TagEnd::Heading(_)), Some((written, text))) => {
                let title = text.trim();
                let base = match written.take() {
                    Some(id) => id,
                    None => match rule {
                        HeadingIds::Github => url::github_heading_id(title),
                        HeadingIds::Collapsed => url::slugify(title),
                    },
                };
                let base = if base.is_empty() {
                    "section".to_string()
                } else {
                    base
                };
                let mut id = base.clone();
                let mut n = 1;
                while !used.insert(id.clone()) {
                    id = format!("{base}-{n}");
                    n += 1;
                }
                ids.push(id);
                heading = None;
            }
            _ => {}
        }
    }
    ids
}
