#!/usr/bin/env bash
# Whole-process start-up, side by side: `mamtriage search` beside `mamtriage --version` (the
# process floor) on the shipped knowledge, and beside `fzf --filter` over 10,000 generated
# entries (cached) as full-text lines, for a code, a 3-word query and a 15-word paste; then
# peak memory over 100,000 cached entries beside the cache file's size.
#
# Needs: hyperfine, fzf, ripgrep and GNU time (Debian: apt-get install hyperfine fzf ripgrep
# time). Usage: bash benches/compare_startup.sh
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --release --quiet --bin mamtriage --example synth_knowledge
bin=$PWD/target/release/mamtriage
export MAMTRIAGE_CACHE_DIR=$work/cache
for size in 10000 100000; do
  target/release/examples/synth_knowledge "$size" "$work/k$size" > /dev/null
  # Settled files, as the cache takes them; the first run writes the cache.
  touch -d '1 hour ago' "$work/k$size"/*.yaml
  "$bin" --knowledge "$work/k$size" search SYN000001 > /dev/null
done
# One line per entry, its whole text, for fzf.
awk '/^- id:/ { if (line) print line; line = $0; next } { line = line " " $0 } END { print line }' \
  "$work"/k10000/*.yaml > "$work/lines.txt"

echo "== shipped knowledge: search beside the process floor (and rg over the YAML)"
hyperfine -N --warmup 5 --runs 50 \
  "$bin --version" \
  "$bin search AADSTS650057" \
  "rg -i -c AADSTS650057 knowledge/"

code=SYN005000
words="enrollment token expired"
paste="Scope managed configuration error policy refresh redirect redirect passcode network requires a restart of the app"
echo "== 10,000 cached entries beside fzf --filter over the same entries as lines"
# Both through the shell, which hyperfine subtracts, since fzf reads its input on stdin.
hyperfine --warmup 3 --runs 15 \
  "fzf --filter '$code' < $work/lines.txt" \
  "$bin --knowledge $work/k10000 search '$code'" \
  "fzf --filter '$words' < $work/lines.txt" \
  "$bin --knowledge $work/k10000 search '$words'" \
  "fzf --filter '$paste' < $work/lines.txt" \
  "$bin --knowledge $work/k10000 search '$paste'"

echo "== 100,000 cached entries: peak memory beside the cache file"
/usr/bin/time -f "peak RSS %M KiB, %e s" "$bin" --knowledge "$work/k100000" search SYN050000 > /dev/null
largest=$(ls -S "$MAMTRIAGE_CACHE_DIR" | head -1)
echo "cache file $(( $(stat -c %s "$MAMTRIAGE_CACHE_DIR/$largest") / 1024 )) KiB"
