#!/usr/bin/env bash
# Clean-build benchmark: guide against the floor (examples/floor.rs) and the peer generators
# that are installed (hugo, mdbook, zola), on the same generated corpus (scripts/corpus.py).
#
#   scripts/bench.sh                          # 1,000 and 10,000 pages, 5 runs each
#   SIZES="1000 10000 50000" RUNS=3 scripts/bench.sh
#
# Every run starts with no output folder (removed outside the timing); one warm-up run is not
# counted. Prints the median wall time, its range, the median peak RSS (GNU time), and guide's
# time as a ratio of each other tool's, all measured in this one run.
# Needs: python3, GNU time (Debian package `time`); peers are optional
# (`apt-get install hugo`, `cargo install mdbook --locked`, zola on PATH).
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=${SIZES:-"1000 10000"}
RUNS=${RUNS:-5}
ROLES=${ROLES:-50}
WORK=${WORK:-${TMPDIR:-/tmp}/guide-bench}
TOOLS=${TOOLS:-"floor guide hugo zola mdbook"}

[[ -x /usr/bin/time ]] || { echo "bench: needs GNU time (apt-get install time)" >&2; exit 2; }
cargo build --release --quiet --bin guide --example floor
GUIDE=$PWD/target/release/guide
FLOOR=$PWD/target/release/examples/floor
mkdir -p "$WORK"

corpus() { # SIZE FLAVOR -> folder, generated once per size and flavor
  local dir=$WORK/$1/$2
  if [[ ! -d $dir ]]; then
    python3 scripts/corpus.py --pages "$1" --roles "$ROLES" --flavor "$2" --out "$dir.part" >&2
    mv "$dir.part" "$dir"
  fi
  echo "$dir"
}

# run TOOL SIZE FOLDER OUTPUT COMMAND... -> appends "tool size median lo hi rss" to $WORK/results
run() {
  local tool=$1 size=$2 dir=$3 out=$4; shift 4
  local samples=$WORK/$tool-$size.samples log=$WORK/$tool-$size.log i
  : >"$samples"
  for ((i = 0; i <= RUNS; i++)); do
    rm -rf "$out"
    sync
    if ! (cd "$dir" && /usr/bin/time -f '%e %M' -o "$WORK/.time" "$@" >"$log" 2>&1); then
      echo "bench: $tool at $size pages failed; see $log" >&2
      return 0
    fi
    ((i == 0)) || cat "$WORK/.time" >>"$samples"
  done
  python3 - "$tool" "$size" "$samples" >>"$WORK/results" <<'EOF'
import statistics, sys
tool, size, path = sys.argv[1:]
rows = [line.split() for line in open(path) if line.strip()]
walls = [float(r[0]) for r in rows]
rss = statistics.median(int(r[1]) for r in rows) / 1024
print(tool, size, statistics.median(walls), min(walls), max(walls), round(rss, 1))
EOF
}

: >"$WORK/results"
for size in $SIZES; do
  for tool in $TOOLS; do
    case $tool in
      floor) d=$(corpus "$size" guide); run floor "$size" "$d" "$d/floor-out" "$FLOOR" content floor-out ;;
      guide) d=$(corpus "$size" guide); run guide "$size" "$d" "$d/public" "$GUIDE" build ;;
      hugo) command -v hugo >/dev/null || continue
        d=$(corpus "$size" hugo); run hugo "$size" "$d" "$d/public" hugo --quiet ;;
      zola) command -v zola >/dev/null || continue
        echo "bench: zola found, but the corpus has no zola layout yet; skipped" >&2 ;;
      mdbook) command -v mdbook >/dev/null || continue
        d=$(corpus "$size" mdbook); run mdbook "$size" "$d" "$d/book" mdbook build ;;
    esac
  done
done

# The search index against the HTML it indexes, on each size's last guide build.
for size in $SIZES; do
  public=$WORK/$size/guide/public
  [[ -f $public/search-index.json ]] || continue
  python3 - "$public" "$size" <<'EOF'
import os, sys
public, size = sys.argv[1:]
html = sum(os.path.getsize(os.path.join(d, f)) for d, _, files in os.walk(public)
           for f in files if f.endswith(".html"))
index = os.path.getsize(os.path.join(public, "search-index.json"))
print(f"search index at {int(size):,} pages: {index / 1e6:.2f} MB, {100 * index / html:.1f}% of {html / 1e6:.0f} MB of HTML")
EOF
done

python3 - "$WORK/results" <<'EOF'
import sys
rows = [line.split() for line in open(sys.argv[1]) if line.strip()]
guide = {r[1]: float(r[2]) for r in rows if r[0] == "guide"}
print(f"{'tool':<8} {'pages':>7} {'median s':>9} {'min-max s':>13} {'peak MiB':>9} {'guide / tool':>13}")
for tool, size, med, lo, hi, rss in rows:
    med, lo, hi = float(med), float(lo), float(hi)
    ratio = f"{guide[size] / med:.2f}x" if size in guide and med > 0 else "-"
    print(f"{tool:<8} {int(size):>7} {med:>9.3f} {lo:>6.3f}-{hi:<6.3f} {float(rss):>9.1f} {ratio:>13}")
EOF
