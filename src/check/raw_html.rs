//! Broken links a page's own raw HTML writes (`<a href="...">` in its Markdown), told at
//! the line of the page that writes them, and once for the page and the print page both:
//! the check finds them in the outputs' HTML, where nothing says which line wrote them.
//! On the print page a link within the page carries the page's prefix (`#ch-part-x-top`
//! for `#top`), which is taken off to find it. Only links the check found broken are looked
//! for, so a build without one does none of this.

use std::collections::BTreeMap;

use aho_corasick::AhoCorasick;
use rustc_hash::FxHashMap as HashMap;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown::{print_id, raw_html_links};
use crate::model::{PRINT_PATH, Site};
use crate::output::Output;
use crate::url;

use super::memo::Broken;

/// A broken link and the output it was seen in.
pub(super) type Seen<'a> = (&'a Broken, &'a Output);

/// Reports the problems that a page's raw HTML writes, and gives back the others.
pub(super) fn report_raw_html_links<'a>(
    site: &Site,
    problems: Vec<Seen<'a>>,
    diagnostics: &mut Diagnostics,
) -> Vec<Seen<'a>> {
    if problems.is_empty() {
        return problems;
    }
    let print_file = url::output_file(PRINT_PATH);
    let (on_print, own): (Vec<Seen<'a>>, Vec<Seen<'a>>) = problems
        .into_iter()
        .partition(|(_, output)| output.path == print_file);
    let mut pages = Pages::new(site);
    // By page and offset: the problem first seen there, whether only the print page has
    // it, and the outputs it was seen in. The pages' own outputs come first, so a link
    // broken on both is told as its page has it.
    let mut found: BTreeMap<(usize, usize), Found<'_>> = BTreeMap::new();
    let mut rest = Vec::new();
    for (broken, output) in own {
        let place = pages
            .of_output(&output.path)
            .and_then(|i| Some((i, pages.find(i, &broken.link)?)));
        match place {
            Some(place) => found
                .entry(place)
                .or_insert_with(|| Found::new(broken, broken.link.clone(), false))
                .outputs
                .push(&output.path),
            None => rest.push((broken, output)),
        }
    }
    pages.look_for(on_print.iter().map(|(broken, _)| broken.link.as_str()));
    for (broken, output) in on_print {
        match pages.on_print(&broken.link) {
            Some((page, offset, written)) => found
                .entry((page, offset))
                .or_insert_with(|| Found::new(broken, written, true))
                .outputs
                .push(&output.path),
            None => rest.push((broken, output)),
        }
    }
    for ((i, offset), found) in found {
        let page = &site.pages[i];
        let source = &page.loaded.source;
        let (written, problem) = (&found.written, &found.broken.problem);
        let message = match found.print_only {
            false => format!("link `{written}` in raw HTML: {problem}"),
            true => format!("link `{written}` in raw HTML breaks on the print page: {problem}"),
        };
        let help = match found.print_only {
            false => format!("seen in the output file{}", list(&found.outputs)),
            true if written.starts_with('#') => format!(
                "on the print page ({print_file}) a link within the page reaches only the ids \
                 of the page's own headings and HTML, which get its prefix there"
            ),
            true => format!(
                "the print page ({print_file}) shows this page's HTML at another address; \
                 write it as a Markdown link, which guide rewrites for each place"
            ),
        };
        diagnostics.push(
            Diagnostic::error(page.loaded.shown_path(), message)
                .at_offset(source, offset)
                .with_help(help),
        );
    }
    rest
}

/// A broken link found in a page's raw HTML.
struct Found<'a> {
    broken: &'a Broken,
    /// As the page writes it.
    written: String,
    /// Whether only the print page has it broken.
    print_only: bool,
    /// The outputs it was seen in.
    outputs: Vec<&'a str>,
}

impl<'a> Found<'a> {
    fn new(broken: &'a Broken, written: String, print_only: bool) -> Self {
        Found {
            broken,
            written,
            print_only,
            outputs: Vec::new(),
        }
    }
}

/// ` a` or `s a and b`.
fn list(outputs: &[&str]) -> String {
    match outputs {
        [one] => format!(" {one}"),
        [init @ .., last] => format!("s {} and {last}", init.join(", ")),
        [] => String::new(),
    }
}

/// The site's pages, with what is looked up in them made once, when first needed.
struct Pages<'s> {
    site: &'s Site,
    by_output: Option<HashMap<String, usize>>,
    by_print_id: Option<HashMap<String, usize>>,
    /// Each page's raw HTML links, by page.
    links: HashMap<usize, Vec<(String, usize)>>,
    /// For the links looked for on the print page, the pages whose text holds them.
    holding: HashMap<String, Vec<usize>>,
}

impl<'s> Pages<'s> {
    fn new(site: &'s Site) -> Self {
        Pages {
            site,
            by_output: None,
            by_print_id: None,
            links: HashMap::default(),
            holding: HashMap::default(),
        }
    }

    /// The page whose own output is `path`.
    fn of_output(&mut self, path: &str) -> Option<usize> {
        let site = self.site;
        let by_output = self.by_output.get_or_insert_with(|| {
            (0..site.pages.len())
                .map(|i| (url::output_file(&site.pages[i].path), i))
                .collect()
        });
        by_output.get(path).copied()
    }

    /// Where page `i`'s raw HTML first writes `link`.
    fn find(&mut self, i: usize, link: &str) -> Option<usize> {
        let site = self.site;
        let links = self
            .links
            .entry(i)
            .or_insert_with(|| raw_html_links(site, i));
        links.iter().find(|(l, _)| l == link).map(|&(_, at)| at)
    }

    /// Finds, in one pass over the pages' text, the pages that may write each of `links`
    /// (those that are not links within the print page).
    fn look_for<'l>(&mut self, links: impl Iterator<Item = &'l str>) {
        let mut patterns: Vec<&str> = links.filter(|l| !l.starts_with('#')).collect();
        patterns.sort_unstable();
        patterns.dedup();
        if patterns.is_empty() {
            return;
        }
        let Ok(finder) = AhoCorasick::new(&patterns) else {
            return;
        };
        for (i, page) in self.site.pages.iter().enumerate() {
            // The body, with any included text: raw HTML may come from an included file.
            for m in finder.find_overlapping_iter(page.loaded.body()) {
                let pages = self
                    .holding
                    .entry(patterns[m.pattern().as_usize()].to_string())
                    .or_default();
                if pages.last() != Some(&i) {
                    pages.push(i);
                }
            }
        }
    }

    /// The page and offset of the raw HTML that writes `link` on the print page, and the
    /// link as it writes it.
    fn on_print(&mut self, link: &str) -> Option<(usize, usize, String)> {
        let Some(fragment) = link.strip_prefix('#') else {
            let candidates = self.holding.get(link).cloned().unwrap_or_default();
            return candidates
                .into_iter()
                .find_map(|i| Some((i, self.find(i, link)?, link.to_string())));
        };
        // `#ch-part-x-top`: the page whose print id is the longest that starts it.
        let site = self.site;
        let by_print_id = self.by_print_id.get_or_insert_with(|| {
            (0..site.pages.len())
                .map(|i| (print_id(&site.pages[i].path), i))
                .collect()
        });
        let mut pages: Vec<(usize, &str)> = fragment
            .match_indices('-')
            .filter_map(|(dash, _)| {
                let page = *by_print_id.get(&fragment[..dash])?;
                Some((page, &fragment[dash + 1..]))
            })
            .collect();
        pages.reverse();
        pages.into_iter().find_map(|(i, own)| {
            let written = format!("#{own}");
            Some((i, self.find(i, &written)?, written))
        })
    }
}
