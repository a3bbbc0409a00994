#!/usr/bin/env python3
"""Report any run of 8 or more consecutive words that the guide's text shares with a seed article.

The guide's text is every file under content/ (Markdown chapters, front matter included, and
the YAML data files). Both sides are normalised the same way: lowercased, curly quotes and
dashes made plain, every character that is not a letter, digit or apostrophe turned into a
space, apostrophes dropped. Each 8-word window (shingle) of the guide is looked up among the
seeds' shingles; overlapping hits are merged into one run and printed with its file and line.

Names, titles and lists of settings may be shared: wherever one of the phrases in ALLOWED
(after the same normalisation) occurs in the guide, its words are masked before the
comparison, so they never count towards a run.

Usage: scripts/copied_runs.py SEED_FILE... [--content DIR]
Exit status 1 when a run is reported, 0 otherwise.
"""
import pathlib
import re
import sys

N = 8

# Names and titles the guide must quote exactly; lists of settings.
ALLOWED = [
    "The Difference Between a Social Worker & a Case Manager",
    "Case Management vs. Social Work: What's the Difference?",
    "Case Management vs. Social Work",
    "U.S. Department of Housing and Urban Development",
    "Certified Social Work Case Managers (C-SWCM)",
    "Council of Social Work Education",
    "Association of Social Work Boards Master's, Advanced Generalist or Clinical",
    # VCU's list of settings, one setting at a time
    "Child and family welfare agencies",
    "Juvenile correction centers",
    "Addiction and substance use facilities",
    "Home health organizations",
    "Nursing homes",
]


def words(text: str) -> list[str]:
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    text = text.replace("'", "")
    return re.findall(r"[a-z0-9]+", text)


def shingles(ws: list[str]) -> set[tuple[str, ...]]:
    return {tuple(ws[i : i + N]) for i in range(len(ws) - N + 1)}


def main() -> int:
    args = sys.argv[1:]
    content = pathlib.Path(__file__).resolve().parent.parent / "content"
    if "--content" in args:
        i = args.index("--content")
        content = pathlib.Path(args[i + 1])
        del args[i : i + 2]
    if not args:
        print(__doc__)
        return 2
    seed = set()
    for name in args:
        seed |= shingles(words(pathlib.Path(name).read_text(encoding="utf-8")))
    allowed = [words(phrase) for phrase in ALLOWED]
    found = 0
    for path in sorted(p for p in content.rglob("*") if p.suffix in (".md", ".yaml", ".yml")):
        # words with their line numbers
        tagged = []
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            tagged += [(w, lineno) for w in words(line)]
        ws = [w for w, _ in tagged]
        shown = list(ws)
        for phrase in allowed:
            for i in range(len(ws) - len(phrase) + 1):
                if shown[i : i + len(phrase)] == phrase:
                    ws[i : i + len(phrase)] = [f"\0{i + k}" for k in range(len(phrase))]
        hits = [i for i in range(len(ws) - N + 1) if tuple(ws[i : i + N]) in seed]
        i = 0
        while i < len(hits):
            start = end = hits[i]
            while i + 1 < len(hits) and hits[i + 1] <= end + 1:
                i += 1
                end = hits[i]
            run = " ".join(shown[start : end + N])
            print(f"{path.relative_to(content.parent)}:{tagged[start][1]}: {end + N - start} words: {run}")
            found += 1
            i += 1
    print(f"{found} shared run(s) of {N}+ words")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
