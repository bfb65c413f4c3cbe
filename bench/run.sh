#!/usr/bin/env bash
# Measures what precis itself costs next to the LLM it waits on, on this machine, with one command:
#
#   bench/run.sh                  full run (about 8 minutes on 2 cores): writes target/bench/ (results.md, .json, .csv, latency.svg)
#   bench/run.sh --smoke          short check that the harness works, every step in seconds (about 1.5 minutes in
#                                 all, with the jar built; CI runs it); writes target/bench-smoke/
#   bench/run.sh --worst-mix      only the memory worst mix (about 2 minutes); writes target/bench-worst-mix/
#   bench/run.sh --with-portkey   also measures a peer, the Portkey AI gateway, in front of the same fake LLM
#                                 (installed with npm into target/bench-tools/ when missing; needs Node 18+)
#
# It builds the jar if needed, installs wrk with apt-get when missing, starts a fake OpenAI-compatible LLM
# (bench/FakeLlm.java) that answers each article of the input set (bench/inputs.txt) with its complete extraction, and
# the service in front of it, drives both with wrk, and measures the fake's own latency in the same run so that the
# service's overhead is a difference of two figures taken side by side. Every result is stamped with the commit, the
# machine (CPU model, cores, memory, a calibration figure), the JDK, the inputs and the command. See bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/select-jdk.sh

MODE=full
PORTKEY=no
for arg in "$@"; do
  case "$arg" in
    --smoke) MODE=smoke ;;
    --worst-mix) MODE=worst-mix ;;
    --with-portkey) PORTKEY=yes ;;
    *) echo "unknown option $arg (see the head of bench/run.sh)" >&2; exit 2 ;;
  esac
done
if [ "$MODE" = smoke ]; then
  OUT=target/bench-smoke; LOAD_S=2; WARM_S=2; CONCURRENCY="1 4"; IN_FLIGHT=50; WAIT_MS=300; JMH_ARGS="-f 1 -wi 1 -i 1 -w 200ms -r 200ms"
  WORST_MIX_PHASES="max:8"; WORST_MIX_LATENCY_MS=200; WORST_MIX_DEADLINE_S=20
elif [ "$MODE" = worst-mix ]; then
  OUT=target/bench-worst-mix; WORST_MIX_PHASES="max:64 max:128 max:256 mixed:512"; WORST_MIX_LATENCY_MS=2000; WORST_MIX_DEADLINE_S=25
else
  OUT=target/bench; LOAD_S=15; WARM_S=60; CONCURRENCY="1 16 64"; IN_FLIGHT=2000; WAIT_MS=2000; JMH_ARGS="-f 1 -wi 3 -i 5 -w 1s -r 1s"
  WORST_MIX_PHASES="max:64 max:128 max:256 mixed:512"; WORST_MIX_LATENCY_MS=2000; WORST_MIX_DEADLINE_S=25
fi
HEAP=-Xmx256m
CAPACITY_HEAP=-Xmx1g; CAPACITY_BUDGET=900000000
WORK=$(mktemp -d)
mkdir -p "$OUT"
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

log() { echo "[bench] $*" >&2; }

ensure_portkey() {
  PORTKEY_DIR=target/bench-tools/portkey
  if [ ! -f "$PORTKEY_DIR/node_modules/@portkey-ai/gateway/build/start-server.js" ]; then
    command -v npm >/dev/null || { echo "--with-portkey needs Node and npm" >&2; exit 1; }
    log "installing the Portkey gateway (npm, @portkey-ai/gateway@1.15.2) into $PORTKEY_DIR"
    mkdir -p "$PORTKEY_DIR"
    (cd "$PORTKEY_DIR" && npm install --no-audit --no-fund --silent @portkey-ai/gateway@1.15.2 >/dev/null)
  fi
}

ensure_tools() {
  if ! command -v wrk >/dev/null; then
    log "installing wrk"
    (apt-get update -qq && apt-get install -y -qq wrk) >/dev/null 2>&1 || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
  fi
  ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
  if [ ! -f target/quarkus-app/quarkus-run.jar ]; then
    log "building the service"; mvn -B -q -ntp package -DskipTests
  fi
  if [ ! -f target/test-classes/META-INF/BenchmarkList ]; then
    log "compiling the microbenchmarks"; mvn -B -q -ntp test-compile
  fi
  ARCHIVE="$OUT/app-cds.jsa"
  log "class-data archive for this JVM and these jars (as the image makes it: src/main/docker/class-archive.sh)"
  rm -f "$ARCHIVE"; src/main/docker/class-archive.sh target/quarkus-app "$ARCHIVE"
  mvn -B -q -ntp dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/cp.txt" >/dev/null
  TEST_CP="target/test-classes:target/classes:$(cat "$WORK/cp.txt")"
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

wait_http() { # url timeout-seconds: one process polling every 10 ms (a curl per poll would compete for the CPU)
  python3 - "$1" "$2" <<'PY' || { log "timed out waiting for $1"; return 1; }
import sys, time, urllib.request
url, deadline = sys.argv[1], time.monotonic() + float(sys.argv[2])
while time.monotonic() < deadline:
    try:
        with urllib.request.urlopen(url, timeout=1) as response:
            if response.status == 200:
                sys.exit(0)
    except Exception:
        pass
    time.sleep(0.01)
sys.exit(1)
PY
}

start_fake() { # latency-ms
  FAKE_PORT=$(free_port)
  java bench/FakeLlm.java "$FAKE_PORT" "$1" "$WORK/answers.tsv" > "$WORK/fake.log" 2>&1 &
  FAKE_PID=$!; PIDS+=("$FAKE_PID")
  wait_http "http://127.0.0.1:$FAKE_PORT/stats" 60
}

start_service() { # extra env assignments...
  SERVICE_PORT=$(free_port); MANAGEMENT_PORT=$(free_port)
  local started; started=$(date +%s%N)
  env "$@" PRECIS_DATA_DIR="$(mktemp -d "$WORK/data.XXXX")" QUARKUS_HTTP_PORT="$SERVICE_PORT" QUARKUS_MANAGEMENT_PORT="$MANAGEMENT_PORT" PRECIS_LLM_PROVIDER=openai PRECIS_LLM_MODEL=fake-llm PRECIS_LLM_BASE_URL="http://127.0.0.1:$FAKE_PORT/v1" \
    PRECIS_MAX_CONCURRENT_LLM_CALLS=4096 PRECIS_MAX_QUEUED_LLM_CALLS=4096 \
    java $HEAP ${CDS:--XX:SharedArchiveFile=$ARCHIVE} -jar target/quarkus-app/quarkus-run.jar > "$WORK/service.log" 2>&1 &
  SERVICE_PID=$!; PIDS+=("$SERVICE_PID")
  wait_http "http://127.0.0.1:$MANAGEMENT_PORT/q/health/ready" 60
  READY_MS=$(( ($(date +%s%N) - started) / 1000000 ))
}

stop() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

start_portkey() {
  PORTKEY_PORT=$(free_port)
  (cd "$PORTKEY_DIR" && exec node node_modules/@portkey-ai/gateway/build/start-server.js --port="$PORTKEY_PORT" --headless) \
    > "$WORK/portkey.log" 2>&1 &
  PORTKEY_PID=$!; PIDS+=("$PORTKEY_PID")
  local deadline=$((SECONDS + 60))
  until curl -s -o /dev/null "http://127.0.0.1:$PORTKEY_PORT/"; do
    [ $SECONDS -lt $deadline ] || { log "Portkey did not start"; cat "$WORK/portkey.log" >&2; return 1; }
    sleep 0.1
  done
}

# What Portkey needs to forward an OpenAI-style request to the fake.
portkey_headers() { echo "x-portkey-provider: openai|x-portkey-custom-host: http://127.0.0.1:$FAKE_PORT/v1|Authorization: Bearer bench"; }

load() { # name url-base body-kind connections seconds [extra env]
  local name=$1 base=$2 kind=$3 conns=$4 secs=$5; shift 5
  local threads=$(( conns < 2 ? 1 : 2 ))
  local path=/v1/digests; [ "$kind" = chat ] && path=/v1/chat/completions
  env "$@" BODY_DIR="$WORK" BODY_KIND="$kind" BODY_COUNT="$BODY_COUNT" PATH_TO=$path \
    wrk -t"$threads" -c"$conns" -d"${secs}s" --timeout 30s -s bench/post.lua "$base" 2>&1 \
    | tail -n 1 | sed "s/^{/{\"name\":\"$name\",\"connections\":$conns,/" >> "$WORK/wrk.jsonl"
  tail -n 1 "$WORK/wrk.jsonl" >&2
}

rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
threads_of() { awk '/Threads/ {print $2}' "/proc/$1/status"; }
heap_used_kb() { # after a full GC
  jcmd "$1" GC.run >/dev/null
  jcmd "$1" GC.heap_info | awk '/used/ {for (i=1;i<=NF;i++) if ($i=="used") {v=$(i+1); gsub(/[^0-9]/,"",v); print v; exit}}'
}

# Bytes the JVM allocated so far (Micrometer's jvm_gc_memory_allocated_bytes_total, counted at each young GC).
allocated_bytes() {
  curl -s "http://127.0.0.1:$MANAGEMENT_PORT/q/metrics" | awk '/^jvm_gc_memory_allocated_bytes_total/ {printf "%.0f", $2}'
}

median() { sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }

measure_ready() {
  log "0. time from start to ready, five starts each: with the class-data archive (as the image runs) and without"
  start_fake 0
  local with=() without=() i
  for i in 1 2 3 4 5; do
    start_service; with+=("$READY_MS"); stop "$SERVICE_PID"
    CDS=-Xshare:auto start_service; without+=("$READY_MS"); stop "$SERVICE_PID"
  done
  echo "{\"name\":\"ready\",\"ready_ms\":$(printf '%s\n' "${with[@]}" | median),\"ready_no_archive_ms\":$(printf '%s\n' "${without[@]}" | median),\"starts\":\"${with[*]} / ${without[*]}\"}" >> "$WORK/facts.jsonl"
  tail -n 1 "$WORK/facts.jsonl" >&2
  stop "$FAKE_PID"
}

measure_overhead() {
  log "1. overhead and throughput (zero-latency fake), $BODY_COUNT articles in turn; warm-up ${WARM_S} s"
  start_fake 0
  start_service PRECIS_CACHE_MAX_ENTRIES=0
  # Idle: started, one digest served (language models loaded), nothing under way.
  curl -s -o /dev/null -H 'Content-Type: application/json' \
    --data-binary @<(cat "$WORK/digest-0-prefix.json"; printf 'idle'; cat "$WORK/digest-0-suffix.json") \
    "http://127.0.0.1:$SERVICE_PORT/v1/digests"
  sleep 2
  echo "{\"name\":\"idle\",\"rss_kb\":$(rss_kb "$SERVICE_PID"),\"threads\":$(threads_of "$SERVICE_PID")}" >> "$WORK/facts.jsonl"
  # The JIT settles after about a minute of load on 2 cores: until then p90 and p99 are the compiler's, not the
  # service's (measured: p99 20 ms after 20 s of load, 4-7 ms after 60 s).
  load warmup "http://127.0.0.1:$SERVICE_PORT" digest 4 "$WARM_S" >/dev/null
  echo "{\"name\":\"warm\",\"rss_kb\":$(rss_kb "$SERVICE_PID")}" >> "$WORK/facts.jsonl"
  if [ "$PORTKEY" = yes ]; then
    start_portkey
    curl -s -o /dev/null "http://127.0.0.1:$PORTKEY_PORT/" || true
    sleep 1
    echo "{\"name\":\"portkey-idle\",\"rss_kb\":$(rss_kb "$PORTKEY_PID")}" >> "$WORK/facts.jsonl"
    load portkey-warmup "http://127.0.0.1:$PORTKEY_PORT" chat 4 "$WARM_S" HEADERS="$(portkey_headers)" >/dev/null
  fi
  for c in $CONCURRENCY; do
    load "fake-c$c" "http://127.0.0.1:$FAKE_PORT" chat "$c" "$LOAD_S"
    if [ "$PORTKEY" = yes ]; then
      load "portkey-c$c" "http://127.0.0.1:$PORTKEY_PORT" chat "$c" "$LOAD_S" HEADERS="$(portkey_headers)" &
      local wrk_pid=$! peak=0 rss
      while kill -0 "$wrk_pid" 2>/dev/null; do
        rss=$(rss_kb "$PORTKEY_PID"); [ "$rss" -gt "$peak" ] && peak=$rss; sleep 0.5
      done
      wait "$wrk_pid"
      echo "{\"name\":\"portkey-load-c$c\",\"peak_rss_kb\":$peak}" >> "$WORK/facts.jsonl"
    fi
    local before after; before=$(allocated_bytes)
    load "service-c$c" "http://127.0.0.1:$SERVICE_PORT" digest "$c" "$LOAD_S"
    after=$(allocated_bytes)
    echo "{\"name\":\"allocation-c$c\",\"allocated_bytes\":$(( after - before ))}" >> "$WORK/facts.jsonl"
  done
  [ "$PORTKEY" = yes ] && stop "$PORTKEY_PID"
  stop "$SERVICE_PID"; stop "$FAKE_PID"
}

measure_capacity() {
  # Admission charges each request 96 KB + 20 bytes per character against PRECIS_REQUEST_MEMORY (40 % of the heap by
  # default) and refuses what does not fit with 429: this step gives the budget room for every request in flight, so
  # that what is measured is what a waiting digest really holds, next to what admission charges it.
  log "2. waiting capacity: $IN_FLIGHT requests in flight, fake answering after $WAIT_MS ms, heap $CAPACITY_HEAP"
  start_fake "$WAIT_MS"
  HEAP=$CAPACITY_HEAP start_service PRECIS_CACHE_MAX_ENTRIES=0 PRECIS_REQUEST_MEMORY=$CAPACITY_BUDGET
  # a few seconds at least: a cold JVM's first answers take longer than the fake's own wait
  local warm=$(( WAIT_MS * 3 / 1000 + 1 )); [ "$warm" -lt 4 ] && warm=4
  load capacity-warmup "http://127.0.0.1:$SERVICE_PORT" digest 8 "$warm" >/dev/null
  local heap_idle threads_idle; heap_idle=$(heap_used_kb "$SERVICE_PID"); threads_idle=$(threads_of "$SERVICE_PID")
  local secs=$(( WAIT_MS * 10 / 1000 )); [ "$secs" -lt 3 ] && secs=3
  load "capacity" "http://127.0.0.1:$SERVICE_PORT" digest "$IN_FLIGHT" "$secs" &
  local wrk_pid=$!
  sleep $(( secs / 2 ))   # measuring in the middle of the run, while every connection has a request in flight
  local heap_load threads_load rss_load
  heap_load=$(heap_used_kb "$SERVICE_PID"); threads_load=$(threads_of "$SERVICE_PID"); rss_load=$(rss_kb "$SERVICE_PID")
  wait "$wrk_pid"
  echo "{\"name\":\"capacity-memory\",\"in_flight\":$IN_FLIGHT,\"heap_idle_kb\":$heap_idle,\"heap_load_kb\":$heap_load,\"threads_idle\":$threads_idle,\"threads_load\":$threads_load,\"rss_load_kb\":$rss_load}" >> "$WORK/facts.jsonl"
  stop "$SERVICE_PID"; stop "$FAKE_PID"
}

measure_cache() {
  log "3. cache"
  start_fake 1000
  start_service
  curl -s -o /dev/null -H 'Content-Type: application/json' --data-binary @<(cat "$WORK/digest-0-prefix.json"; cat "$WORK/digest-0-suffix.json") \
    "http://127.0.0.1:$SERVICE_PORT/v1/digests"
  load "cache-hit" "http://127.0.0.1:$SERVICE_PORT" digest 1 "$LOAD_S" CONSTANT=1
  curl -s -X POST "http://127.0.0.1:$FAKE_PORT/stats" >/dev/null
  { cat "$WORK/digest-0-prefix.json"; printf 'single-flight'; cat "$WORK/digest-0-suffix.json"; } > "$WORK/identical.json"
  seq 100 | xargs -P 100 -I{} curl -s -o /dev/null -w '%{http_code}\n' -H 'Content-Type: application/json' \
    --data-binary @"$WORK/identical.json" "http://127.0.0.1:$SERVICE_PORT/v1/digests" > "$WORK/identical.codes"
  local calls ok; calls=$(curl -s "http://127.0.0.1:$FAKE_PORT/stats" | sed 's/[^0-9]//g'); ok=$(grep -c '^200$' "$WORK/identical.codes" || true)
  echo "{\"name\":\"single-flight\",\"requests\":100,\"ok\":$ok,\"llm_calls\":$calls}" >> "$WORK/facts.jsonl"
  stop "$SERVICE_PID"; stop "$FAKE_PID"
}

# The JVM options of the image (Dockerfile) and the memory limit of the Deployment (k8s/base/deployment.yaml): the
# worst-mix run starts the service as a pod would, with -XX:MaxRAM standing in for the container's limit.
image_java_opts() { sed -n 's/^ENV JAVA_OPTS="\(.*\)"$/\1/p' Dockerfile | sed "s#/deployments/app-cds.jsa#$ARCHIVE#"; }
pod_memory_limit_mi() { awk '/limits:/ {l=1} l && /memory:/ {gsub(/[^0-9]/, "", $2); print $2; exit}' k8s/base/deployment.yaml; }

measure_worst_mix() {
  local limit_mi; limit_mi=$(pod_memory_limit_mi)
  log "4. worst mix for memory: maximum-size articles at once, JVM as in the image, memory limit ${limit_mi}Mi"
  start_fake "$WORST_MIX_LATENCY_MS"
  local opts; opts="$(image_java_opts) -XX:MaxRAM=${limit_mi}m"
  SERVICE_PORT=$(free_port); MANAGEMENT_PORT=$(free_port)
  # shellcheck disable=SC2086
  env PRECIS_DATA_DIR="$(mktemp -d "$WORK/data.XXXX")" QUARKUS_HTTP_PORT="$SERVICE_PORT" QUARKUS_MANAGEMENT_PORT="$MANAGEMENT_PORT" PRECIS_LLM_PROVIDER=openai PRECIS_LLM_MODEL=fake-llm PRECIS_LLM_BASE_URL="http://127.0.0.1:$FAKE_PORT/v1" \
    PRECIS_REQUEST_DEADLINE="${WORST_MIX_DEADLINE_S}s" PRECIS_CACHE_MAX_ENTRIES=0 \
    java $opts -jar target/quarkus-app/quarkus-run.jar > "$WORK/service-worst-mix.log" 2>&1 &
  SERVICE_PID=$!; PIDS+=("$SERVICE_PID")
  wait_http "http://127.0.0.1:$MANAGEMENT_PORT/q/health/ready" 60
  # shellcheck disable=SC2086
  LIMIT_MI="$limit_mi" JAVA_OPTS_USED="$opts" python3 bench/worst_mix.py "$SERVICE_PORT" "$SERVICE_PID" \
    "$WORST_MIX_DEADLINE_S" src/test/resources/articles/visit-security-chiefs.txt 100000 $WORST_MIX_PHASES \
    >> "$WORK/facts.jsonl"
  grep '"worst-mix' "$WORK/facts.jsonl" >&2
  stop "$SERVICE_PID"; stop "$FAKE_PID"
}

measure_tokens() {
  log "5. tokens"
  java -cp "$TEST_CP" dev.precis.bench.TokenReport "$WORK/tokens.json"
}

measure_validation() {
  log "6. validation cost (JMH)"
  # shellcheck disable=SC2086
  java -cp "$TEST_CP" org.openjdk.jmh.Main ValidationBenchmark $JMH_ARGS -rf json -rff "$WORK/jmh.json" > "$WORK/jmh.log" 2>&1 \
    || { tail -n 20 "$WORK/jmh.log" >&2; return 1; }
}

stamp() {
  local commit dirty cpu
  commit=$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
  dirty=$( [ -n "$(git status --porcelain -- . ':!target' 2>/dev/null)" ] && echo true || echo false)
  cpu=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
  python3 -c 'import json,sys; print(json.dumps({"name":"stamp","commit":sys.argv[1],"dirty":sys.argv[2]=="true",
    "cpu":sys.argv[3],"cores":int(sys.argv[4]),"memory_kb":int(sys.argv[5]),"jdk":sys.argv[6],"command":sys.argv[7],
    "node":sys.argv[8]}))' "$commit" "$dirty" "$cpu" "$(nproc)" "$(awk '/MemTotal/ {print $2}' /proc/meminfo)" \
    "$(java -version 2>&1 | head -n 1)" "bench/run.sh${ARGS:+ $ARGS}" "$( [ "$PORTKEY" = yes ] && node --version || echo)" >> "$WORK/facts.jsonl"
  log "calibration (a fixed CPU-bound workload, to compare machines)"
  java bench/Calibrate.java >> "$WORK/facts.jsonl"
}

ARGS="$*"
ensure_tools
[ "$PORTKEY" = yes ] && ensure_portkey
if [ "$MODE" = worst-mix ]; then
  : > "$WORK/facts.jsonl"; measure_worst_mix; mkdir -p "$OUT"; cp "$WORK/facts.jsonl" "$OUT/worst-mix.jsonl"
  log "results in $OUT/worst-mix.jsonl"; exit 0
fi
BODY_COUNT=$(python3 bench/bodies.py bench/inputs.txt eval/gold "$WORK")
: > "$WORK/wrk.jsonl"; : > "$WORK/facts.jsonl"
stamp
measure_ready
measure_overhead
measure_capacity
measure_cache
measure_worst_mix
measure_tokens
measure_validation
WORST_MIX_LATENCY_MS="$WORST_MIX_LATENCY_MS" python3 bench/report.py "$WORK" "$OUT" "$MODE"
log "results in $OUT"
