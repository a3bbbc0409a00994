//! Where the links written on a page lead: each link and image is located once per page
//! (another site, a page, a static file, a site path, or broken), then written for each
//! placement of the HTML and recorded to be checked once every page is rendered.

use pulldown_cmark::CowStr;

use super::print::print_href;
use super::render::PageRenderer;
use super::{LinkCheck, Target};
use crate::html::{has_scheme, percent_decode};
use crate::model::{PRINT_PATH, Site};
use crate::url;

impl<'a> PageRenderer<'_, 'a> {
    /// Rewrites one link or image target for this placement, or for both with a marker
    /// when `markable` (a plain link, written by [`PageRenderer::event`]), and records what
    /// to check.
    pub(super) fn rewrite(&mut self, dest: CowStr<'a>, offset: usize, markable: bool) -> Href<'a> {
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
                            let marker =
                                slots.add(escaped_href(&own, &dest), escaped_href(&print, &dest));
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

    /// A link written outside Markdown's link syntax (a self-check question's `link:`),
    /// located, recorded to be checked at `offset`, and written for this placement and for
    /// the print page: `(here, print)`. A broken link is reported and gives `None`.
    pub(super) fn written_link(&mut self, dest: &str, offset: usize) -> Option<(String, String)> {
        match locate(self.site, self.index, dest) {
            Located::External => Some((dest.to_string(), dest.to_string())),
            Located::Check { to, fragment } => {
                let href = |at| {
                    let url = to.href(self.site, self.index, at, fragment.as_deref());
                    url.unwrap_or_else(|| dest.to_string())
                };
                let hrefs = (href(self.at), href(PRINT_PATH));
                self.push_link_check(&to, &fragment, offset, dest);
                Some(hrefs)
            }
            Located::Broken { message, help } => {
                self.diagnostics.push((offset, message, help));
                None
            }
        }
    }

    /// A link in the page's raw HTML, written at `offset` of the file: located, recorded to
    /// be checked, and given back as the attribute's new value for this placement (or a
    /// template's marker), escaped; `None` keeps the value as written.
    pub(super) fn raw_link(&mut self, dest: &str, offset: usize) -> Option<String> {
        let (to, fragment) = match locate(self.site, self.index, dest) {
            Located::External => return None,
            Located::Check { to, fragment } => (to, fragment),
            Located::Broken { message, help } => {
                self.diagnostics.push((offset, message, help));
                return None;
            }
        };
        let href = |at| to.href(self.site, self.index, at, fragment.as_deref());
        let own = href(self.at);
        let written = match &mut self.slots {
            Some(slots) => {
                let print = href(PRINT_PATH);
                match own == print {
                    true => own.is_some().then(|| escaped_href(&own, dest)),
                    false => Some(slots.add(escaped_href(&own, dest), escaped_href(&print, dest))),
                }
            }
            None => own.is_some().then(|| escaped_href(&own, dest)),
        };
        self.push_link_check(&to, &fragment, offset, dest);
        written
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

/// A placement's URL for a link, or the link as written (`dest`) where the placement keeps
/// it, escaped for an attribute as pulldown-cmark escapes a link's.
fn escaped_href(url: &Option<String>, dest: &str) -> String {
    let mut out = String::new();
    let _ = pulldown_cmark_escape::escape_href(&mut out, url.as_deref().unwrap_or(dest));
    out
}

/// A link's URL in the HTML: the URL itself, or a template's marker for it.
pub(super) enum Href<'a> {
    Url(CowStr<'a>),
    Marked(String),
}

/// Where a link written on a page leads, found once for every placement of its HTML.
pub(super) enum Located {
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
pub(super) enum To {
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
            // A page left out of a translation is not on its print page.
            To::Page(target) if on_print_page && !site.pages[*target].left_out() => {
                Some(print_href(&site.pages[*target].path, fragment))
            }
            To::Page(target) => Some(with_fragment(url::escape_path(url::relative(
                at,
                &site.pages[*target].path,
            )))),
            To::Asset(path) => Some(with_fragment(url::escape_path(url::relative(at, path)))),
            To::Path(path) => {
                (at != page.path).then(|| with_fragment(url::escape_path(url::relative(at, path))))
            }
        }
    }
}

/// The URL, in HTML placed at the site path `at`, of page `target` (at `#fragment`): on the
/// print page, the page's section there. For links that data rather than Markdown gives
/// (a pathway step's chapter).
pub(crate) fn page_href(site: &Site, target: usize, at: &str, fragment: Option<&str>) -> String {
    let to = To::Page(target);
    to.href(site, target, at, fragment).unwrap_or_default()
}

/// Finds where a link written on page `index` (relative to its Markdown file) leads.
pub(super) fn locate(site: &Site, index: usize, written: &str) -> Located {
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
    // Files are found by their names, which a destination may write percent-encoded
    // (`a%20b.png`, `%C3%B6.md`).
    let on_disk = match path_part.contains('%') {
        true => std::borrow::Cow::Owned(percent_decode(path_part)),
        false => std::borrow::Cow::Borrowed(path_part),
    };
    let in_content = url::normalize_path(&[folder, &on_disk].concat())
        .map(|p| p.trim_end_matches('/').to_string());
    if let Some(file) = &in_content {
        if on_disk.ends_with(".md") {
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
    // Anything else is a URL relative to this page's own address (e.g. `../compare/`),
    // naming an output by its file's name.
    match url::normalize_path(&[page.path.as_str(), &on_disk].concat()) {
        // A generated page whose data file could not be read: that is reported already.
        Some(path) if is_unbuilt(site, &path) => Located::External,
        Some(path) => check(To::Path(path)),
        None => Located::Broken {
            message: format!("link `{written}` climbs above the site root"),
            help: None,
        },
    }
}

fn is_unbuilt(site: &Site, path: &str) -> bool {
    site.unbuilt
        .iter()
        .any(|page| path.starts_with(page) || path == page.trim_end_matches('/'))
}

fn draft_hint(site: &Site, file: &str) -> &'static str {
    if site.draft_files.contains(file) {
        " (it is a draft: build with --drafts to include it)"
    } else {
        ""
    }
}
