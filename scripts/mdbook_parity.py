#!/usr/bin/env python3
"""Checks a book imported with `guide import mdbook` and built with `guide build` against
what mdBook gives the same book: every heading has the id mdBook would give it, every
chapter's old `.html` URL exists and leads to its page, and so does every redirect the
book's book.toml lists.

    python3 scripts/mdbook_parity.py BOOK_DIR GUIDE_DIR

BOOK_DIR is the mdBook book (with book.toml and src/SUMMARY.md), GUIDE_DIR the imported
guide after `guide build --root GUIDE_DIR`. Prints the figures and every mismatch; exits 1
on any.
"""
import html
import re
import sys
import tomllib
from html.parser import HTMLParser
from pathlib import Path


def mdbook_id(text):
    """mdBook's id_from_content: lowercase; letters, digits, `_` and `-` kept; each
    whitespace a `-`; everything else dropped; `section` when nothing is left."""
    out = []
    for ch in text.strip().lower():
        if ch.isalnum() or ch in "_-":
            out.append(ch)
        elif ch.isspace():
            out.append("-")
    return "".join(out) or "section"


def unique(base, used):
    if base not in used:
        used.add(base)
        return base
    n = 1
    while f"{base}-{n}" in used:
        n += 1
    used.add(f"{base}-{n}")
    return f"{base}-{n}"


class Headings(HTMLParser):
    """The page's title, and each heading of its text (id, text) in order; a left-out
    title heading is an empty `<span id>` that opens the text. The theme's own headings
    (a section's list of chapters) are not the book's."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.title = None
        self.headings = []
        self.current = None  # [id, text] while inside a heading of the text
        self.in_h1 = False
        self.skip = 0  # inside a heading's self-link

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "h1" and self.title is None and "id" not in attrs:
            self.in_h1, self.title = True, ""
        elif re.fullmatch(r"h[1-6]", tag) and "id" in attrs and "listing-heading" not in (attrs.get("class") or ""):
            self.current = [attrs["id"], ""]
        elif tag == "span" and "id" in attrs and self.title is not None and not self.headings:
            self.headings.append((attrs["id"], None))
        elif tag == "a" and self.current is not None and "anchor" in (attrs.get("class") or ""):
            self.skip += 1

    def handle_endtag(self, tag):
        if tag == "h1" and self.in_h1:
            self.in_h1 = False
        elif re.fullmatch(r"h[1-6]", tag) and self.current is not None:
            self.headings.append((self.current[0], self.current[1].replace("\xa0", " ")))
            self.current = None
        elif tag == "a" and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if self.in_h1:
            self.title += data
        elif self.current is not None and not self.skip:
            self.current[1] += data


def chapters(book):
    summary = (book / "src" / "SUMMARY.md").read_text()
    for link in re.findall(r"\]\(([^)]+\.md)\)", summary):
        yield link.lstrip("./")


def main():
    book, guide = Path(sys.argv[1]), Path(sys.argv[2])
    public = guide / "public"
    problems, headings, redirects = [], 0, 0
    for chapter in chapters(book):
        # mdBook's `index` preprocessor makes a README.md the folder's index.html.
        stem = chapter[: -len(".md")]
        if Path(stem).name == "README":
            stem = str(Path(stem).with_name("index"))
        old = public / (stem + ".html")
        if not old.exists():
            problems.append(f"{chapter}: no {old.relative_to(public)}")
            continue
        target = re.search(r'http-equiv="refresh" content="0; url=([^"]+)"', old.read_text())
        if not target and old.name != "index.html":
            problems.append(f"{chapter}: {old.relative_to(public)} does not redirect")
            continue
        if target:
            page = (old.parent / html.unescape(target.group(1))).resolve() / "index.html"
        else:
            page = old  # the folder's index.html is the page itself
        if not page.exists():
            problems.append(f"{chapter}: {old.relative_to(public)} leads nowhere")
            continue
        redirects += 1
        parser = Headings()
        parser.feed(page.read_text())
        used = set()
        for got, text in parser.headings:
            text = parser.title if text is None else text
            want = unique(mdbook_id(text), used)
            headings += 1
            if got != want:
                problems.append(f"{chapter}: heading {text.strip()!r} has id {got!r}, mdBook gives {want!r}")
    # The book's own redirects ([output.html.redirect] in book.toml) keep working too.
    config = tomllib.loads((book / "book.toml").read_text())
    moved = config.get("output", {}).get("html", {}).get("redirect", {})
    for old in moved:
        file = public / old.lstrip("/")
        if not file.is_file() or 'http-equiv="refresh"' not in file.read_text():
            problems.append(f"book.toml redirect {old}: no page that redirects")
    for p in problems:
        print(p)
    print(f"{redirects} old .html URLs redirect to their pages, and {len(moved)} redirects of "
          f"book.toml; {headings} headings, "
          f"{headings - sum('heading' in p for p in problems)} with mdBook's id; "
          f"{len(problems)} problems")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
