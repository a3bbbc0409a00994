#!/usr/bin/env python3
"""Does a build's cost grow with the guide, whatever its shape?

Builds guides of unusual but plausible shapes at two sizes, the second twice the first,
and prints the median wall time and the output's size at each, and their ratios: about 2
means linear, about 4 quadratic. Each shape stresses one thing that used to be quadratic:

  section    one section of n pages (every page's sidebar listed every other page)
  glossary   2,000 pages and a glossary of n terms (each term searched for on its own)
  shortcodes one page of n paragraphs, each with a shortcode, two links and a footnote
             (the page's HTML copied once per shortcode)
  headings   one page of n headings of one title (each id numbered from 1 again)
  links      n pages and one that links to a heading in each (each target compared with
             every other the page links into)
  questions  one page of n self-check questions, each after a callout (each question's
             line was counted from the top of the file)
  code       one page of n parts, each with a highlighted code block in one of three languages,
             an inline formula and a display formula (highlighting and math stay per block)

    scripts/shapes.py [--runs 3] [--guide target/release/guide] [--work DIR] [SHAPE ...]
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CONFIG = "title: Shapes\ndescription: A generated guide.\nbase_url: https://example.org/shapes/\nlanguage: en\n"


def page(title, body, weight=None):
    front = f"---\ntitle: {title}\n" + (f"weight: {weight}\n" if weight is not None else "") + "---\n\n"
    return front + body


def write(root, rel, text):
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def base(root):
    write(root, "guide.yaml", CONFIG)
    write(root, "content/_index.md", page("Home", "The home page.\n"))


def section(root, n):
    base(root)
    write(root, "content/big/_index.md", page("Big", "One large section.\n"))
    for i in range(n):
        write(root, f"content/big/p{i:05}.md", page(f"Page {i}", f"Text of page {i}.\n\n## Part\n\nMore.\n", i))


def glossary(root, n):
    base(root)
    terms = [f"T{i:04}X" for i in range(n)] + ["case plan"]
    write(root, "content/glossary.yaml", "".join(
        f"- term: {t}\n  expansion: The term {t}\n  definition: What {t} means.\n" for t in terms))
    for s in range(20):
        write(root, f"content/s{s:02}/_index.md", page(f"Section {s}", "A section.\n", s))
        for i in range(100):
            body = f"A case plan for page {i} of section {s}, with T{(s * 100 + i) % n:04}X in it.\n\n" * 8
            write(root, f"content/s{s:02}/p{i:03}.md", page(f"Page {s}.{i}", body, i))


def shortcodes(root, n):
    base(root)
    # A role to quote, with the sources it cites, from the tests' fixture.
    fixture = os.path.join(REPO, "tests", "fixtures", "basic", "content")
    for rel in ("roles/social-worker.yaml", "sources.yaml"):
        with open(os.path.join(fixture, rel), encoding="utf-8") as f:
            write(root, f"content/{rel}", f.read())
    write(root, "content/other.md", page("Other", "## The details\n\nText.\n"))
    parts = [
        f"## Part {i}\n\nSee [other](other.md#the-details) and [home](_index.md): "
        f'{{{{ fact(role="social-worker", field="education.minimum") }}}}. A note[^n{i}].\n\n[^n{i}]: Note {i}.\n'
        for i in range(n)
    ]
    write(root, "content/long.md", page("Long", "\n".join(parts)))


def links(root, n):
    base(root)
    for s in range(n // 100):
        write(root, f"content/s{s:03}/_index.md", page(f"Section {s}", "A section.\n", s))
        for i in range(100):
            write(root, f"content/s{s:03}/p{i:03}.md", page(f"Page {s}.{i}", "## Overview\n\nText.\n", i))
    items = "".join(f"- [Page {s}.{i}](s{s:03}/p{i:03}.md#overview)\n" for s in range(n // 100) for i in range(100))
    write(root, "content/everything.md", page("Everything", items, -1))


def headings(root, n):
    base(root)
    write(root, "content/long.md", page("Long", "".join("## Example\n\nText.\n\n" for _ in range(n))))


def questions(root, n):
    base(root)
    write(root, "content/other.md", page("Other", "## The details\n\nText.\n"))
    parts = [
        f"## Part {i}\n\n> [!TIP]\n> Tip {i}.\n\n```question\nquestion: Question {i}?\noptions:\n"
        f"  a: One\n  b: Two\n  c: Three\nanswer: [a, c]\nexplain:\n  a: Right {i}.\n  b: Wrong {i}.\n"
        f"  c: Right too.\nlink: other.md#the-details\n```\n"
        for i in range(n)
    ]
    write(root, "content/quiz.md", page("Quiz", "\n".join(parts)))


def code(root, n):
    base(root)
    blocks = [
        "```rust\nfn area(w: f64, h: f64) -> f64 {{\n    w * h // part {i}\n}}\n```\n",
        "```python\ndef mean(xs):\n    return sum(xs) / len(xs)  # part {i}\n```\n",
        "```yaml\ntitle: Part {i}\nweights: [1, 2, 3]\n```\n",
    ]
    parts = [
        f"## Part {i}\n\nThe ratio $\\frac{{a_{{{i}}}}}{{b}}$ holds.\n\n"
        + blocks[i % 3].format(i=i)
        + f"\n$$\n\\sum_{{k=1}}^{{{i}}} k^2 = \\frac{{n(n+1)(2n+1)}}{{6}}\n$$\n"
        for i in range(n)
    ]
    write(root, "content/long.md", page("Long", "\n".join(parts)))


SHAPES = {
    "section": (section, 2000),
    "glossary": (glossary, 500),
    "shortcodes": (shortcodes, 5000),
    "headings": (headings, 10000),
    "links": (links, 5000),
    "questions": (questions, 5000),
    "code": (code, 2000),
}


def size_of(folder):
    total = 0
    for dirpath, _, files in os.walk(folder):
        total += sum(os.path.getsize(os.path.join(dirpath, f)) for f in files)
    return total


def measure(guide, root, runs):
    times = []
    for _ in range(runs + 1):  # the first run warms the caches and is not counted
        shutil.rmtree(os.path.join(root, "public"), ignore_errors=True)
        started = time.perf_counter()
        done = subprocess.run([guide, "build", "--root", root], capture_output=True, text=True)
        elapsed = time.perf_counter() - started
        if done.returncode != 0:
            sys.exit(f"shapes: the build of {root} failed:\n{done.stderr}")
        times.append(elapsed)
    return statistics.median(times[1:]), size_of(os.path.join(root, "public"))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--guide", default="target/release/guide")
    parser.add_argument("--work", default=None, help="where the guides are made (default: a temporary folder)")
    parser.add_argument("shapes", nargs="*", help=f"the shapes to build: {', '.join(SHAPES)} (default: all)")
    args = parser.parse_args()
    unknown = [name for name in args.shapes if name not in SHAPES]
    if unknown:
        parser.error(f"no shape named {', '.join(unknown)}; the shapes are {', '.join(SHAPES)}")
    if not os.access(args.guide, os.X_OK):
        sys.exit(f"shapes: no guide binary at {args.guide} (cargo build --release)")
    guide = os.path.abspath(args.guide)
    work = args.work or tempfile.mkdtemp(prefix="guide-shapes-", dir="/dev/shm" if os.path.isdir("/dev/shm") else None)
    print(f"{'shape':<11} {'n':>6} {'time':>8} {'output':>9}   {'2n':>6} {'time':>8} {'output':>9}   time x   output x")
    try:
        for name, (make, n) in SHAPES.items():
            if args.shapes and name not in args.shapes:
                continue
            row = []
            for size in (n, 2 * n):
                root = os.path.join(work, f"{name}-{size}")
                shutil.rmtree(root, ignore_errors=True)
                make(root, size)
                row.append((size,) + measure(guide, root, args.runs))
            (n1, t1, b1), (n2, t2, b2) = row
            print(f"{name:<11} {n1:>6} {t1:>7.3f}s {b1 / 1e6:>7.1f}MB   {n2:>6} {t2:>7.3f}s {b2 / 1e6:>7.1f}MB"
                  f"   {t2 / t1:>5.2f}x   {b2 / b1:>5.2f}x")
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
