#!/usr/bin/env bash
# What sharing state in Redis costs (README, "One instance or a fleet"), in one run, on this machine: the current jar
# in front of the fake LLM, with an API key whose quotas are all set (so every quota check is made), measured
#   - with Redis off (PRECIS_REDIS_URL unset) and on (a redis-server of the run's own on loopback),
#   - on the miss path (every article new: wrk tags each one) and the hit path (the same article every time: a hit in
#     the replica's own memory, with Redis on the quota check still goes to Redis),
#   - and the hit from another replica: replica A digests the tagged articles, then replica B is sent the same ones
#     (its answers come from Redis; the share that did is read from B's metrics and reported),
# each at concurrency 1 (latency) and 64 (throughput), with the process's CPU time per digest.
#
#   bench/redis.sh            full run (about 9 minutes on 2 cores); writes target/bench-redis/results.md
#   bench/redis.sh --smoke    every step in seconds, to check the harness (CI runs it); target/bench-redis-smoke/
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/select-jdk.sh

MODE=full
for arg in "$@"; do
  case "$arg" in
    --smoke) MODE=smoke ;;
    *) echo "unknown option $arg (see the head of bench/redis.sh)" >&2; exit 2 ;;
  esac
done
if [ "$MODE" = smoke ]; then
  OUT=target/bench-redis-smoke; WARM_S=2; RUN_S=2; SEED_S=3
else
  OUT=target/bench-redis; WARM_S=60; RUN_S=15; SEED_S=30
fi
mkdir -p "$OUT"
WORK=$(mktemp -d)
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT
log() { echo "[redis-bench] $*" >&2; }

command -v wrk >/dev/null || { log "installing wrk"; (apt-get update -qq && apt-get install -y -qq wrk) >/dev/null; }
command -v redis-server >/dev/null || { log "installing redis-server"; (apt-get update -qq && apt-get install -y -qq redis-server) >/dev/null; }
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
if [ ! -f target/quarkus-app/quarkus-run.jar ]; then
  log "building the service"; mvn -B -q -ntp package -DskipTests >&2
fi
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_ready() { python3 - "$1" <<'PY'
import sys, time, urllib.request
deadline = time.monotonic() + 60
while time.monotonic() < deadline:
    try:
        urllib.request.urlopen(sys.argv[1], timeout=1); sys.exit(0)
    except Exception:
        time.sleep(0.05)
sys.exit(1)
PY
}

BODY_COUNT=$(python3 bench/bodies.py bench/inputs.txt eval/gold "$WORK")
FAKE_PORT=$(free_port)
java bench/FakeLlm.java "$FAKE_PORT" 0 "$WORK/answers.tsv" > "$WORK/fake.log" 2>&1 &
PIDS+=($!)
wait_ready "http://127.0.0.1:$FAKE_PORT/stats"

REDIS_PORT=$(free_port)
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --dir "$WORK" > "$WORK/redis.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
REDIS_VERSION=$(redis-server --version | awk '{print $3}')

# One key with every quota set and far from reached: each request makes the checks a real key makes.
KEY=pk-bench-$(head -c 8 /dev/urandom | od -An -tx1 | tr -d ' \n')
echo "bench  sha256:$(printf %s "$KEY" | sha256sum | cut -d' ' -f1)  rpm=100000000 tpm=1000000000000 tpd=1000000000000" > "$WORK/keys.txt"

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
metric() { curl -s "http://127.0.0.1:$1/q/metrics" | awk -v m="$2" 'index($0, m) == 1 {s += $2} END {printf "%.0f", s}'; }
load() { # port connections seconds [env...]
  local port=$1 c=$2 s=$3; shift 3
  env BODY_DIR="$WORK" BODY_KIND=digest BODY_COUNT="$BODY_COUNT" HEADERS="Authorization: Bearer $KEY" "$@" \
    wrk -t$(( c < 2 ? 1 : 2 )) -c"$c" -d"${s}s" --timeout 30s -s bench/post.lua "http://127.0.0.1:$port" | tail -n 1
}

start() { # label redis-url(or empty) prefix -> sets PORT MPORT PID
  PORT=$(free_port); MPORT=$(free_port)
  local redis=()
  [ -n "$2" ] && redis=(PRECIS_REDIS_URL="$2" PRECIS_REDIS_KEY_PREFIX="$3")
  env PRECIS_DATA_DIR="$(mktemp -d "$WORK/data.XXXX")" QUARKUS_HTTP_PORT="$PORT" QUARKUS_MANAGEMENT_PORT="$MPORT" PRECIS_LLM_PROVIDER=openai PRECIS_LLM_MODEL=fake-llm \
    PRECIS_LLM_BASE_URL="http://127.0.0.1:$FAKE_PORT/v1" PRECIS_API_KEYS_FILE="$WORK/keys.txt" \
    PRECIS_CACHE_MAX_ENTRIES=100000 PRECIS_MAX_CONCURRENT_LLM_CALLS=4096 PRECIS_MAX_QUEUED_LLM_CALLS=4096 \
    "${redis[@]}" java -Xmx1g -jar target/quarkus-app/quarkus-run.jar > "$WORK/service-$1.log" 2>&1 &
  PID=$!; PIDS+=("$PID")
  wait_ready "http://127.0.0.1:$MPORT/q/health/ready"
}

: > "$WORK/rows.jsonl"
measure() { # label path c [env...] — one wrk run on the started service, with its CPU and cache outcome
  local label=$1 path=$2 c=$3; shift 3
  local t0 line t1 f0 f1
  t0=$(cpu_ticks "$PID"); f0=$(metric "$MPORT" 'precis_cache_requests_total{result="fleet"')
  line=$(load "$PORT" "$c" "$RUN_S" "$@")
  t1=$(cpu_ticks "$PID"); f1=$(metric "$MPORT" 'precis_cache_requests_total{result="fleet"')
  python3 -c 'import json,sys; d=json.loads(sys.argv[1]); n=d["requests"] or 1
d.update(label=sys.argv[2], path=sys.argv[3], c=int(sys.argv[4]), cpu_ms=round((int(sys.argv[6])-int(sys.argv[5]))*10/n, 3),
         fleet_share=round((int(sys.argv[8])-int(sys.argv[7]))/n, 3)); print(json.dumps(d))' \
    "$line" "$label" "$path" "$c" "$t0" "$t1" "$f0" "$f1" | tee -a "$WORK/rows.jsonl" >&2
}

for setup in off on; do
  url=""; [ "$setup" = on ] && url="redis://127.0.0.1:$REDIS_PORT/0"
  start "$setup" "$url" "bench-$setup:"
  log "Redis $setup: warm-up ${WARM_S} s"
  load "$PORT" 4 "$WARM_S" TAG_PREFIX=w > /dev/null
  for c in 1 64; do measure "Redis $setup" "miss" "$c" TAG_PREFIX="m$c-"; done
  for c in 1 64; do measure "Redis $setup" "hit (own memory)" "$c" CONSTANT=1; done
  kill "$PID"; wait "$PID" 2>/dev/null || true
done

# The hit from another replica: A digests the tagged articles (stored in Redis), then B is sent the same ones.
start a "redis://127.0.0.1:$REDIS_PORT/0" "bench-fleet:"; A_PID=$PID; A_PORT=$PORT
start b "redis://127.0.0.1:$REDIS_PORT/0" "bench-fleet:"
log "two replicas: warm-up ${WARM_S} s each"
load "$A_PORT" 4 "$WARM_S" TAG_PREFIX=wa > /dev/null
load "$PORT" 4 "$WARM_S" TAG_PREFIX=wb > /dev/null
for c in 1 64; do
  log "replica A digests the articles of concurrency $c for ${SEED_S} s"
  load "$A_PORT" "$c" "$SEED_S" TAG_PREFIX="f$c-" > /dev/null
  measure "Redis on, another replica's answer" "hit (from Redis)" "$c" TAG_PREFIX="f$c-"
done
kill "$PID" "$A_PID"; wait "$PID" "$A_PID" 2>/dev/null || true

python3 - "$WORK/rows.jsonl" "$OUT/results.md" "$(nproc)" "$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)" \
  "$(java -version 2>&1 | head -n 1)" "bench/redis.sh $*" "$(git rev-parse --short=12 HEAD)$(git diff --quiet HEAD -- src pom.xml || echo '+changes')" \
  "$REDIS_VERSION" <<'PY'
import json, sys, datetime
rows = [json.loads(l) for l in open(sys.argv[1])]
md = [f"Measured {datetime.date.today()} at commit {sys.argv[7]} on {sys.argv[4]}, {sys.argv[3]} cores, {sys.argv[5]}, "
      f"redis-server {sys.argv[8]} on loopback; command: `{sys.argv[6]}`. Inputs: bench/inputs.txt (six French "
      "articles, 1.5-2.3 KB, 0-3 meetings, complete answers from the fake LLM at 0 ms); `-Xmx1g` (room for the 100,000 answers the cache may keep); one API key with "
      "every quota set (each request makes every quota check); fake LLM, wrk, Redis and the service on the same machine.", "",
      "| setup | path | concurrency | p50 / p90 / p99 (ms) | digests/s | CPU per digest (ms) | answers from Redis | errors |",
      "|---|---|---|---|---|---|---|---|"]
for r in rows:
    md.append(f"| {r['label']} | {r['path']} | {r['c']} | {r['p50_ms']} / {r['p90_ms']} / {r['p99_ms']} | {r['rps']:,} "
              f"| {r['cpu_ms']} | {round(100 * r['fleet_share'])} % | {r['errors'] + r['non2xx']} |")
open(sys.argv[2], "w").write("\n".join(md) + "\n")
print("\n".join(md))
errors = sum(r['errors'] + r['non2xx'] for r in rows)
sys.exit(1 if errors else 0)
PY
