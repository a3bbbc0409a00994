#!/usr/bin/env python3
"""Count the words of the guide's chapters, reproducibly.

What is counted: the Markdown body of every content/**/*.md file (the home page and
section pages included), i.e. the prose a reader reads, including table cells, list items,
headings and callouts.

What is left out:
  - the YAML front matter between the opening `---` lines;
  - shortcodes, `{{ ... }}` (their output comes from the role data, not the chapter);
  - fenced code blocks of any language, which in this guide means the ```question
    self-check blocks;
  - citations in Pandoc style, `[@vcu]`, `[@vcu; @whitaker]`;
  - the target of a Markdown link, `(other.md#anchor)` (the link text is counted);
  - HTML comments and tags.

A word is a whitespace-separated token that contains at least one letter or digit, so
Markdown's own marks (`#`, `-`, `|`, `>`, `---`) are never counted.

Usage: scripts/chapter_words.py [CONTENT_DIR]   (default: content/ beside this script)
Prints one line per file and the total.
"""
import pathlib
import re
import sys


def body(text: str) -> str:
    if text.startswith("---"):
        end = text.find("\n---", 3)
        if end != -1:
            text = text[text.find("\n", end + 1) + 1 :]
    return text


def strip(text: str) -> str:
    text = re.sub(r"^(```|~~~).*?^\1[ \t]*$", " ", text, flags=re.S | re.M)
    text = re.sub(r"\{\{.*?\}\}", " ", text, flags=re.S)
    text = re.sub(r"\[@[^\]]*\]", " ", text)
    text = re.sub(r"<!--.*?-->", " ", text, flags=re.S)
    text = re.sub(r"\]\([^)]*\)", "] ", text)
    text = re.sub(r"<[^>]+>", " ", text)
    return text


def count(text: str) -> int:
    return sum(1 for tok in strip(body(text)).split() if re.search(r"\w", tok))


def main() -> None:
    root = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else pathlib.Path(__file__).resolve().parent.parent / "content"
    total = 0
    for path in sorted(root.rglob("*.md")):
        n = count(path.read_text(encoding="utf-8"))
        total += n
        print(f"{n:6d}  {path.relative_to(root)}")
    print(f"{total:6d}  total")


if __name__ == "__main__":
    main()
