//! The floor for the build benchmark: the least work any generator must do on a corpus.
//!
//!     cargo run --release --example floor -- CONTENT_DIR OUT_DIR
//!
//! Reads every `.md` file under CONTENT_DIR, renders its Markdown with pulldown-cmark (the
//! same options as `guide`), and writes the HTML to OUT_DIR, on all cores. No front matter
//! parsing, templates, links or checks: `scripts/bench.sh` reports guide's time as a ratio
//! of this one.

#![allow(clippy::print_stdout, clippy::print_stderr)] // a command-line tool

use std::path::Path;
use std::{env, fs, process};

use pulldown_cmark::{Parser, html};
use rayon::prelude::*;
use walkdir::WalkDir;

fn main() {
    let args: Vec<String> = env::args().collect();
    let [_, content, out] = args.as_slice() else {
        eprintln!("usage: floor CONTENT_DIR OUT_DIR");
        process::exit(2);
    };
    let content = Path::new(content);
    let files: Vec<_> = WalkDir::new(content)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    let written: usize = files
        .par_iter()
        .map(|file| {
            let markdown = fs::read_to_string(file).expect("readable UTF-8 file");
            let mut page = String::with_capacity(markdown.len() * 3 / 2);
            html::push_html(
                &mut page,
                Parser::new_ext(&markdown, guide::markdown_options()),
            );
            let rel = file
                .strip_prefix(content)
                .expect("under the content folder");
            let target = Path::new(out).join(rel).with_extension("html");
            fs::create_dir_all(target.parent().expect("a parent folder")).expect("writable");
            fs::write(&target, page).expect("writable");
            1
        })
        .sum();
    println!("{written} pages");
}
