#!/usr/bin/env bash
# What batches (README, "Batches") cost and give, in one run, on this machine: the current jar in front of the fake LLM
# answering after 200 ms (a realistic model latency), cache off (every item a real call to the fake), LLM slots as
# configured by default (PRECIS_MAX_CONCURRENT_LLM_CALLS=64, PRECIS_BATCH_SHARE=25: 16 slots for batch items, so at most
# 16 / 0.2 s = 80 items/s), one API key with rpm far from reached and no token quota. It measures
#   - batch throughput: items/s through a large batch (20,000 distinct articles as JSON Lines), on its own in a steady
#     window, while interactive load runs, and from its start to its end (the batch's own timestamps); the submission
#     itself (upload, every item checked, stored);
#   - interactive latency: wrk on POST /v1/digests at concurrency 8 and 1, first with no batch running, then while the
#     large batch runs (p50/p90/p99, digests/s, errors, and the 429s the service counted: shedding);
#   - streaming the results: GET /v1/batches/{id}/results downloaded with curl once the batch is done (size, time,
#     every line checked), with the service's RSS and heap used before, at their peak during, and after.
# The service runs with the image's JVM options (Dockerfile) and -XX:MaxRAM set to the Deployment's memory limit.
#
#   bench/batch.sh                   full run (about 6-8 minutes on 2 cores): writes target/bench-batch/results.md
#   bench/batch.sh --smoke           every step in seconds, 300 items, to check the harness (about a minute);
#                                    target/bench-batch-smoke/
#   bench/batch.sh --postgres        batches in the machine's PostgreSQL (127.0.0.1:5432, trust auth, user postgres,
#                                    database test) in a schema of the run's own, dropped at the end; otherwise the
#                                    embedded database in a temporary folder. Output folders get a -postgres suffix.
# Exits non-zero when something failed (a non-2xx digest, a batch not completed or with failed items, a poll of the
# batch answered 503, results missing or out of order), never because of a figure. A batch that has not ended 3 times
# its duration at the slots' full rate (plus 2 minutes) after the interactive windows is cancelled, and the run fails.
# Besides results.md: rows.jsonl (every figure), timeline.csv (the batch's counts, RSS and heap each second),
# service.log.
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/select-jdk.sh

MODE=full
DB=embedded
for arg in "$@"; do
  case "$arg" in
    --smoke) MODE=smoke ;;
    --postgres) DB=postgres ;;
    *) echo "unknown option $arg (see the head of bench/batch.sh)" >&2; exit 2 ;;
  esac
done
if [ "$MODE" = smoke ]; then
  OUT=target/bench-batch-smoke; ITEMS=300; WARM_ITEMS=30; WARM_S=2; RUN_S=2; ALONE_S=1
else
  OUT=target/bench-batch; ITEMS=20000; WARM_ITEMS=1000; WARM_S=60; RUN_S=20; ALONE_S=30
fi
[ "$DB" = postgres ] && OUT="$OUT-postgres"
LATENCY_MS=200
MAX_CALLS=64
SHARE=25
MAX_BATCH_BYTES=62914560
MAX_RAM=768m                     # k8s/base/deployment.yaml: the container's memory limit
JVM_OPTS=(-XX:MaxRAM=$MAX_RAM -XX:MaxRAMPercentage=60 -XX:+ExitOnOutOfMemoryError)   # as the Dockerfile's JAVA_OPTS
mkdir -p "$OUT"
rm -f "$OUT/results.md" "$OUT/rows.jsonl" "$OUT/timeline.csv" "$OUT/service.log"
WORK=$(mktemp -d)
PIDS=()
SCHEMA=""
PG=(psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p 5432 -U postgres -d test)
log() { echo "[batch-bench] $*" >&2; }
stop_pids() { # TERM, then wait up to 40 s (the service's shutdown grace is 30 s), then KILL: only the run's own
  local pid
  for pid in "$@"; do kill "$pid" 2>/dev/null || true; done
  for pid in "$@"; do
    for _ in $(seq 1 400); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
}
forget() { local keep=() pid; for pid in "${PIDS[@]}"; do [ "$pid" = "$1" ] || keep+=("$pid"); done; PIDS=("${keep[@]}"); }
cleanup() {
  if [ "${#PIDS[@]}" -gt 0 ]; then stop_pids "${PIDS[@]}"; fi
  if [ -f "$WORK/service.log" ]; then cp "$WORK/service.log" "$OUT/service.log"; fi
  if [ -n "$SCHEMA" ]; then "${PG[@]}" -c "DROP SCHEMA IF EXISTS $SCHEMA CASCADE" >/dev/null 2>&1 || log "could not drop schema $SCHEMA"; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

command -v wrk >/dev/null || { log "installing wrk"; (apt-get update -qq && apt-get install -y -qq wrk) >/dev/null; }
command -v curl >/dev/null || { log "installing curl"; (apt-get update -qq && apt-get install -y -qq curl) >/dev/null; }
if [ "$DB" = postgres ] && ! command -v psql >/dev/null; then
  log "installing psql"; (apt-get update -qq && apt-get install -y -qq postgresql-client) >/dev/null
fi
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
if [ ! -f target/quarkus-app/quarkus-run.jar ]; then
  log "building the service"; mvn -B -q -ntp package -DskipTests >&2
fi
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_ready() { python3 - "$1" "${2:-120}" <<'PY'
import sys, time, urllib.request
deadline = time.monotonic() + float(sys.argv[2])
while time.monotonic() < deadline:
    try:
        urllib.request.urlopen(sys.argv[1], timeout=1); sys.exit(0)
    except Exception:
        time.sleep(0.05)
sys.exit(1)
PY
}
now() { date +%s.%N; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }

# The helper the steps below share: the batch's state, waiting for it, sampling it, downloading its results.
cat > "$WORK/helper.py" <<'PY'
import json, os, signal, subprocess, sys, time, urllib.error, urllib.request

def note(text):
    """A request of the harness that failed and was tried again: the report counts them (each is a failure)."""
    with open(os.environ["BENCH_NOTES"], "a") as f:
        f.write(f"{time.strftime('%H:%M:%S')} {text}\n")

def get(base, key, path):
    """GET a JSON resource; a 503 (batches unavailable) or a failed connection is noted and tried again for 60 s."""
    deadline = time.monotonic() + 60
    while True:
        request = urllib.request.Request(base + path, headers={"Authorization": "Bearer " + key})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return json.loads(response.read())
        except urllib.error.HTTPError as e:
            if e.code != 503 or time.monotonic() > deadline:
                raise
            note(f"GET {path}: HTTP 503 {e.read()[:200].decode(errors='replace')}")
        except (urllib.error.URLError, OSError) as e:
            if time.monotonic() > deadline:
                raise
            note(f"GET {path}: {type(e).__name__}: {e}")
        time.sleep(1)

def rss_kb(pid):
    try:
        for line in open(f"/proc/{pid}/status"):
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0

def heap(mport):
    """Heap used (all pools) and old generation used, in bytes, from the management port's metrics."""
    text = urllib.request.urlopen(f"http://127.0.0.1:{mport}/q/metrics", timeout=10).read().decode()
    used = old = 0.0
    for line in text.splitlines():
        if line.startswith("jvm_memory_used_bytes{") and 'area="heap"' in line:
            value = float(line.rsplit(" ", 1)[1])
            used += value
            if "Old Gen" in line or "Tenured" in line:
                old += value
    return used, old

TERMINAL = {"completed", "failed", "cancelled"}
cmd, args = sys.argv[1], sys.argv[2:]

if cmd == "state":  # base key id -> "status succeeded failed pending unix-time-of-the-answer"
    view = get(*args[:2], "/v1/batches/" + args[2])
    c = view["counts"]
    print(view["status"], c["succeeded"], c["failed"], c["pending"], f"{time.time():.3f}")

elif cmd == "view":  # base key id -> the batch as JSON
    print(json.dumps(get(*args[:2], "/v1/batches/" + args[2])))

elif cmd == "wait":  # base key id flowing|done min-succeeded timeout-s -> the batch as JSON; exit 1 on timeout
    base, key, bid, mode, least, timeout = args[0], args[1], args[2], args[3], int(args[4]), float(args[5])
    deadline = time.monotonic() + timeout
    while True:
        view = get(base, key, "/v1/batches/" + bid)
        if mode == "flowing" and (view["status"] in TERMINAL
                                  or (view["status"] == "running" and view["counts"]["succeeded"] >= least)):
            break
        if mode == "done" and view["status"] in TERMINAL:
            break
        if time.monotonic() > deadline:
            print(json.dumps(view)); sys.exit(1)
        time.sleep(0.25)
    print(json.dumps(view))

elif cmd == "sample":  # base key id pid mport out.csv: one line a second until the batch ends (or TERM)
    base, key, bid, pid, mport, out = args
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    start = time.monotonic()
    with open(out, "w") as f:
        f.write("seconds,status,succeeded,failed,pending,rss_mb,heap_used_mb\n")
        while not stop:
            try:
                view = get(base, key, "/v1/batches/" + bid)
                used, _ = heap(mport)
                c = view["counts"]
                f.write(f"{time.monotonic() - start:.1f},{view['status']},{c['succeeded']},{c['failed']},{c['pending']},"
                        f"{rss_kb(pid) / 1024:.0f},{used / 2**20:.0f}\n")
                f.flush()
                if view["status"] in TERMINAL:
                    break
            except Exception as e:
                f.write(f"{time.monotonic() - start:.1f},error: {type(e).__name__},,,,,\n")
            time.sleep(1)

elif cmd == "submit-row":  # label http-code+time response-file body-bytes rss-before-kb rss-after-kb
    label, (code, seconds), response = args[0], args[1].split(), open(args[2], errors="replace").read()
    print(json.dumps({"kind": "submit", "label": label, "code": int(code), "seconds": float(seconds),
                      "bytes": int(args[3]), "rss_mb": [round(int(args[4]) / 1024), round(int(args[5]) / 1024)],
                      "problems": [] if code == "202" else [f"submission of the {label} batch: HTTP {code}: {response[:300]}"]}))

elif cmd == "window-row":  # wrk-line label c t0 t1 ticks0 ticks1 state0 state1 429s-before 429s-after
    d = json.loads(args[0]); label, c = args[1], int(args[2]); wall = float(args[4]) - float(args[3])
    s0, s1 = args[7].split(), args[8].split()
    batch = s0[0] != "none"  # items/s between the two answers, timed when each came (not the window's ends)
    d.update(kind="window", label=label, c=c, seconds=round(wall, 1),
             cpu_cores=round((int(args[6]) - int(args[5])) / 100 / wall, 2), http_429=int(args[10]) - int(args[9]),
             batch=batch, batch_items=int(s1[1]) - int(s0[1]) if batch else None,
             batch_items_per_s=round((int(s1[1]) - int(s0[1])) / (float(s1[4]) - float(s0[4])), 1) if batch else None,
             batch_running_throughout=batch and s1[0] == "running" and int(s1[3]) > 0, problems=[])
    if c and (d["errors"] or d["non2xx"] or d["http_429"]):
        d["problems"].append(f"{label}, concurrency {c}: {d['errors']} errors ({d['non2xx']} non-2xx responses; "
                             f"the service counted {d['http_429']} 429s)")
    print(json.dumps(d))

elif cmd == "batch-row":  # final-view.json items fake-stats-json seconds-waited-if-it-did-not-end-in-time
    view, items = json.load(open(args[0])), int(args[1])
    c, problems = view["counts"], []
    if args[3]:
        problems.append(f"the batch did not end within {args[3]} s of the windows' end (3 times its duration at "
                        "the slots' full rate, plus 2 minutes): cancelled")
    if view["status"] != "completed":
        problems.append(f"the batch ended {view['status']} (or not in time): {json.dumps(c)}")
    if c["succeeded"] != items:
        problems.append(f"the batch: {c['succeeded']} of {items} items succeeded, {c['failed']} failed")
    print(json.dumps({"kind": "batch", "view": view, "items": items, "fake_calls": json.loads(args[2])["calls"],
                      "problems": problems}))

elif cmd == "download":  # base key id pid mport out-file items -> one JSON row
    base, key, bid, pid, mport, out, items = args[0], args[1], args[2], args[3], args[4], args[5], int(args[6])
    rss0 = rss_kb(pid); heap0, old0 = heap(mport)
    curl = subprocess.Popen(["curl", "-s", "-S", "--max-time", "900", "-o", out, "-D", out + ".headers", "-w", "%{http_code} %{time_total}",
                             "-H", "Authorization: Bearer " + key, f"{base}/v1/batches/{bid}/results"],
                            stdout=subprocess.PIPE, text=True)
    rss_peak, heap_peak, old_peak, samples, last_heap = rss0, heap0, old0, 0, 0.0
    while curl.poll() is None:
        rss_peak = max(rss_peak, rss_kb(pid))
        if time.monotonic() - last_heap >= 0.2:
            last_heap = time.monotonic()
            try:
                used, old = heap(mport)
                heap_peak, old_peak = max(heap_peak, used), max(old_peak, old)
                samples += 1
            except Exception:
                pass
        time.sleep(0.02)
    code, seconds = (curl.stdout.read().split() + ["000", "0"])[:2]
    rss1 = rss_kb(pid); heap1, old1 = heap(mport)
    problems, lines, succeeded = [], 0, 0
    if code != "200":
        problems.append(f"results: HTTP {code}")
    header = [l.split(":", 1)[1].strip() for l in open(out + ".headers", errors="replace")
              if l.lower().startswith("precis-batch-status:")]
    with open(out, encoding="utf-8") as f:
        for lines, line in enumerate(f, 1):
            try:
                r = json.loads(line)
            except ValueError:
                problems.append(f"results line {lines}: not JSON"); break
            if r.get("item") != lines or r.get("id") != f"item-{lines}":
                problems.append(f"results line {lines}: item {r.get('item')} id {r.get('id')} (out of order)"); break
            if r.get("status") == "succeeded" and isinstance(r.get("digest"), dict):
                succeeded += 1
    if lines != items:
        problems.append(f"results: {lines} lines, {items} expected")
    if succeeded != lines:
        problems.append(f"results: {lines - succeeded} lines without a digest")
    mb = 2 ** 20
    print(json.dumps({"kind": "download", "bytes": os.path.getsize(out), "lines": lines, "succeeded": succeeded,
                      "seconds": float(seconds), "status_header": header[0] if header else None,
                      "rss_mb": [round(rss0 / 1024), round(rss_peak / 1024), round(rss1 / 1024)],
                      "heap_mb": [round(heap0 / mb), round(heap_peak / mb), round(heap1 / mb)],
                      "old_mb": [round(old0 / mb), round(old_peak / mb), round(old1 / mb)],
                      "heap_samples": samples, "problems": problems}))
PY
PY=$(python3 -c 'import sys; print(sys.executable)')   # the interpreter itself: a version manager's shim costs 0.3 s a call
export BENCH_NOTES="$WORK/notes.txt"; : > "$BENCH_NOTES"
H() { "$PY" "$WORK/helper.py" "$@"; }

# Inputs: the benchmark's articles (bench/bodies.py), and the batches built from them, every item distinct.
BODY_COUNT=$(python3 bench/bodies.py bench/inputs.txt eval/gold "$WORK")
python3 - "$WORK" "$BODY_COUNT" "$ITEMS" "$WARM_ITEMS" <<'PY'
import json, sys
work, count, items, warm = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
parts = [(open(f"{work}/digest-{i}-prefix.json", encoding="utf-8").read(),
          open(f"{work}/digest-{i}-suffix.json", encoding="utf-8").read()) for i in range(count)]
for name, n, tag in (("batch", items, "big-"), ("warm", warm, "warm-")):
    with open(f"{work}/{name}.jsonl", "w", encoding="utf-8") as out:
        for i in range(1, n + 1):
            prefix, suffix = parts[(i - 1) % count]
            body = json.loads(prefix + tag + str(i) + suffix)  # the article, tagged as post.lua tags each request
            out.write(json.dumps({"id": f"item-{i}", **body}, ensure_ascii=False) + "\n")
PY
BATCH_BYTES=$(stat -c %s "$WORK/batch.jsonl")
if [ "$BATCH_BYTES" -gt "$MAX_BATCH_BYTES" ]; then
  log "the batch file has $BATCH_BYTES bytes, more than PRECIS_BATCH_MAX_BYTES can be ($MAX_BATCH_BYTES)"; exit 1
fi

FAKE_PORT=$(free_port)
java bench/FakeLlm.java "$FAKE_PORT" "$LATENCY_MS" "$WORK/answers.tsv" > "$WORK/fake.log" 2>&1 &
FAKE_PID=$!; PIDS+=("$FAKE_PID")
wait_ready "http://127.0.0.1:$FAKE_PORT/stats" || { log "the fake LLM did not start"; cat "$WORK/fake.log" >&2; exit 1; }

DB_ENV=(PRECIS_DATA_DIR="$WORK/data")
DB_DESC="embedded database (H2 file in a temporary folder)"
if [ "$DB" = postgres ]; then
  SCHEMA=bench_$(head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n')
  "${PG[@]}" -c "CREATE SCHEMA $SCHEMA" >/dev/null
  DB_ENV=(PRECIS_DB_URL="jdbc:postgresql://127.0.0.1:5432/test?currentSchema=$SCHEMA" PRECIS_DB_USER=postgres)
  DB_DESC="PostgreSQL $("${PG[@]}" -tAc 'SHOW server_version' | awk '{print $1}') on loopback (schema of the run's own)"
fi

# One key, requests per minute far from reached, no token quota (0: unlimited), so no quota throttles the batch.
KEY=pk-bench-$(head -c 8 /dev/urandom | od -An -tx1 | tr -d ' \n')
echo "bench  sha256:$(printf %s "$KEY" | sha256sum | cut -d' ' -f1)  rpm=100000000 tpm=0 tpd=0" > "$WORK/keys.txt"

PORT=$(free_port); MPORT=$(free_port)
BASE="http://127.0.0.1:$PORT"
log "starting the service ($DB_DESC)"
env QUARKUS_HTTP_PORT="$PORT" QUARKUS_MANAGEMENT_PORT="$MPORT" PRECIS_LLM_PROVIDER=openai PRECIS_LLM_MODEL=fake-llm \
  PRECIS_LLM_BASE_URL="http://127.0.0.1:$FAKE_PORT/v1" PRECIS_API_KEYS_FILE="$WORK/keys.txt" \
  PRECIS_CACHE_MAX_ENTRIES=0 PRECIS_MAX_CONCURRENT_LLM_CALLS="$MAX_CALLS" PRECIS_BATCH_SHARE="$SHARE" \
  PRECIS_BATCH_MAX_BYTES="$MAX_BATCH_BYTES" "${DB_ENV[@]}" \
  java "${JVM_OPTS[@]}" -jar target/quarkus-app/quarkus-run.jar > "$WORK/service.log" 2>&1 &
PID=$!; PIDS+=("$PID")
if ! wait_ready "http://127.0.0.1:$MPORT/q/health/ready" 180; then
  log "the service did not get ready"; tail -n 40 "$WORK/service.log" >&2; exit 1
fi
MAX_HEAP_MB=$(java "${JVM_OPTS[@]}" -XX:+PrintFlagsFinal -version 2>/dev/null | awk '$2 == "MaxHeapSize" {printf "%.0f", $4 / 1048576}')
SLOTS=$(( MAX_CALLS * SHARE / 100 )); [ "$SLOTS" -lt 1 ] && SLOTS=1

load() { # connections seconds [env...] -> wrk's JSON line
  local c=$1 s=$2; shift 2
  env BODY_DIR="$WORK" BODY_KIND=digest BODY_COUNT="$BODY_COUNT" HEADERS="Authorization: Bearer $KEY" "$@" \
    wrk -t$(( c < 2 ? 1 : 2 )) -c"$c" -d"${s}s" --timeout 30s -s bench/post.lua "$BASE" | tail -n 1
}
count_429() { # the 429s the service answered on /v1/digests so far
  curl -s "http://127.0.0.1:$MPORT/q/metrics" | awk 'index($0, "http_server_requests_seconds_count{") == 1 &&
    index($0, "status=\"429\"") && index($0, "uri=\"/v1/digests\"") {s += $2} END {printf "%.0f", s}'
}
submit() { # file label -> batch id (and a row: status, time, RSS before and after)
  local file=$1 label=$2 rss0 code
  rss0=$(rss_kb "$PID")
  code=$(curl -s -o "$WORK/submit-$label.json" -w '%{http_code} %{time_total}' -X POST "$BASE/v1/batches" \
    -H "Authorization: Bearer $KEY" -H 'Content-Type: application/x-ndjson' --data-binary @"$file")
  H submit-row "$label" "$code" "$WORK/submit-$label.json" "$(stat -c %s "$file")" "$rss0" "$(rss_kb "$PID")" \
    >> "$WORK/rows.jsonl"
  [ "${code%% *}" = 202 ] || { log "submission refused: $code $(head -c 300 "$WORK/submit-$label.json")"; return 1; }
  python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["id"])' "$WORK/submit-$label.json"
}
BATCH_ID=""
batch_state() { if [ -n "$BATCH_ID" ]; then H state "$BASE" "$KEY" "$BATCH_ID"; else echo "none 0 0 0 0"; fi; }
window() { # label concurrency(0: no load, only the batch) seconds tag -> one row
  local label=$1 c=$2 s=$3 tag=$4 line='{}' b0 b1 t0 t1 k0 k1 r0 r1
  b0=$(batch_state); r0=$(count_429); k0=$(cpu_ticks "$PID"); t0=$(now)
  if [ "$c" -gt 0 ]; then line=$(load "$c" "$s" TAG_PREFIX="$tag"); else sleep "$s"; fi
  t1=$(now); k1=$(cpu_ticks "$PID"); r1=$(count_429); b1=$(batch_state)
  H window-row "$line" "$label" "$c" "$t0" "$t1" "$k0" "$k1" "$b0" "$b1" "$r0" "$r1" | tee -a "$WORK/rows.jsonl" >&2
}

log "warm-up: a batch of $WARM_ITEMS items and wrk at concurrency 4 for ${WARM_S} s"
WARM_ID=$(submit "$WORK/warm.jsonl" warm-up)
load 4 "$WARM_S" TAG_PREFIX=w- > /dev/null
H wait "$BASE" "$KEY" "$WARM_ID" done 0 $(( WARM_ITEMS / 5 + 120 )) > "$WORK/warm-view.json" \
  || { log "the warm-up batch did not end: $(cat "$WORK/warm-view.json")"; exit 1; }
curl -s -o /dev/null -H "Authorization: Bearer $KEY" "$BASE/v1/batches/$WARM_ID/results"

log "no batch running: wrk at concurrency 8 and 1, ${RUN_S} s each"
window "no batch" 8 "$RUN_S" a8-
window "no batch" 1 "$RUN_S" a1-

log "submitting the batch: $ITEMS items, $BATCH_BYTES bytes"
curl -s -X POST "http://127.0.0.1:$FAKE_PORT/stats" > /dev/null
BATCH_ID=$(submit "$WORK/batch.jsonl" large)
"$PY" "$WORK/helper.py" sample "$BASE" "$KEY" "$BATCH_ID" "$PID" "$MPORT" "$OUT/timeline.csv" &
SAMPLER_PID=$!; PIDS+=("$SAMPLER_PID")
if ! H wait "$BASE" "$KEY" "$BATCH_ID" flowing "$SLOTS" 180 > "$WORK/flowing.json"; then
  log "the batch did not start: $(cat "$WORK/flowing.json")"; exit 1
fi
log "batch running ($(batch_state)); batch alone for ${ALONE_S} s, then wrk at concurrency 8 and 1, ${RUN_S} s each"
window "batch alone" 0 "$ALONE_S" ""
window "batch running" 8 "$RUN_S" b8-
window "batch running" 1 "$RUN_S" b1-

DONE_CAP=$(( ITEMS * LATENCY_MS * 3 / SLOTS / 1000 + 120 ))
TIMED_OUT=""
log "waiting for the batch to end ($(batch_state); at most $DONE_CAP s)"
if ! H wait "$BASE" "$KEY" "$BATCH_ID" done 0 "$DONE_CAP" > "$WORK/final.json"; then
  log "the batch did not end within $DONE_CAP s ($(batch_state)): cancelling it"
  TIMED_OUT=$DONE_CAP
  curl -s -o /dev/null -X DELETE -H "Authorization: Bearer $KEY" "$BASE/v1/batches/$BATCH_ID" || true
  H wait "$BASE" "$KEY" "$BATCH_ID" done 0 180 > "$WORK/final.json" || true
fi
for _ in $(seq 1 30); do kill -0 "$SAMPLER_PID" 2>/dev/null || break; sleep 0.1; done   # it stops once the batch ended
stop_pids "$SAMPLER_PID"; forget "$SAMPLER_PID"
H batch-row "$WORK/final.json" "$ITEMS" "$(curl -s "http://127.0.0.1:$FAKE_PORT/stats")" "$TIMED_OUT" \
  | tee -a "$WORK/rows.jsonl" >&2

log "downloading the results"
sleep 2   # let the last writes and the sampler settle before the memory taken as "before"
H download "$BASE" "$KEY" "$BATCH_ID" "$PID" "$MPORT" "$WORK/results.jsonl" "$ITEMS" | tee -a "$WORK/rows.jsonl" >&2
kill -0 "$PID" 2>/dev/null || echo '{"kind": "end", "problems": ["the service exited during the run"]}' >> "$WORK/rows.jsonl"
"$PY" - "$WORK/notes.txt" "$WORK/service.log" >> "$WORK/rows.jsonl" <<'PY'
import json, re, sys
notes = [l.rstrip("\n") for l in open(sys.argv[1]) if l.strip()]
levels = {"WARN": 0, "ERROR": 0}
for line in open(sys.argv[2], errors="replace"):
    m = re.match(r"\S+ \S+ (WARN|ERROR) ", line)
    if m:
        levels[m.group(1)] += 1
print(json.dumps({"kind": "log", "notes": notes, "warn": levels["WARN"], "error": levels["ERROR"],
                  "problems": [f"{len(notes)} polls of the batch failed and were tried again (first: {notes[0]})"] if notes else []}))
PY
cp "$WORK/rows.jsonl" "$OUT/rows.jsonl"

if git rev-parse --git-dir >/dev/null 2>&1; then
  COMMIT="$(git rev-parse --short=12 HEAD)$(git diff --quiet HEAD -- src pom.xml || echo '+changes')"
else
  COMMIT="(not a git checkout)"
fi
python3 - "$WORK/rows.jsonl" "$OUT/results.md" "$(nproc)" "$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)" \
  "$(java -version 2>&1 | head -n 1)" "bench/batch.sh $*" "$COMMIT" "$DB_DESC" "$WORK/inputs.json" "$ITEMS" \
  "$LATENCY_MS" "$MAX_CALLS" "$SHARE" "$SLOTS" "$MAX_RAM" "$MAX_HEAP_MB" <<'PY'
import datetime, json, sys
a = sys.argv
rows = [json.loads(l) for l in open(a[1])]
inputs = json.load(open(a[9]))
items, latency, calls, share, slots = int(a[10]), int(a[11]), int(a[12]), int(a[13]), int(a[14])
by = lambda kind: [r for r in rows if r["kind"] == kind]
big = next((r for r in by("submit") if r["label"] == "large"), None)
kb = lambda b: f"{b / 1024:.1f}"
mb = lambda b: f"{b / 2**20:.1f}"
md = [f"Measured {datetime.date.today()} at commit {a[7]} on {a[4]}, {a[3]} cores, {a[5]}, {a[8]}; command: `{a[6]}`. "
      f"Inputs: bench/inputs.txt ({len(inputs)} French articles, {kb(min(i['bytes'] for i in inputs))}-"
      f"{kb(max(i['bytes'] for i in inputs))} KB, complete answers from the fake LLM), each item tagged so that every "
      f"article is distinct; a batch of {items:,} items ({mb(big['bytes']) if big else '?'} MB of JSON Lines); fake LLM "
      f"answering after {latency} ms; PRECIS_MAX_CONCURRENT_LLM_CALLS={calls}, PRECIS_BATCH_SHARE={share} ({slots} "
      f"slot{'' if slots == 1 else 's'} for batch items: at most {slots * 1000 / latency:.0f} items/s at {latency} ms); cache off "
      f"(PRECIS_CACHE_MAX_ENTRIES=0); the image's JVM options with -XX:MaxRAM={a[15]} (heap at most {a[16]} MB); one API "
      "key (rpm far from reached, no token quota); fake LLM, wrk, the database and the service on the same machine.", ""]

md += ["Interactive `POST /v1/digests` (wrk, every article new), with no batch running and while the large batch runs:", "",
       "| batch | concurrency | p50 / p90 / p99 (ms) | digests/s | batch items/s meanwhile | service CPU (cores) | errors | 429 |",
       "|---|---|---|---|---|---|---|---|"]
for r in by("window"):
    if not r["c"]:
        continue
    meanwhile = "-" if r["batch_items_per_s"] is None else f"{r['batch_items_per_s']:,}" + (
        "" if r["batch_running_throughout"] else " (the batch ended during the window)")
    md.append(f"| {r['label']} | {r['c']} | {r['p50_ms']:.0f} / {r['p90_ms']:.0f} / {r['p99_ms']:.0f} | {r['rps']:,} | "
              f"{meanwhile} | {r['cpu_cores']} | {r['errors']} | {r['http_429']} |")

md += ["", "The batch:", "", "| step | seconds | items | items/s | notes |", "|---|---|---|---|---|"]
for r in by("submit"):
    md.append(f"| submission of the {r['label']} batch (upload, every item checked, stored) | {r['seconds']:.2f} | "
              f"{'-' if r['label'] != 'large' else f'{items:,}'} | | HTTP {r['code']}, {mb(r['bytes'])} MB; service RSS "
              f"{r['rss_mb'][0]} → {r['rss_mb'][1]} MB |")
b = next(iter(by("batch")), None)
def at(s):
    return datetime.datetime.fromisoformat(s.replace("Z", "+00:00")) if s else None
if b:
    v = b["view"]
    created, start, end = at(v.get("createdAt")), at(v.get("startedAt")), at(v.get("finishedAt"))
    if created and start:
        md.append(f"| waiting to start (its createdAt → startedAt) | {(start - created).total_seconds():.2f} | | | |")
for r in by("window"):
    if r["batch"]:
        what = "on its own (steady)" if not r["c"] else f"while wrk runs at concurrency {r['c']}"
        md.append(f"| {what} | {r['seconds']} | {r['batch_items']:,} | {r['batch_items_per_s']:,} | service CPU {r['cpu_cores']} cores"
                  f"{'' if r['batch_running_throughout'] else '; the batch ended during the window'} |")
if b and start and end:
    sec = (end - start).total_seconds()
    md.append(f"| whole batch (its startedAt → finishedAt) | {sec:.1f} | {v['counts']['succeeded']:,} | "
              f"{v['counts']['succeeded'] / sec:,.1f} | status {v['status']}, {v['counts']['failed']} failed; LLM calls "
              f"{v['usage']['llmCalls']:,} by the batch's count ({b['fake_calls']:,} at the fake, with the interactive "
              "load meanwhile) |")
elif b:
    md.append(f"| whole batch | | {v['counts']['succeeded']:,} | | status {v['status']}, not finished |")

for d in by("download"):
    md += ["", "Streaming the results once the batch is done (`GET /v1/batches/{id}/results` with curl), the service's "
           "memory before, at its peak during (sampled every 20 ms, heap every 200 ms from /q/metrics) and after:", "",
           "| results | lines | seconds | MB/s | RSS before / peak / after (MB) | heap used before / peak / after (MB) | old generation (MB) |",
           "|---|---|---|---|---|---|---|",
           f"| {mb(d['bytes'])} MB | {d['lines']:,} ({d['succeeded']:,} digests) | {d['seconds']:.2f} | "
           f"{d['bytes'] / 2**20 / max(d['seconds'], 1e-6):,.1f} | {' / '.join(map(str, d['rss_mb']))} | "
           f"{' / '.join(map(str, d['heap_mb']))} | {' / '.join(map(str, d['old_mb']))} |"]

for r in by("log"):
    md += ["", f"Service log: {r['error']} ERROR and {r['warn']} WARN lines (service.log next to this file)."]
problems = [p for r in rows for p in r.get("problems", [])]
md += ["", "Failures: " + ("none." if not problems else "; ".join(problems))]
open(a[2], "w").write("\n".join(md) + "\n")
print("\n".join(md))
sys.exit(1 if problems else 0)
PY
