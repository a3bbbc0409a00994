#!/usr/bin/env python3
"""Turns a `plain`-flavor benchmark corpus into a site guide can build (stdlib only).

The plain flavor already has guide's layout (content/<section>/_index.md, chapters with
YAML front matter, relative .md links). What it lacks, this adds in place:

- guide.yaml;
- role files in guide's typed schema (the plain roles are a flat sketch of the same facts),
  each fact citing one source, plus content/sources.yaml with that source;
- themes/bench/: minimal templates like the ones the corpus gives every peer (a page is its
  title, its content and a list of its section's pages; a section lists its pages; the home
  page lists the sections and the roles).

Usage: corpus_to_guide.py CORPUS_DIR
"""

import os
import sys

GUIDE_YAML = """title: Benchmark Guide
description: A generated guide used to measure static-site generators.
base_url: https://example.org/guide/
theme: bench
"""

SOURCES_YAML = """bench:
  title: Generated benchmark facts
"""

TEMPLATES = {
    "base.html": """<!doctype html>
<html lang="{{ site.language }}">
<head><meta charset="utf-8"><title>{{ title }} | {{ site.title }}</title></head>
<body>
<main>{% block main %}{% endblock main %}</main>
</body>
</html>
""",
    "page.html": """{% extends "base.html" %}
{% block main %}
<article>
<h1>{{ page.title }}</h1>
{{ page.content | safe }}
</article>
{% set section = page.breadcrumbs | last %}
<nav><ul>
{% for item in nav %}{% if item.path == section.path %}{% for p in item.children %}<li><a href="{{ root }}{{ p.path }}">{{ p.title }}</a></li>
{% endfor %}{% endif %}{% endfor %}</ul></nav>
{% endblock main %}
""",
    "section.html": """{% extends "base.html" %}
{% block main %}
<h1>{{ page.title }}</h1>
{{ page.content | safe }}
<nav><ul>
{% for p in section.pages %}<li><a href="{{ root }}{{ p.path }}">{{ p.title }}</a></li>
{% endfor %}</ul></nav>
{% endblock main %}
""",
    "index.html": """{% extends "base.html" %}
{% block main %}
<h1>{{ page.title }}</h1>
{{ page.content | safe }}
<nav><ul>
{% for s in section.subsections %}<li><a href="{{ root }}{{ s.path }}">{{ s.title }}</a></li>
{% endfor %}</ul></nav>
<section>
{% for r in roles %}<h2><a href="{{ root }}{{ r.path }}">{{ r.name }}</a></h2>
<p>{{ r.summary }}</p>
{% endfor %}</section>
{% endblock main %}
""",
    "role.html": """{% extends "base.html" %}
{% block main %}
<h1>{{ role.name }}</h1>
<p>{{ role.summary }}</p>
<dl>
{% for f in role.facts %}<dt>{{ f.label }}</dt><dd>{% if f.text %}{{ f.text }}{% endif %}{% for i in f.items %}{{ i }}; {% endfor %}</dd>
{% endfor %}</dl>
{% endblock main %}
""",
    "roles.html": """{% extends "base.html" %}
{% block main %}
<h1>Roles</h1>
<ul>{% for r in roles %}<li><a href="{{ root }}{{ r.path }}">{{ r.name }}</a></li>{% endfor %}</ul>
{% endblock main %}
""",
    "compare.html": """{% extends "base.html" %}
{% block main %}
<h1>{{ compare.title }}</h1>
<table>
{% for row in compare.rows %}<tr><th>{{ row.label }}</th>{% for c in row.cells %}<td>{% if c.text %}{{ c.text }}{% endif %}{% for i in c.items %}{{ i }}; {% endfor %}</td>{% endfor %}</tr>
{% endfor %}</table>
{% endblock main %}
""",
    "sources.html": """{% extends "base.html" %}
{% block main %}
<h1>Sources</h1>
<ul>{% for s in sources %}<li id="{{ s.id }}">{{ s.title }}</li>{% endfor %}</ul>
{% endblock main %}
""",
    "404.html": """{% extends "base.html" %}
{% block main %}<h1>Page not found</h1><p><a href="{{ root }}">Home</a></p>{% endblock main %}
""",
    "shortcodes/fact.html": """{% if fact.text %}{{ fact.text }}{% endif %}""",
    "shortcodes/compare.html": """<table>{% for row in compare.rows %}<tr><th>{{ row.label }}</th></tr>{% endfor %}</table>""",
    "shortcodes/role_card.html": """<p><a href="{{ root }}{{ role.path }}">{{ role.name }}</a></p>""",
}


def parse_plain_role(text):
    """The plain role file: `key: scalar`, `key:` with `  - scalar` items, or credential maps.
    Scalars stay as written (double-quoted YAML), so they are copied without re-quoting."""
    role, key = {}, None
    for line in text.splitlines():
        if not line.strip():
            continue
        if not line.startswith(" "):
            key, _, value = line.partition(":")
            value = value.strip()
            role[key] = value if value else []
        elif line.startswith("  - abbr:"):
            role[key].append({"abbr": line.split(":", 1)[1].strip()})
        elif line.startswith("    name:"):
            role[key][-1]["name"] = line.split(":", 1)[1].strip()
        elif line.startswith("  - "):
            role[key].append(line[4:])
    return role


def items(name, values):
    lines = [f"{name}:", "  items:"]
    lines += [f"    - {v}" for v in values]
    lines.append("  sources: [bench]")
    return lines


def guide_role(role):
    lines = [
        f"name: {role['title']}",
        f"summary: {role['summary']}",
        "reviewed: 2026-01-01",
        "alt_titles:",
        "  items: []",
        "  sources: [bench]",
        "focus:",
        f"  text: {role['responsibilities'][0]}",
        "  sources: [bench]",
    ]
    lines += items("responsibilities", role["responsibilities"])
    lines += ["education:", f"  minimum: {role['education']}", "  sources: [bench]"]
    lines += ["licensure:", f"  required: {role['licensure']}", "  credentials:"]
    for c in role["credentials"]:
        lines += [f"    - abbr: {c['abbr']}", f"      name: {c['name']}"]
    lines.append("  sources: [bench]")
    lines += ["counselling:", "  allowed: false", "  detail: Not part of the role.", "  sources: [bench]"]
    lines += ["client_contact:", "  level: Direct", "  detail: Works with clients.", "  sources: [bench]"]
    lines += items("work_settings", role["settings"])
    lines += items("skills", role["skills"])
    lines += ["professional_bodies:", "  items: []", "  sources: [bench]"]
    lines += ["specialisations:", "  items: []", "  sources: [bench]"]
    return "\n".join(lines) + "\n"


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def main(argv):
    if len(argv) != 2:
        sys.exit(__doc__.strip().splitlines()[-1])
    site = argv[1]
    content = os.path.join(site, "content")
    if not os.path.isdir(content):
        sys.exit(f"{site} has no content/ folder; generate it with the plain flavor first")
    write(os.path.join(site, "guide.yaml"), GUIDE_YAML)
    write(os.path.join(content, "sources.yaml"), SOURCES_YAML)
    roles_dir = os.path.join(content, "roles")
    for name in sorted(os.listdir(roles_dir)) if os.path.isdir(roles_dir) else []:
        path = os.path.join(roles_dir, name)
        with open(path, encoding="utf-8") as f:
            text = f.read()
        if not text.startswith("name:"):  # not converted yet
            write(path, guide_role(parse_plain_role(text)))
    for name, text in TEMPLATES.items():
        write(os.path.join(site, "themes", "bench", "templates", name), text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
