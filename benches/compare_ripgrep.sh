#!/usr/bin/env bash
# `mamtriage scan` beside ripgrep on the same generated Mattermost server log.
#
# Needs: hyperfine, ripgrep and GNU time (Debian: apt-get install hyperfine ripgrep time),
# python3. Usage: bash benches/compare_ripgrep.sh [SIZE_MB] [ERRORS]
#
# ripgrep counts the lines holding any message text or code of the shipped knowledge
# (`rg -c -F -f patterns.txt`); mamtriage finds, groups and reports them. Peak memory of
# `scan -` (the log on a pipe) shows that memory does not grow with the input.
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-600}
errors=${2:-3000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --release --quiet --bin mamtriage --example synth_server_log
bin=target/release/mamtriage
target/release/examples/synth_server_log "$size" "$errors" "$work/mattermost.log"

# Every message text and code of the shipped knowledge, one per line.
ids=$("$bin" --no-cache list --json | python3 -c 'import json,sys; print(" ".join(e["id"] for e in json.load(sys.stdin)))')
# shellcheck disable=SC2086
"$bin" --no-cache show --format json $ids | python3 -c '
import json, sys
entries = json.load(sys.stdin)
patterns = {text for e in entries for text in e["messages"] + e["codes"] if text.strip()}
print("\n".join(sorted(patterns)))' > "$work/patterns.txt"
echo "patterns: $(wc -l < "$work/patterns.txt")"

# scan exits 1 when it finds a known problem, as it should here.
hyperfine --warmup 1 --runs 5 --ignore-failure \
  "rg -c -F -f $work/patterns.txt $work/mattermost.log" \
  "$bin --no-cache scan $work/mattermost.log"

echo "peak memory, log on a pipe:"
cat "$work/mattermost.log" | /usr/bin/time -f "  scan -: %M KiB" "$bin" --no-cache scan - > /dev/null || true
