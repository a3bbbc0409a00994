//! The index's files: which pages hold each term, split into chunks a reader's browser
//! fetches only when a query needs them, so a query on a guide of any size downloads a
//! few chunks rather than the whole index.
//!
//! - `meta.json`: the number of pages, and the first key of every chunk of each table;
//! - `w/N.json`: words whose term differs from the word itself, with that term (the script
//!   has no stemmer: it looks up what the reader typed here, or else takes it as a term);
//! - `p/N.json`: each term with the pages that hold it and how strongly, one number per
//!   page: the gap from the previous page's number times 16, plus a weight from 1 to 15;
//! - `d/N.json`: pages N * 32 to N * 32 + 31 as `[title, link, kind, breadcrumb]`, for
//!   the results shown. The script quotes a result from the page itself, which it fetches
//!   (a reader who opens the result has it cached): writing each page's text a second time
//!   cost the build a file per page.
//!
//! Chunks are consecutive runs of the sorted keys, cut once they pass a size, so a chunk
//! stays small whatever the terms look like. A session keeps what it wrote ([`Written`])
//! and writes again only the chunks whose keys changed.

use std::sync::Arc;

use bytes::Bytes;
use rustc_hash::FxHashMap as HashMap;
use serde::Serialize;

use super::Doc;
use crate::fingerprint::Fingerprint;

/// A chunk is cut once it holds this many bytes (one term's pages may make it larger).
const CHUNK_BYTES: usize = 24 * 1024;

/// Pages per file of the table of pages (`d/N.json`).
pub(crate) const DOCS_PER_CHUNK: usize = 32;

/// One file of the index, with a fingerprint of its bytes.
#[derive(Clone)]
struct File {
    path: String,
    bytes: Bytes,
    hash: u64,
}

impl File {
    fn new(path: String, bytes: Bytes) -> File {
        let hash = Fingerprint::new().with(&bytes[..]).finish();
        File { path, bytes, hash }
    }
}

/// A file of a sorted table's chunk, with the first and last keys it holds.
#[derive(Clone)]
struct Chunk {
    first: String,
    last: String,
    file: File,
}

/// The index's files as written, kept by a session so that its next build writes again
/// only the files whose contents changed.
#[derive(Clone, Default)]
pub(super) struct Written {
    words: Vec<Chunk>,
    terms: Vec<Chunk>,
    /// Each file of the table of pages, with a fingerprint of its rows.
    docs: Vec<(u64, File)>,
    meta: Option<File>,
}

/// What a session's build changed since the files it last wrote: the terms whose pages
/// changed (sorted), and whether any word's term did.
pub(super) struct Since<'a> {
    pub(super) last: &'a Written,
    pub(super) terms: &'a [Arc<str>],
    pub(super) words: bool,
}

impl Written {
    /// The files of these sorted words and terms (each with its value as JSON) and table
    /// of pages. `since` lets a chunk be taken from the last build's files when none of
    /// its keys changed, so it stays the same bytes.
    pub(super) fn new(
        words: &[(impl AsRef<str>, impl AsRef<[u8]>)],
        terms: &[(impl AsRef<str>, impl AsRef<[u8]>)],
        docs: &[Doc<'_>],
        since: Option<Since<'_>>,
        fold: bool,
    ) -> Written {
        let pages = docs.len();
        let (words, terms, old_docs) = match &since {
            Some(since) => {
                let word_keys: &[Arc<str>] = if since.words { &[] } else { since.terms };
                let old_words = (!since.words).then_some(&since.last.words[..]);
                (
                    chunks("w", words, old_words.map(|old| (old, word_keys))),
                    chunks("p", terms, Some((&since.last.terms[..], since.terms))),
                    &since.last.docs[..],
                )
            }
            None => (chunks("w", words, None), chunks("p", terms, None), &[][..]),
        };
        let docs = (docs.chunks(DOCS_PER_CHUNK).enumerate())
            .map(|(n, run)| {
                // A page in the source's words has its language last.
                let rows: Vec<Vec<&str>> = (run.iter())
                    .map(|d| {
                        let row = [&d.title, &d.url, d.kind, &d.crumbs];
                        row.into_iter().chain(d.lang).collect()
                    })
                    .collect();
                let key = Fingerprint::new().with(&rows).finish();
                match old_docs.get(n) {
                    Some((old, file)) if *old == key => (key, file.clone()),
                    _ => (key, File::new(format!("d/{n}.json"), to_json(&rows))),
                }
            })
            .collect();
        let mut written = Written {
            words,
            terms,
            docs,
            meta: None,
        };
        let mut version = Fingerprint::new();
        for file in written.each() {
            version = version.with(&file.path).with(file.hash);
        }
        let meta = Meta {
            v: format!("{:x}", version.finish()),
            n: pages,
            d: DOCS_PER_CHUNK,
            w: written.words.iter().map(|c| c.first.clone()).collect(),
            p: written.terms.iter().map(|c| c.first.clone()).collect(),
            f: fold,
        };
        written.meta = Some(File::new("meta.json".into(), to_json(&meta)));
        written
    }

    fn each(&self) -> impl Iterator<Item = &File> {
        (self.words.iter().chain(&self.terms))
            .map(|c| &c.file)
            .chain(self.docs.iter().map(|(_, f)| f))
            .chain(&self.meta)
    }

    /// The files, as (path relative to the index's folder, bytes), sorted by path.
    pub(super) fn files(&self) -> Vec<(String, Bytes)> {
        let mut out: Vec<(String, Bytes)> = (self.each())
            .map(|f| (f.path.clone(), f.bytes.clone()))
            .collect();
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out
    }
}

/// Writes `entries` (sorted keys, each with its value as JSON) as chunks `{dir}/N.json`
/// of one JSON object each. With `reuse`, the last build's chunks and the keys changed
/// since (sorted), a chunk that holds the same keys as one of the last build's, none of
/// them changed, is taken from it.
fn chunks(
    dir: &str,
    entries: &[(impl AsRef<str>, impl AsRef<[u8]>)],
    reuse: Option<(&[Chunk], &[Arc<str>])>,
) -> Vec<Chunk> {
    let old: HashMap<&str, &Chunk> = (reuse.iter())
        .flat_map(|(old, _)| old.iter())
        .map(|c| (c.first.as_str(), c))
        .collect();
    let untouched = |first: &str, last: &str| {
        let Some((_, changed)) = reuse else {
            return false;
        };
        let at = changed.partition_point(|k| &**k < first);
        changed.get(at).is_none_or(|k| &**k > last)
    };
    let mut out = Vec::new();
    let mut start = 0;
    let mut size = 0;
    for (i, (key, value)) in entries.iter().enumerate() {
        // `{` or `,`, the key, `:` and the value.
        size += 1 + json_len(key.as_ref()) + 1 + value.as_ref().len();
        if size < CHUNK_BYTES && i + 1 < entries.len() {
            continue;
        }
        let run = &entries[start..=i];
        let (first, last) = (run[0].0.as_ref(), key.as_ref());
        let path = format!("{dir}/{}.json", out.len());
        let file = match old.get(first) {
            Some(c) if c.last == last && untouched(first, last) => File {
                path,
                ..c.file.clone()
            },
            _ => {
                let mut chunk = Vec::with_capacity(size + 1);
                for (n, (key, value)) in run.iter().enumerate() {
                    chunk.push(if n == 0 { b'{' } else { b',' });
                    chunk.extend_from_slice(json_string(key.as_ref()).as_bytes());
                    chunk.push(b':');
                    chunk.extend_from_slice(value.as_ref());
                }
                chunk.push(b'}');
                File::new(path, Bytes::from(chunk))
            }
        };
        out.push(Chunk {
            first: first.into(),
            last: last.into(),
            file,
        });
        (start, size) = (i + 1, 0);
    }
    out
}

/// The length of `s` written as a JSON string, as `serde_json` writes it.
fn json_len(s: &str) -> usize {
    2 + s
        .bytes()
        .map(|b| match b {
            b'"' | b'\\' | 0x08 | 0x0c | b'\n' | b'\r' | b'\t' => 2,
            0..0x20 => 6,
            _ => 1,
        })
        .sum::<usize>()
}

#[derive(Serialize)]
struct Meta {
    /// Changes whenever any file of the index does, so a browser never mixes two builds'.
    v: String,
    n: usize,
    /// Pages per file of the table of pages.
    d: usize,
    w: Vec<String>,
    p: Vec<String>,
    /// Whether words and terms are folded (their accents dropped): the script folds what
    /// the reader types too.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    f: bool,
}

fn to_json(value: &impl Serialize) -> Bytes {
    // Serialising strings, numbers and vectors cannot fail.
    Bytes::from(serde_json::to_vec(value).unwrap_or_default())
}

pub(super) fn json_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_are_cut_by_size_in_key_order() {
        let entries: Vec<(String, String)> = (0..2000)
            .map(|n| (format!("k{n:05}"), format!("[{}]", "1,".repeat(20) + "1")))
            .collect();
        let out = chunks("p", &entries, None);
        assert!(out.len() > 1);
        assert_eq!(out[0].first, "k00000");
        for (n, chunk) in out.iter().enumerate() {
            assert_eq!(chunk.file.path, format!("p/{n}.json"));
            assert!(chunk.file.bytes.len() < CHUNK_BYTES + 100);
            let v: serde_json::Value = serde_json::from_slice(&chunk.file.bytes).unwrap();
            assert!(v.get(&chunk.first).is_some());
            assert!(v.get(&chunk.last).is_some());
        }
    }

    #[test]
    fn a_chunk_is_taken_again_only_when_none_of_its_keys_changed() {
        let entries = |changed: usize| -> Vec<(String, String)> {
            (0..2000)
                .map(|n| {
                    let value = if n == changed { "[2]" } else { "[1]" };
                    (format!("k{n:05}"), format!("[{}]{value}", "1,".repeat(20)))
                })
                .collect()
        };
        let first = chunks("p", &entries(usize::MAX), None);
        let changed: Vec<Arc<str>> = vec!["k01000".into()];
        let again = chunks("p", &entries(1000), Some((&first, &changed)));
        let fresh = chunks("p", &entries(1000), None);
        assert_eq!(again.len(), fresh.len());
        let mut taken = 0;
        for ((a, f), old) in again.iter().zip(&fresh).zip(&first) {
            assert_eq!(
                a.file.bytes, f.file.bytes,
                "the same bytes as a fresh write"
            );
            let holds_change = a.first.as_str() <= "k01000" && "k01000" <= a.last.as_str();
            let same_buffer = a.file.bytes.as_ptr() == old.file.bytes.as_ptr();
            assert_eq!(same_buffer, !holds_change, "{}", a.file.path);
            taken += usize::from(same_buffer);
        }
        assert_eq!(taken, again.len() - 1);
    }

    #[test]
    fn json_lengths_match_serde_json() {
        for s in [
            "",
            "plain",
            "qu\"ote",
            "back\\slash",
            "tab\tnew\nline",
            "\u{1}ctl",
            "é ü 名",
        ] {
            assert_eq!(json_len(s), json_string(s).len(), "{s:?}");
        }
    }
}
