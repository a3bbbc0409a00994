#!/usr/bin/env python3
"""Writes a deterministic benchmark guide for `guide` and the generators it is compared with.

    scripts/corpus.py --pages 10000 --roles 50 --out DIR [--seed 1] [--flavor guide|hugo|mdbook]

Every flavor carries the same Markdown pages (front matter, h2/h3 headings, paragraphs, lists, a
GFM table, a blockquote, some footnotes, relative links to other pages and to their headings),
grouped in sections of 100 pages, laid out the way its generator reads them:

  guide   guide.yaml, content/<section>/{_index.md,<page>.md}, content/roles/<slug>.yaml,
          content/sources.yaml, each chapter citing it once; built with the default theme and
          every check on.
  hugo    hugo.toml, content/..., data/roles/<slug>.yaml and minimal layouts whose pages list
          their section's pages in a sidebar.
  mdbook  book.toml, src/SUMMARY.md, src/<section>/{index.md,<page>.md}; mdBook has no front
          matter (the title becomes a heading) and no data files (roles are left out).

Only the standard library is used; the same seed gives the same bytes everywhere.
"""

import argparse
import os
import random

SECTION_SIZE = 100

NOUNS = [
    "intake", "assessment", "care plan", "referral", "discharge", "home visit", "benefit claim",
    "crisis plan", "family meeting", "case review", "service agreement", "housing search",
    "court report", "school meeting", "eligibility check", "support network", "progress note",
    "follow-up call", "team huddle", "transition plan", "safety check", "budget review",
]
PEOPLE = [
    "older clients", "young parents", "veterans", "students", "carers", "patients leaving hospital",
    "families in crisis", "new arrivals", "people leaving prison", "tenants at risk",
    "children in care", "people with disabilities",
]
ACTORS = [
    "The case manager", "The social worker", "A supervisor", "The care team", "An intern",
    "The coordinator", "A clinician", "The agency",
]
VERBS = [
    "checks", "records", "arranges", "explains", "reviews", "updates", "shares", "plans",
    "follows up on", "negotiates", "agrees", "tracks",
]
WHEN = [
    "at the first meeting", "every week", "before discharge", "with the client's consent",
    "after each visit", "when the plan changes", "in writing", "within two working days",
    "during supervision", "as soon as possible",
]
OPENERS = ["Often,", "In practice,", "Usually,", "For instance,", "Later,", "Sometimes,"]
SECTION_TOPICS = [
    "Foundations", "Assessment", "Planning", "Coordination", "Advocacy", "Records", "Ethics",
    "Settings", "Populations", "Supervision", "Transitions", "Communities", "Crisis work",
    "Resources", "Outcomes", "Careers", "Licences", "Education", "Teamwork", "Policy",
]
TITLE_VERBS = [
    "Starting", "Running", "Recording", "Checking", "Reviewing", "Sharing", "Closing",
    "Explaining", "Improving", "Planning",
]


def slugify(text):
    out = "".join(c if c.isalnum() else "-" for c in text.lower())
    while "--" in out:
        out = out.replace("--", "-")
    return out.strip("-")


class Writer:
    """Sentences, paragraphs and blocks drawn from the word lists above."""

    def __init__(self, rng):
        self.rng = rng

    def pick(self, words):
        return self.rng.choice(words)

    def sentence(self):
        r = self.rng.randrange(3)
        if r == 0:
            return f"{self.pick(ACTORS)} {self.pick(VERBS)} the {self.pick(NOUNS)} {self.pick(WHEN)}."
        if r == 1:
            return (f"{self.pick(OPENERS)} work with {self.pick(PEOPLE)} starts with "
                    f"a {self.pick(NOUNS)} and a {self.pick(NOUNS)}.")
        return f"A good {self.pick(NOUNS)} helps {self.pick(PEOPLE)} {self.pick(WHEN)}."

    def paragraph(self, sentences=None):
        count = sentences or self.rng.randint(3, 6)
        words = " ".join(self.sentence() for _ in range(count)).split(" ")
        i = self.rng.randrange(1, len(words) - 1)
        words[i] = f"*{words[i]}*" if words[i].isalpha() else words[i]
        return " ".join(words)

    def bullets(self):
        return "\n".join(f"- {self.sentence()}" for _ in range(self.rng.randint(3, 5)))

    def table(self):
        rows = ["| Step | Who | When |", "| --- | --- | --- |"]
        for _ in range(self.rng.randint(3, 5)):
            rows.append(f"| {self.pick(NOUNS)} | {self.pick(ACTORS)} | {self.pick(WHEN)} |")
        return "\n".join(rows)


def plan(pages, rng):
    """Sections as (folder, title, [(slug, title, weight)]), about SECTION_SIZE pages each."""
    sections = []
    for s in range((pages + SECTION_SIZE - 1) // SECTION_SIZE):
        topic = SECTION_TOPICS[s % len(SECTION_TOPICS)]
        title = topic if s < len(SECTION_TOPICS) else f"{topic} {s // len(SECTION_TOPICS) + 1}"
        folder = slugify(title)
        size = min(SECTION_SIZE, pages - s * SECTION_SIZE)
        entries, seen = [], set()
        for p in range(size):
            page_title = f"{rng.choice(TITLE_VERBS)} the {rng.choice(NOUNS)} {s + 1}.{p + 1}"
            slug = slugify(page_title)
            assert slug not in seen
            seen.add(slug)
            entries.append((slug, page_title, p + 1))
        sections.append((folder, title, entries))
    return sections


def link(flavor, here, folder, slug, anchor=""):
    """A link from a page of section `here` to a page, written as each generator expects."""
    if flavor == "hugo":
        return f"{{{{< relref \"/{folder}/{slug}.md{anchor}\" >}}}}"
    target = f"{slug}.md" if folder == here else f"../{folder}/{slug}.md"
    return target + anchor


def body(w, rng, flavor, here, all_pages):
    parts = [w.paragraph(), "## Overview", w.paragraph()]
    if flavor == "guide":
        # A guide's chapters cite their sources (content/sources.yaml has `bench`).
        parts[0] += " [@bench]"

    for h in range(rng.randint(3, 5)):
        parts.append(f"## {w.pick(TITLE_VERBS)} step {h + 1}")
        parts.append(w.paragraph())
        if h == 0:
            parts.append(w.bullets())
        if h == 1:
            parts.append(w.table())
        if h == 2:
            parts.append(f"### Notes on step {h + 1}")
            parts.append("> " + w.paragraph(2))
        folder, slug, title = rng.choice(all_pages)
        anchor = "#overview" if rng.random() < 0.5 else ""
        parts.append(f"See [{title}]({link(flavor, here, folder, slug, anchor)}) for more. "
                     + w.paragraph(2))
    if rng.random() < 0.3:
        parts.append(f"One more point.[^1]\n\n[^1]: {w.sentence()}")
    return "\n\n".join(parts) + "\n"


def front_matter(title, description, weight):
    return f'---\ntitle: "{title}"\ndescription: "{description}"\nweight: {weight}\n---\n\n'


def role_yaml(w, rng, name):
    def listing(key, words, low, high):
        items = ", ".join(rng.sample(words, rng.randint(low, high)))
        return f"{key}:\n  items: [{items}]\n  sources: [bench]\n"

    return (
        f'name: "{name}"\nsummary: "{w.sentence()}"\nreviewed: 2026-01-01\n'
        + listing("alt_titles", ["Caseworker", "Navigator", "Care worker", "Link worker"], 1, 2)
        + f'focus:\n  text: "{w.sentence()}"\n  sources: [bench]\n'
        + "responsibilities:\n  items:\n"
        + "".join(f'    - "{w.sentence()}"\n' for _ in range(rng.randint(4, 7)))
        + "  sources: [bench]\n"
        + "education:\n  minimum: A bachelor's degree\n  degrees: [BSW, MSW]\n  sources: [bench]\n"
        + "licensure:\n  required: Depends on the state\n  credentials:\n"
        + "    - abbr: LBSW\n      name: Licensed Bachelor of Social Work\n  sources: [bench]\n"
        + f'counselling:\n  allowed: {str(rng.random() < 0.5).lower()}\n'
        + f'  detail: "{w.sentence()}"\n  sources: [bench]\n'
        + f'client_contact:\n  level: Direct\n  detail: "{w.sentence()}"\n  sources: [bench]\n'
        + listing("work_settings", ["Hospitals", "Schools", "Shelters", "Clinics", "Courts"], 2, 4)
        + listing("skills", ["Listening", "Writing", "Planning", "Negotiating", "Empathy"], 2, 4)
        + "professional_bodies:\n  items:\n    - name: A Professional Body\n  sources: [bench]\n"
        + listing("specialisations", ["Ageing", "Child welfare", "Health", "Housing"], 1, 3)
    )


HUGO_BASEOF = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body>{{ block "main" . }}{{ end }}</body></html>
"""
HUGO_SINGLE = """{{ define "main" }}<nav><ul>{{ range .CurrentSection.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></nav>
<main><h1>{{ .Title }}</h1>{{ .Content }}</main>{{ end }}
"""
HUGO_LIST = """{{ define "main" }}<main><h1>{{ .Title }}</h1>{{ .Content }}
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
{{ if .IsHome }}<ul>{{ range $slug, $r := .Site.Data.roles }}<li>{{ $r.name }}</li>{{ end }}</ul>{{ end }}</main>{{ end }}
"""


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def generate(pages, roles, out, seed, flavor):
    rng = random.Random(seed)
    w = Writer(rng)
    sections = plan(pages, rng)
    all_pages = [(folder, slug, title) for folder, _, entries in sections for slug, title, _ in entries]
    src = os.path.join(out, "src" if flavor == "mdbook" else "content")
    summary = ["# Summary", ""]

    def page(path, title, description, weight, text):
        if flavor == "mdbook":
            write(path, f"# {title}\n\n{description}\n\n{text}")
        else:
            write(path, front_matter(title, description, weight) + text)

    if flavor == "mdbook":
        write(os.path.join(out, "book.toml"), '[book]\ntitle = "Benchmark guide"\nsrc = "src"\n')
        page(os.path.join(src, "index.md"), "Benchmark guide", "A generated guide.", 0, w.paragraph())
        summary += ["[Benchmark guide](index.md)", ""]
    else:
        page(os.path.join(src, "_index.md"), "Benchmark guide", "A generated guide.", 0, w.paragraph() + "\n")
    for number, (folder, title, entries) in enumerate(sections):
        index = "index.md" if flavor == "mdbook" else "_index.md"
        page(os.path.join(src, folder, index), title, w.sentence(), number + 1, w.paragraph() + "\n")
        summary.append(f"- [{title}]({folder}/index.md)")
        for slug, page_title, weight in entries:
            text = body(w, rng, flavor, folder, all_pages)
            page(os.path.join(src, folder, slug + ".md"), page_title, w.sentence(), weight, text)
            summary.append(f"  - [{page_title}]({folder}/{slug}.md)")

    role_names = [f"Practitioner {i + 1}" for i in range(roles)]
    role_texts = [(slugify(name), role_yaml(w, rng, name)) for name in role_names]
    if flavor == "guide":
        write(os.path.join(out, "guide.yaml"),
              "title: Benchmark guide\ndescription: A generated guide.\n"
              "base_url: https://example.github.io/bench/\nlanguage: en\n")
        write(os.path.join(src, "sources.yaml"), "bench:\n  title: The benchmark generator\n")
        for slug, text in role_texts:
            write(os.path.join(src, "roles", slug + ".yaml"), text)
    elif flavor == "hugo":
        write(os.path.join(out, "hugo.toml"),
              'baseURL = "https://example.github.io/bench/"\ntitle = "Benchmark guide"\n'
              'disableKinds = ["taxonomy", "term", "RSS"]\n')
        for name, text in [("baseof", HUGO_BASEOF), ("single", HUGO_SINGLE), ("list", HUGO_LIST)]:
            write(os.path.join(out, "layouts", "_default", name + ".html"), text)
        for slug, text in role_texts:
            write(os.path.join(out, "data", "roles", slug + ".yaml"), text)
    else:
        write(os.path.join(src, "SUMMARY.md"), "\n".join(summary) + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--roles", type=int, default=50)
    parser.add_argument("--out", required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--flavor", choices=["guide", "hugo", "mdbook"], default="guide")
    args = parser.parse_args()
    if args.pages < 1 or args.roles < 0:
        parser.error("--pages must be at least 1 and --roles at least 0")
    generate(args.pages, args.roles, args.out, args.seed, args.flavor)


if __name__ == "__main__":
    main()
