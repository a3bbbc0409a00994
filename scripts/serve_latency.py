#!/usr/bin/env python3
"""Edit-to-reload latency of `guide serve` (stdlib only).

Copies the site at SITE into a temporary folder, serves it with `guide serve --port 0`,
connects to the reload channel like a browser tab would, then saves a chapter N times.
Each latency is the time from just before the file is written to the moment the reload
event arrives at the client: debounce, rebuild, swap and delivery together.

Usage: serve_latency.py SITE [--edits 50] [--file content/x.md] [--guide target/release/guide]
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import http.client


def first_chapter(content):
    for folder, dirs, files in sorted(os.walk(content)):
        dirs.sort()
        for name in sorted(files):
            if name.endswith(".md") and name != "_index.md" and not name.startswith((".", "_")):
                return os.path.join(folder, name)
    sys.exit(f"no chapter under {content}")


def read_events(response):
    """Yields (event, data) from a Server-Sent Events response."""
    name, data = "message", ""
    while True:
        line = response.fp.readline()
        if not line:
            return
        line = line.decode("utf-8").rstrip("\r\n")
        if not line:
            if data or name != "message":
                yield name, data
            name, data = "message", ""
        elif line.startswith("event:"):
            name = line[6:].strip()
        elif line.startswith("data:"):
            data += line[5:].strip()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("site")
    ap.add_argument("--edits", type=int, default=50)
    ap.add_argument("--file", help="the chapter to edit, relative to SITE (default: the first)")
    ap.add_argument("--guide", default=os.environ.get("GUIDE", "target/release/guide"))
    ap.add_argument("--pause", type=float, default=0.3, help="seconds between edits")
    a = ap.parse_args()
    guide = os.path.abspath(a.guide)

    with tempfile.TemporaryDirectory(prefix="guide-latency-") as tmp:
        site = os.path.join(tmp, "site")
        # Only what a build reads: the site's own files, not its output or anything else.
        os.makedirs(site)
        for name in ("guide.yaml", "content", "themes", "templates", "static"):
            source = os.path.join(a.site, name)
            if os.path.isdir(source):
                shutil.copytree(source, os.path.join(site, name))
            elif os.path.isfile(source):
                shutil.copy(source, site)
        chapter = os.path.join(site, a.file) if a.file else first_chapter(os.path.join(site, "content"))
        # The server's own figure for each rebuild, without the debounce and delivery.
        rebuilds = []
        server = subprocess.Popen([guide, "serve", "--port", "0", "--root", site],
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        try:
            first_build = None
            url = None
            for line in server.stdout:
                if line.startswith("built "):
                    first_build = line.strip()
                if line.startswith("serving "):
                    url = line.split()[1]
                    break
            if url is None:
                sys.exit("guide serve did not start")
            def read_rebuilds():
                for line in server.stdout:
                    if line.startswith("rebuilt ") and " ms" in line:
                        rebuilds.append(float(line.split(" in ", 1)[1].split(" ms", 1)[0]))

            threading.Thread(target=read_rebuilds, daemon=True).start()
            host = url.split("/")[2]
            conn = http.client.HTTPConnection(host)
            conn.request("GET", "/__guide/events", headers={"Accept": "text/event-stream"})
            events = read_events(conn.getresponse())
            name, _ = next(events)
            assert name == "hello", name

            with open(chapter, encoding="utf-8") as f:
                original = f.read()
            latencies = []
            for i in range(a.edits):
                text = original + f"\nEdit number {i} of the latency benchmark.\n"
                start = time.perf_counter()
                with open(chapter, "w", encoding="utf-8") as f:
                    f.write(text)
                for name, _ in events:
                    if name in ("reload", "css"):
                        break
                latencies.append((time.perf_counter() - start) * 1000)
                time.sleep(a.pause)
        finally:
            server.terminate()
            server.wait()

    latencies.sort()
    print(f"site: {a.site}")
    print(f"first build: {first_build}")
    print(f"edited: {os.path.relpath(chapter, site)}, {a.edits} saves")
    print(f"edit-to-reload latency (ms): median {statistics.median(latencies):.1f}, "
          f"p90 {latencies[int(len(latencies) * 0.9) - 1]:.1f}, "
          f"min {latencies[0]:.1f}, max {latencies[-1]:.1f}")
    if rebuilds:
        print(f"rebuild as the server reports it (ms): median {statistics.median(rebuilds):.1f}, "
              f"{len(rebuilds)} rebuilds")


if __name__ == "__main__":
    main()
