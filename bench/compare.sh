#!/usr/bin/env bash
# Before and after, on this machine, in one run: the jar of an earlier commit and the current jar, each in front of
# the same fake LLM, on the same inputs as bench/run.sh, measured the same way.
#
#   bench/compare.sh <before> [<after>]   e.g. bench/compare.sh 3c528e8; writes target/bench-compare/results-<before>-<after>.md
#
# Each commit other than the checked-out one is built in a git worktree under target/bench-compare/ (its own Maven
# build); without <after>, the current jar is measured (built when missing). For each jar: a 60 s warm-up at concurrency 4, then 20 s at concurrency 1 and 20 s at 64 with
# wrk; the process's CPU time (utime + stime from /proc) and the JVM's allocated bytes (Micrometer's
# jvm_gc_memory_allocated_bytes_total on the management port) over each run, divided by the digests served.
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/select-jdk.sh
BASE=${1:?usage: bench/compare.sh <before> [<after>]}
AFTER=${2:-}
OUT=target/bench-compare
mkdir -p "$OUT"
WORK=$(mktemp -d)
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT
log() { echo "[compare] $*" >&2; }

command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
built() { # commit -> the directory of its quarkus-app, built in a worktree when needed
  local sha tree; sha=$(git rev-parse --short=12 "$1"); tree="$OUT/tree-$sha"
  if [ ! -f "$tree/target/quarkus-app/quarkus-run.jar" ]; then
    log "building $sha in $tree"
    rm -rf "$tree"; git worktree prune
    git worktree add -f --detach "$tree" "$sha" >/dev/null
    (cd "$tree" && mvn -B -q -ntp package -DskipTests >&2)
  fi
  echo "$tree/target/quarkus-app"
}
BASE_SHA=$(git rev-parse --short=12 "$BASE")
BASE_APP=$(built "$BASE")
if [ -n "$AFTER" ]; then
  AFTER_SHA=$(git rev-parse --short=12 "$AFTER"); AFTER_APP=$(built "$AFTER")
else
  AFTER_SHA=$(git rev-parse --short=12 HEAD); AFTER_APP=target/quarkus-app
  if [ ! -f target/quarkus-app/quarkus-run.jar ]; then
    log "building the current jar"; mvn -B -q -ntp package -DskipTests >&2
  fi
fi

BODY_COUNT=$(python3 bench/bodies.py bench/inputs.txt eval/gold "$WORK")
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_ready() { python3 - "$@" <<'PY'
import sys, time, urllib.request
deadline = time.monotonic() + 60
while time.monotonic() < deadline:
    for url in sys.argv[1:]:  # the first that answers: older commits serve health on the API port
        try:
            urllib.request.urlopen(url, timeout=1); print(url); sys.exit(0)
        except Exception:
            pass
    time.sleep(0.05)
sys.exit(1)
PY
}
FAKE_PORT=$(free_port)
java bench/FakeLlm.java "$FAKE_PORT" 0 "$WORK/answers.tsv" > "$WORK/fake.log" 2>&1 &
PIDS+=($!)
wait_ready "http://127.0.0.1:$FAKE_PORT/stats"

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
allocated() { curl -s "http://127.0.0.1:$2/q/metrics" | awk '/^jvm_gc_memory_allocated_bytes_total/ {printf "%.0f", $2}'; }
load() { # port connections seconds
  BODY_DIR="$WORK" BODY_KIND=digest BODY_COUNT="$BODY_COUNT" wrk -t$(( $2 < 2 ? 1 : 2 )) -c"$2" -d"$3s" --timeout 30s \
    -s bench/post.lua "http://127.0.0.1:$1" | tail -n 1
}

: > "$WORK/rows.jsonl"
measure() { # label app-dir
  local port mport pid
  port=$(free_port); mport=$(free_port)
  PRECIS_DATA_DIR="$(mktemp -d "$WORK/data.XXXX")" QUARKUS_HTTP_PORT=$port QUARKUS_MANAGEMENT_PORT=$mport PRECIS_LLM_PROVIDER=openai PRECIS_LLM_MODEL=fake-llm \
    PRECIS_LLM_BASE_URL="http://127.0.0.1:$FAKE_PORT/v1" PRECIS_CACHE_MAX_ENTRIES=0 \
    PRECIS_MAX_CONCURRENT_LLM_CALLS=4096 PRECIS_MAX_QUEUED_LLM_CALLS=4096 \
    java -Xmx256m -jar "$2/quarkus-run.jar" > "$WORK/service-$1.log" 2>&1 &
  pid=$!; PIDS+=("$pid")
  # commits before the management port (f326a87) serve health and metrics on the API port
  local ready; ready=$(wait_ready "http://127.0.0.1:$mport/q/health/ready" "http://127.0.0.1:$port/q/health/ready")
  case "$ready" in *":$mport/"*) ;; *) mport=$port ;; esac
  log "$1: warm-up 60 s"
  load "$port" 4 60 > /dev/null
  for c in 1 64; do
    local t0 a0 line t1 a1
    t0=$(cpu_ticks "$pid"); a0=$(allocated "$pid" "$mport")
    line=$(load "$port" "$c" 20)
    t1=$(cpu_ticks "$pid"); a1=$(allocated "$pid" "$mport")
    python3 -c 'import json,sys; d=json.loads(sys.argv[1]); n=d["requests"] or 1
d.update(label=sys.argv[2], c=int(sys.argv[3]), cpu_ms=round((int(sys.argv[5])-int(sys.argv[4]))*10/n, 3),
         alloc_kb=round((int(sys.argv[7])-int(sys.argv[6]))/1024/n, 1)); print(json.dumps(d))' \
      "$line" "$1" "$c" "$t0" "$t1" "$a0" "$a1" | tee -a "$WORK/rows.jsonl" >&2
  done
  kill "$pid"; wait "$pid" 2>/dev/null || true
}
measure "before ($BASE_SHA)" "$BASE_APP"
measure "after ($AFTER_SHA)" "$AFTER_APP"

python3 - "$WORK/rows.jsonl" "$OUT/results-$BASE_SHA-$AFTER_SHA.md" "$(nproc)" "$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)" \
  "$(java -version 2>&1 | head -n 1)" "bench/compare.sh $*" <<'PY'
import json, sys, datetime
rows = [json.loads(l) for l in open(sys.argv[1])]
md = [f"Measured {datetime.date.today()} on {sys.argv[4]}, {sys.argv[3]} cores, {sys.argv[5]}; command: `{sys.argv[6]}`. "
      "Inputs: bench/inputs.txt (six French articles, 1.5-2.3 KB, 0-3 meetings, complete answers); `-Xmx256m`; "
      "fake LLM, wrk and the service on the same machine; 60 s warm-up per jar.", "",
      "| jar | concurrency | p50 / p90 / p99 (ms) | digests/s | CPU per digest (ms) | allocated per digest (KB) | errors |",
      "|---|---|---|---|---|---|---|"]
for r in rows:
    md.append(f"| {r['label']} | {r['c']} | {r['p50_ms']} / {r['p90_ms']} / {r['p99_ms']} | {r['rps']:,} | {r['cpu_ms']} "
              f"| {r['alloc_kb']:,} | {r['errors'] + r['non2xx']} |")
open(sys.argv[2], "w").write("\n".join(md) + "\n")
print("\n".join(md))
PY
