#!/usr/bin/env bash
# Clean-build benchmark: guide against the floor (examples/floor.rs) and the peer generators
# that are installed (hugo, mdbook, zola), on the same generated corpus (scripts/corpus.py).
#
#   scripts/bench.sh                          # 1,000 and 10,000 pages, 5 runs each
#   SIZES="1000 10000 50000" RUNS=3 scripts/bench.sh
#
# Every run starts with no output folder (removed outside the timing); one warm-up round is
# not counted. The tools take turns within each round, so a slow spell of a shared machine
# falls on all of them alike. Prints the median wall time, its range, the median peak RSS
# (GNU time), guide's time as a ratio of each other tool's, and how each tool's time grows
# from one size to the next, all measured in this one run.
#
# WORK defaults to a tmpfs (/dev/shm) where there is one: on ext4, creating and deleting tens
# of thousands of files run after run makes the kernel's inode allocation slower and slower
# (it skips recently freed inodes), which would measure the file system's history rather
# than the generators. Set WORK to a folder on disk to measure that too.
#
# Needs: python3, GNU time (Debian package `time`); peers are optional
# (`apt-get install hugo`, `cargo install mdbook --locked`, zola on PATH). mdBook grows
# faster than linearly and runs only at sizes up to SLOW_MAX pages.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=${SIZES:-"1000 10000"}
RUNS=${RUNS:-5}
ROLES=${ROLES:-50}
SLOW_MAX=${SLOW_MAX:-1000}
if [[ -z ${WORK:-} ]]; then
  if [[ -d /dev/shm && -w /dev/shm ]]; then WORK=/dev/shm/guide-bench; else WORK=${TMPDIR:-/tmp}/guide-bench; fi
fi
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

# The tools to run at SIZE, one line each: name, folder, output folder, command (tab-separated).
plan() {
  local size=$1 d tool
  for tool in $TOOLS; do
    case $tool in
      floor) d=$(corpus "$size" guide)
        printf 'floor\t%s\t%s\t%s content floor-out\n' "$d" "$d/floor-out" "$FLOOR" ;;
      guide) d=$(corpus "$size" guide)
        printf 'guide\t%s\t%s\t%s build\n' "$d" "$d/public" "$GUIDE" ;;
      hugo) command -v hugo >/dev/null || continue
        d=$(corpus "$size" hugo)
        printf 'hugo\t%s\t%s\thugo --quiet\n' "$d" "$d/public" ;;
      zola) command -v zola >/dev/null || continue
        echo "bench: zola found, but the corpus has no zola layout yet; skipped" >&2 ;;
      mdbook) command -v mdbook >/dev/null && ((size <= SLOW_MAX)) || continue
        d=$(corpus "$size" mdbook)
        printf 'mdbook\t%s\t%s\tmdbook build\n' "$d" "$d/book" ;;
    esac
  done
}

# One timed run; its "wall rss" goes to the tool's samples unless the round is the warm-up.
sample() {
  local size=$1 round=$2 tool=$3 dir=$4 out=$5 command=$6
  rm -rf "$out"
  sync
  # shellcheck disable=SC2086 # the command is split into words on purpose
  if ! (cd "$dir" && /usr/bin/time -f '%e %M' -o "$WORK/.time" $command >"$WORK/$tool-$size.log" 2>&1); then
    echo "bench: $tool at $size pages failed; see $WORK/$tool-$size.log" >&2
    return 1
  fi
  ((round == 0)) || cat "$WORK/.time" >>"$WORK/$tool-$size.samples"
}

: >"$WORK/results"
for size in $SIZES; do
  mapfile -t planned < <(plan "$size")
  for entry in "${planned[@]}"; do
    : >"$WORK/${entry%%$'\t'*}-$size.samples"
  done
  for ((round = 0; round <= RUNS; round++)); do
    for entry in "${planned[@]}"; do
      IFS=$'\t' read -r tool dir out command <<<"$entry"
      sample "$size" "$round" "$tool" "$dir" "$out" "$command" || true
    done
  done
  for entry in "${planned[@]}"; do
    tool=${entry%%$'\t'*}
    [[ -s $WORK/$tool-$size.samples ]] || continue
    python3 - "$tool" "$size" "$WORK/$tool-$size.samples" >>"$WORK/results" <<'EOF'
import statistics, sys
tool, size, path = sys.argv[1:]
rows = [line.split() for line in open(path) if line.strip()]
walls = [float(r[0]) for r in rows]
rss = statistics.median(int(r[1]) for r in rows) / 1024
print(tool, size, statistics.median(walls), min(walls), max(walls), round(rss, 1))
EOF
  done
done

# The search index against the HTML it indexes, on each size's last guide build.
for size in $SIZES; do
  public=$WORK/$size/guide/public
  [[ -f $public/search/meta.json ]] || continue
  python3 - "$public" "$size" <<'EOF'
import os, sys
public, size = sys.argv[1:]
html = sum(os.path.getsize(os.path.join(d, f)) for d, _, files in os.walk(public)
           for f in files if f.endswith(".html"))
files = [os.path.join(d, f) for d, _, names in os.walk(os.path.join(public, "search"))
         for f in names if f.endswith(".json")]
index = sum(os.path.getsize(f) for f in files)
largest = max(os.path.getsize(f) for f in files)
print(f"search index at {int(size):,} pages: {index / 1e6:.2f} MB in {len(files)} files "
      f"(largest {largest / 1e3:.0f} KB), {100 * index / html:.1f}% of {html / 1e6:.0f} MB of HTML")
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

# How each tool's time grows from one size to the next: linear cost grows as the pages do.
medians = {}
for tool, size, med, *_ in rows:
    medians.setdefault(tool, []).append((int(size), float(med)))
for tool, runs in medians.items():
    runs.sort()
    for (small, t_small), (large, t_large) in zip(runs, runs[1:]):
        if t_small > 0:
            print(f"growth   {tool:<8} {small:>7,} -> {large:,} pages ({large / small:.1f}x): "
                  f"{t_large / t_small:.2f}x the time")
EOF
