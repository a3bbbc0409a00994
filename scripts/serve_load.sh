#!/usr/bin/env bash
# Load test of `guide serve` with wrk: 64 connections for 10 seconds against one page.
# Usage: scripts/serve_load.sh [SITE] [PAGE]   (defaults: the bundled guide, its home page)
# GUIDE names the binary (default target/release/guide); needs wrk (apt-get install wrk).
set -euo pipefail
site=${1:-.}
page=${2:-}
guide=${GUIDE:-target/release/guide}
out=$(mktemp)
"$guide" serve --port 0 --root "$site" >"$out" 2>/dev/null &
server=$!
trap 'kill $server 2>/dev/null; rm -f "$out"' EXIT
for _ in $(seq 1 600); do
  grep -q '^serving ' "$out" && break
  sleep 0.1
done
url=$(grep -o 'http://[^ ]*' "$out")
echo "wrk against ${url}${page}"
wrk -t2 -c64 -d10s "${url}${page}"
