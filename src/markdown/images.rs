//! Images as a reader needs them: alt text (its absence is a warning, or an error under
//! `strict: true`), the pixel size of local images so the page does not jump while they
//! load, `loading="lazy"` for every image after a page's first (the first is likely on the
//! first screen; the print page loads all of them, to print them), and a `<figure>` with
//! its caption for an image with a title that stands alone in its paragraph.
//!
//! Only pages with images come here: the renderer calls in at an image's events.

use pulldown_cmark::{CowStr, Event};

use super::links::{Href, Located, To};
use super::render::PageRenderer;
use crate::html::escape;

/// What a page's rendering remembers of its images.
#[derive(Default)]
pub(super) struct Images {
    /// The image whose text is being read.
    pub(super) pending: Option<PendingImage>,
    /// Images written so far: every one after the first loads lazily.
    seen: usize,
    /// A captioned image that becomes a figure if it ends its paragraph.
    pub(super) figure: Option<FigureCandidate>,
    /// For a template: the marker of `loading="lazy"`, once an image needs it.
    lazy_marker: Option<String>,
}

/// The image being read: its start tag was taken out of the events, and its text (the alt
/// text) is gathered after `start`.
pub(super) struct PendingImage {
    start: usize,
    offset: usize,
    src: String,
    title: String,
    size: Option<(u64, u64)>,
}

/// A figure that replaces its paragraph if nothing follows the image in it.
pub(super) struct FigureCandidate {
    /// Where the image's HTML is in the events.
    at: usize,
    html: String,
}

impl<'a> PageRenderer<'_, 'a> {
    /// Takes an image's start tag: its URL is rewritten and its size looked up now, its HTML
    /// written once its text is read (see [`PageRenderer::end_image`]).
    pub(super) fn start_image(&mut self, dest: CowStr<'a>, title: CowStr<'a>, offset: usize) {
        let asset = match self.located.clone().next() {
            Some(Located::Check {
                to: To::Asset(path),
                ..
            }) => Some(path.as_str()),
            _ => None,
        };
        let size = match asset.and_then(|path| self.site.image_sizes.get(path)) {
            Some(Ok(size)) => Some(*size),
            Some(Err(why)) => {
                self.diagnostics.push((
                    offset,
                    format!("cannot read the image `{dest}`: {why}"),
                    Some("check that the file opens in an image viewer, or save it again as PNG or JPEG".into()),
                ));
                None
            }
            None => None,
        };
        let src = match self.rewrite(dest, offset, false) {
            Href::Url(url) => url,
            Href::Marked(_) => unreachable!("an unmarkable link was marked"),
        };
        let mut escaped = String::with_capacity(src.len());
        let _ = pulldown_cmark_escape::escape_href(&mut escaped, &src);
        self.notes.link(|text| text.push_str(&escaped));
        let start = self.out().len();
        self.images.pending = Some(PendingImage {
            start,
            offset,
            src: escaped,
            title: title.into_string(),
            size,
        });
    }

    /// Writes the image whose text has just been read, in place of that text.
    pub(super) fn end_image(&mut self) {
        let Some(image) = self.images.pending.take() else {
            return;
        };
        let alt = alt_text(self.out().drain(image.start..));
        if alt.trim().is_empty() {
            let message = "this image has no alt text".to_string();
            let help = Some(
                "describe what the image shows between the brackets, `![A chart of ...](file.png)`"
                    .to_string(),
            );
            match self.site.config.strict {
                true => self.diagnostics.push((image.offset, message, help)),
                false => self.warnings.push((image.offset, message, help)),
            }
        }
        let lazy = match self.images.seen {
            0 => String::new(),
            _ => self.lazy_attribute(),
        };
        self.images.seen += 1;
        // A title becomes the caption of a figure when the image stands alone; until that
        // is known, it stays the image's title.
        let captioned = !image.title.is_empty()
            && self.heading.is_none()
            && image.start > 0
            && matches!(
                self.events.get(image.start - 1),
                Some(Event::Start(pulldown_cmark::Tag::Paragraph))
            );
        let img = |title: &str| {
            let mut html = format!("<img src=\"{}\" alt=\"{}\"", image.src, escape(&alt));
            if !title.is_empty() {
                html.push_str(&format!(" title=\"{}\"", escape(title)));
            }
            if let Some((width, height)) = image.size {
                html.push_str(&format!(" width=\"{width}\" height=\"{height}\""));
            }
            html.push_str(&lazy);
            html.push('>');
            html
        };
        if captioned {
            self.images.figure = Some(FigureCandidate {
                at: self.events.len(),
                html: format!(
                    "<figure>\n{}\n<figcaption>{}</figcaption>\n</figure>\n",
                    img(""),
                    escape(&image.title)
                ),
            });
        }
        let html = img(&image.title);
        self.out().push(Event::InlineHtml(CowStr::from(html)));
    }

    /// At the end of a paragraph: puts a captioned image's figure in place of the paragraph
    /// when the image is all it holds. Returns whether it did.
    pub(super) fn place_figure(&mut self) -> bool {
        let Some(figure) = self.images.figure.take() else {
            return false;
        };
        if figure.at + 1 != self.events.len() || figure.at == 0 {
            return false;
        }
        self.events.truncate(figure.at - 1);
        self.events.push(Event::Html(CowStr::from(figure.html)));
        true
    }

    /// ` loading="lazy"`, or nothing on the print page, which is printed whole; a template
    /// gets a marker for both.
    fn lazy_attribute(&mut self) -> String {
        const LAZY: &str = " loading=\"lazy\"";
        match &mut self.slots {
            Some(slots) => self
                .images
                .lazy_marker
                .get_or_insert_with(|| slots.add(LAZY.into(), String::new()))
                .clone(),
            None if self.id_prefix.is_empty() => LAZY.into(),
            None => String::new(),
        }
    }

    /// Where the events go now: a heading's own list while one is read.
    fn out(&mut self) -> &mut Vec<Event<'a>> {
        match &mut self.heading {
            Some(h) => &mut h.inner,
            None => &mut self.events,
        }
    }
}

/// An image's text as its alt attribute, as pulldown-cmark writes it: the text of every
/// event, markup left out.
fn alt_text<'a>(events: impl Iterator<Item = Event<'a>>) -> String {
    let mut alt = String::new();
    for event in events {
        match event {
            Event::Text(t)
            | Event::Code(t)
            | Event::InlineMath(t)
            | Event::DisplayMath(t)
            | Event::Html(t)
            | Event::InlineHtml(t) => alt.push_str(&t),
            Event::SoftBreak | Event::HardBreak => alt.push(' '),
            _ => {}
        }
    }
    alt
}
