#!/bin/sh
# Build the seeds, the shared corpus and 1,000 generated articles with this checkout and compare each
# graph.trig byte for byte with a baseline build of main (default /work/baseline; see TEAM notes).
#   benchmarks/same_graph.sh [BASELINE] [OUT]      exit 0 when all three are identical
set -u
BASE=${1:-/work/baseline}
OUT=${2:-/tmp/same_graph.$$}
HERE=$(cd "$(dirname "$0")/.." && pwd)
AG="$HERE/.venv/bin/actorgraph"
[ -x "$AG" ] || AG=actorgraph
status=0
for pair in "seeds:$HERE/seeds" "corpus:$HERE/../shared/corpus" "gen1k:$BASE/gen1k-src"; do
    name=${pair%%:*}; src=${pair#*:}
    [ "$name" = corpus ] && [ ! -d "$src" ] && src=/work/shared/corpus
    nice -n 10 "$AG" build "$src" --out "$OUT/$name" --full --jobs "${JOBS:-2}" -q >/dev/null 2>"$OUT.$name.err" || {
        echo "$name: build failed"; cat "$OUT.$name.err"; status=1; continue; }
    if cmp -s "$OUT/$name/graph.trig" "$BASE/$name/graph.trig"; then
        echo "$name: graph.trig identical"
    else
        echo "$name: graph.trig DIFFERS ($OUT/$name/graph.trig vs $BASE/$name/graph.trig)"; status=1
    fi
done
exit $status
