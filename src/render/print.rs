//! The print page: every chapter in reading order on one page. Its template is rendered once
//! with a marker where each chapter goes, and the chapters are spliced in as they are
//! rendered, shared rather than copied, and written as they arrive.

use std::sync::{Arc, LazyLock, mpsc};

use bytes::Bytes;
use memchr::memmem;

use super::Sink;
use super::context;
use super::jobs::base_context;
use super::parts::{RenderedHtml, SIDEBAR_MARKER};
use super::theme::Theme;
use crate::diagnostics::Diagnostic;
use crate::markdown::{self, Rendered};
use crate::model::generated::{Generated, generated};
use crate::model::{HOME, Site};
use crate::output::{Assembly, Body, Output, PartKind, SidebarParts};

/// The print page's template output, with a marker where each chapter's content goes.
pub(crate) type PrintSkeleton = Result<Bytes, Diagnostic>;

/// The pages on the print page, in order: the home page, then reading order.
pub(crate) fn print_order(site: &Site) -> Vec<usize> {
    std::iter::once(HOME)
        .chain(site.reading_order.iter().copied())
        .filter(|&i| i < site.pages.len() && !site.pages[i].left_out())
        .collect()
}

/// The print page's template output, with a marker for each chapter's content that
/// `splice_chapters` replaces: Tera copies a small page rather than the whole guide, and
/// the output can be reused while only chapters' text changes.
pub(super) fn print_skeleton(site: &Site, theme: &Theme) -> PrintSkeleton {
    let row = generated(Generated::Print);
    let mut ctx = base_context(site, row.path, site.ui.text(row.title_key), None);
    let order = print_order(site);
    let markers: Vec<String> = (0..order.len()).map(chapter_marker).collect();
    let chapters: Vec<_> = order
        .into_iter()
        .zip(&markers)
        .map(|(i, marker)| {
            let page = &site.pages[i];
            context::PrintChapterCtx {
                title: &page.meta().title,
                path: &page.path,
                id: markdown::print_id(&page.path),
                is_home: i == HOME,
                reviewed: page.meta().reviewed.as_ref().map(|d| d.0.as_str()),
                content: marker,
            }
        })
        .collect();
    ctx.insert("chapters", &chapters);
    ctx.insert("nav_html", SIDEBAR_MARKER);
    theme
        .tera
        .render("print.html", &ctx)
        .map(Bytes::from)
        .map_err(|e| theme.diagnostic(&e, Some(row.source)))
}

/// What a chapter's content holds on the print page while it renders: private-use
/// characters that Markdown and authors never produce, around the chapter's number.
const CHAPTER_MARKER: char = '\u{F8FE}';

pub(super) fn chapter_marker(n: usize) -> String {
    format!("{CHAPTER_MARKER}{n}{CHAPTER_MARKER}")
}

/// The print page's parts with every chapter marker replaced by that chapter's content,
/// shared with the chapter's rendering rather than copied, and the sidebar's new place
/// among the parts.
pub(super) fn splice_chapters(
    parts: Vec<Bytes>,
    chapters: &[Arc<Rendered>],
    sidebar: Option<SidebarParts>,
) -> (Body, Option<SidebarParts>) {
    let mut assembly = Assembly::default();
    splice(
        parts,
        sidebar.as_ref(),
        |n| Some(chapter_part(chapters.get(n)?)),
        |part, kind| assembly.push(part, kind),
    );
    assembly.finish(sidebar)
}

/// A chapter's print rendering as a part of the print page, without copying it.
pub(super) fn chapter_part(chapter: &Arc<Rendered>) -> (Bytes, PartKind) {
    let kind = match &chapter.written {
        Some(_) => PartKind::Written(chapter.clone()),
        None => PartKind::Other,
    };
    (Bytes::from_owner(RenderedHtml(chapter.clone())), kind)
}

/// Walks the print page's parts in order, handing each piece to `emit` (with whether it is
/// the sidebar's) and, at each chapter marker, the content `chapter` gives for the marker's
/// number. A marker `chapter` has no content for is not one of ours and stays as it is, so
/// without chapters the parts come out as they went in.
pub(super) fn splice(
    parts: Vec<Bytes>,
    sidebar: Option<&SidebarParts>,
    mut chapter: impl FnMut(usize) -> Option<(Bytes, PartKind)>,
    mut emit: impl FnMut(Bytes, PartKind),
) {
    static MARKER: LazyLock<memmem::Finder<'static>> = LazyLock::new(|| {
        let marker = CHAPTER_MARKER.to_string();
        memmem::Finder::new(marker.as_bytes()).into_owned()
    });
    let marker = MARKER.needle();
    for (i, part) in parts.into_iter().enumerate() {
        if sidebar.is_some_and(|s| s.range.contains(&i)) {
            emit(part, PartKind::Sidebar);
            continue;
        }
        // `done`: how much of the part is emitted; `from`: where to look for a marker next.
        let (mut done, mut from) = (0, 0);
        while let Some(found) = MARKER.find(&part[from..]) {
            let start = from + found;
            let after = start + marker.len();
            let content = MARKER.find(&part[after..]).and_then(|len| {
                let n: usize = std::str::from_utf8(&part[after..after + len])
                    .ok()?
                    .parse()
                    .ok()?;
                Some((chapter(n)?, after + len + marker.len()))
            });
            match content {
                Some(((content, kind), end)) => {
                    emit(part.slice(done..start), PartKind::Other);
                    emit(content, kind);
                    (done, from) = (end, end);
                }
                // Not a marker of ours: the character stays in the part.
                None => from = after,
            }
        }
        emit(part.slice(done..), PartKind::Other);
    }
}

/// Writes the print page, splicing in each chapter as it arrives (in print order, in
/// batches) and letting it go once written. That needs a template that places each chapter
/// at most once and in order, as the built-in one does; for any other, every chapter is
/// kept until the page is written whole.
pub(super) fn write_print_page<K: Sink>(
    output: Output,
    total: usize,
    arriving: mpsc::Receiver<Vec<Arc<Rendered>>>,
    sink: &K,
) -> (Output, K::Receipt) {
    let parts = output.body.parts().to_vec();
    let sidebar = output.sidebar.clone();
    let output = Output {
        body: Body::default(),
        ..output
    };
    let mut placed = Vec::new();
    splice(
        parts.clone(),
        sidebar.as_ref(),
        |n| {
            placed.push(n);
            (n < total).then(|| (Bytes::new(), PartKind::Other))
        },
        |_, _| {},
    );
    placed.retain(|&n| n < total);
    if !placed.windows(2).all(|pair| pair[0] < pair[1]) {
        let chapters: Vec<Arc<Rendered>> = arriving.iter().flatten().collect();
        let (body, sidebar) = splice_chapters(parts, &chapters, sidebar);
        let whole = Output {
            body,
            sidebar,
            ..output
        };
        return sink.take(whole);
    }
    let mut chapters = arriving.iter().flatten();
    let mut next = 0;
    let mut parts = Some(parts);
    sink.take_parts(output, &mut |emit| {
        let parts = parts.take().unwrap_or_default();
        let chapter = |n: usize| {
            if n >= total {
                return None;
            }
            // Chapters the template leaves out are let go of unwritten.
            while next < n {
                chapters.next();
                next += 1;
            }
            next += 1;
            chapters.next().map(|c| chapter_part(&c))
        };
        splice(parts, sidebar.as_ref(), chapter, |part: Bytes, kind| {
            emit(part, kind)
        });
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chapters_are_spliced_into_the_print_page() {
        let chapter = |html: &str| {
            Arc::new(Rendered {
                html: html.into(),
                ..Rendered::default()
            })
        };
        let mut chapters = [chapter("<p>one</p>"), chapter("<p>two</p>")];
        Arc::get_mut(&mut chapters[1]).unwrap().written = Some(Default::default());
        let parts = vec![
            Bytes::from(format!("<main>{}", chapter_marker(1))),
            Bytes::from_static(b"|"),
            Bytes::from(format!(
                "{}|{}\u{F8FE}x</main>",
                chapter_marker(0),
                chapter_marker(7)
            )),
        ];
        let sidebar = SidebarParts {
            range: 1..2,
            has_ids: true,
        };
        let (body, moved) = splice_chapters(parts, &chapters, Some(sidebar));
        let spliced = body.parts();
        assert_eq!(
            String::from_utf8(spliced.concat()).unwrap(),
            format!(
                "<main><p>two</p>|<p>one</p>|{}\u{F8FE}x</main>",
                chapter_marker(7)
            )
        );
        // The sidebar's range followed its part.
        let moved = moved.unwrap();
        assert_eq!(spliced[moved.range].concat(), b"|");
        assert!(moved.has_ids);
        // Only the chapter whose ids and links are known is marked so.
        let marked: Vec<usize> = (0..spliced.len())
            .filter(|&i| body.written(i).is_some())
            .collect();
        assert_eq!(marked, [1]);
        assert_eq!(&spliced[1][..], b"<p>two</p>");
    }
}
