#!/usr/bin/env bash
# What glossaries cost (issue 17), on this machine, with one command:
#
#   bench/glossary.sh           full run (a few minutes on 2 cores): writes target/bench-glossary/ (results.md, report.json,
#                               jmh.json, jmh.log, stamp.json)
#   bench/glossary.sh --smoke   checks that the harness runs, in seconds once compiled (one article, one short iteration
#                               each, a 10,000-entry file); writes target/bench-glossary-smoke/
#   bench/glossary.sh --service the service itself with a 100,000-entry glossary file (about 8 minutes): time to ready and
#                               heap after a full GC with and without it, then /v1/digests at concurrency 1 and 64 in
#                               front of the fake LLM: without a glossaries folder, then with the file loaded, requests
#                               naming it and requests naming none in alternating rounds; writes
#                               target/bench-glossary-service/
#
# Two programs of src/test/java/dev/precis/bench, on the test classpath (compiled when missing or older than their
# sources, as bench/run.sh compiles its microbenchmarks):
#   - GlossaryReport (heap -Xmx768m, the Deployment's memory limit): o200k_base tokens of the user message for each test
#     article without a glossary, with src/test/resources/glossaries/newsroom.tsv and with newsroom.tsv plus synthetic
#     entries (100,000 in all); loading a 100,000- and a 1,000,000-entry file through the service's loader: time, heap
#     kept, a reload while the old version is in force, rough match times in the loaded glossary.
#   - GlossaryBenchmark (JMH): per test article and a 100,000-character one, matching the 100,000-entry glossary (and
#     newsroom.tsv alone), writing the prompt's block, and checking the scripted answer with and without the match.
# Figures are stamped with the commit, the machine (CPU model, cores, memory, a calibration figure), the JDK and the
# command. See bench/README.md and BENCHMARKS.md#glossaries-issue-17.
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/select-jdk.sh

MODE=full
for arg in "$@"; do
  case "$arg" in
    --smoke) MODE=smoke ;;
    --service) MODE=service ;;
    *) echo "unknown option $arg (see the head of bench/glossary.sh)" >&2; exit 2 ;;
  esac
done
if [ "$MODE" = service ]; then
  OUT=target/bench-glossary-service
elif [ "$MODE" = smoke ]; then
  OUT=target/bench-glossary-smoke; REPORT_ARGS=--smoke
  JMH_ARGS="-f 1 -wi 1 -i 1 -w 200ms -r 200ms -p article=glossary-two-spellings -p entries=10000 -prof gc"
else
  OUT=target/bench-glossary; REPORT_ARGS=
  JMH_ARGS="-f 1 -wi 5 -i 5 -w 1s -r 1s -prof gc"
fi
HEAP=-Xmx768m
WORK=$(mktemp -d)
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT
mkdir -p "$OUT"
log() { echo "[glossary] $*" >&2; }

LIST=target/test-classes/META-INF/BenchmarkList
if [ ! -f "$LIST" ] || ! grep -q GlossaryBenchmark "$LIST" \
    || [ -n "$(find src/main/java src/test/java/dev/precis/bench -name '*.java' -newer "$LIST" | head -n 1)" ]; then
  log "compiling the service and the benchmarks"
  mvn -B -q -ntp test-compile -Dmaven.compiler.proc=full
fi
# The test classpath, as bench/run.sh gets it; kept until pom.xml changes (Maven takes seconds to say it).
CP_FILE=target/bench-glossary-classpath.txt
if [ ! -s "$CP_FILE" ] || [ pom.xml -nt "$CP_FILE" ]; then
  mvn -B -q -ntp dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$CP_FILE" >/dev/null
fi
TEST_CP="target/test-classes:target/classes:$(cat "$CP_FILE")"

commit=$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
dirty=$( [ -n "$(git status --porcelain -- . ':!target' 2>/dev/null)" ] && echo true || echo false)
calibration=null
if [ "$MODE" != smoke ]; then
  log "calibration (a fixed CPU-bound workload, to compare machines)"
  calibration=$(java bench/Calibrate.java)
fi
python3 -c 'import json,sys; print(json.dumps({"commit":sys.argv[1],"dirty":sys.argv[2]=="true","cpu":sys.argv[3],
  "cores":int(sys.argv[4]),"memory_kb":int(sys.argv[5]),"jdk":sys.argv[6],"command":sys.argv[7],"heap":sys.argv[8],
  "load_before":sys.argv[9],"calibration":json.loads(sys.argv[10])}))' "$commit" "$dirty" \
  "$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)" "$(nproc)" "$(awk '/MemTotal/ {print $2}' /proc/meminfo)" \
  "$(java -version 2>&1 | head -n 1)" "bench/glossary.sh${*:+ $*}" "$HEAP" "$(cut -d' ' -f1-3 /proc/loadavg)" \
  "$calibration" > "$WORK/stamp.json"

# ---- --service: the service with a 100,000-entry glossary ----

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_ready() { # url: the first 200 within 90 s
  python3 - "$1" <<'PY'
import sys, time, urllib.request
deadline = time.monotonic() + 90
while time.monotonic() < deadline:
    try:
        urllib.request.urlopen(sys.argv[1], timeout=1); sys.exit(0)
    except Exception:
        time.sleep(0.01)
sys.exit(1)
PY
}
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
allocated() { curl -s "http://127.0.0.1:$MPORT/q/metrics" | awk '/^jvm_gc_memory_allocated_bytes_total/ {printf "%.0f", $2}'; }
heap_used_kb() { # after a full GC
  jcmd "$1" GC.run >/dev/null
  jcmd "$1" GC.heap_info | awk '/used/ {for (i=1;i<=NF;i++) if ($i=="used") {v=$(i+1); gsub(/[^0-9]/,"",v); print v; exit}}'
}
start_service() { # glossaries-dir-or-empty; sets PID, PORT, MPORT, READY_MS
  PORT=$(free_port); MPORT=$(free_port)
  local started; started=$(date +%s%N)
  env ${1:+PRECIS_GLOSSARIES_DIR=$1} PRECIS_DATA_DIR="$(mktemp -d "$WORK/data.XXXX")" QUARKUS_HTTP_PORT=$PORT \
    QUARKUS_MANAGEMENT_PORT=$MPORT PRECIS_LLM_PROVIDER=openai PRECIS_LLM_MODEL=fake-llm \
    PRECIS_LLM_BASE_URL="http://127.0.0.1:$FAKE_PORT/v1" PRECIS_CACHE_MAX_ENTRIES=0 \
    PRECIS_MAX_CONCURRENT_LLM_CALLS=4096 PRECIS_MAX_QUEUED_LLM_CALLS=4096 \
    java -Xmx256m -jar target/quarkus-app/quarkus-run.jar >> "$WORK/service.log" 2>&1 &
  PID=$!; PIDS+=("$PID")
  wait_ready "http://127.0.0.1:$MPORT/q/health/ready" || { log "the service did not start"; tail -n 30 "$WORK/service.log" >&2; exit 1; }
  READY_MS=$(( ($(date +%s%N) - started) / 1000000 ))
}
stop_service() { kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; }
load() { # kind connections seconds -> one JSON line
  BODY_DIR="$WORK" BODY_KIND="$1" BODY_COUNT="$BODY_COUNT" TAG_PREFIX="$1-$2-$RANDOM-" wrk -t$(( $2 < 2 ? 1 : 2 )) \
    -c"$2" -d"$3s" --timeout 30s -s bench/post.lua "http://127.0.0.1:$PORT" | tail -n 1
}
measured() { # label kind connections seconds: a load with the process's CPU and allocation over it
  local t0 a0 line t1 a1
  t0=$(cpu_ticks "$PID"); a0=$(allocated)
  line=$(load "$2" "$3" "$4")
  t1=$(cpu_ticks "$PID"); a1=$(allocated)
  python3 -c 'import json,sys; d=json.loads(sys.argv[1]); n=d["requests"] or 1
d.update(name="load", label=sys.argv[2], c=int(sys.argv[3]), cpu_ms=round((int(sys.argv[5])-int(sys.argv[4]))*10/n, 3),
         alloc_kb=round((int(sys.argv[7])-int(sys.argv[6]))/1024/n, 1), load_avg=open("/proc/loadavg").read().split()[0]); print(json.dumps(d))' \
    "$line" "$1" "$3" "$t0" "$t1" "$a0" "$a1" | tee -a "$WORK/service.jsonl" >&2
}

measure_service() {
  command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
  if [ ! -f target/quarkus-app/quarkus-run.jar ]; then
    log "building the service"; mvn -B -q -ntp package -DskipTests
  fi
  BODY_COUNT=$(python3 bench/bodies.py bench/inputs.txt eval/gold "$WORK")
  # The same requests naming the glossary: {"text", "publishedAt", "glossary": "large"}.
  for i in $(seq 0 $((BODY_COUNT - 1))); do
    cp "$WORK/digest-$i-prefix.json" "$WORK/named-$i-prefix.json"
    sed 's/}$/, "glossary": "large"}/' "$WORK/digest-$i-suffix.json" > "$WORK/named-$i-suffix.json"
  done
  # 100,000 entries: a few that the input articles mention (up to three an article: the surname of a participant as
  # the article writes it, the place of a meeting), then newsroom.tsv's and synthetic ones.
  mkdir -p "$WORK/glossaries"
  python3 - bench/inputs.txt eval/gold > "$WORK/mentioned.tsv" <<'PY'
import json, sys
ids = [l.strip() for l in open(sys.argv[1]) if l.strip() and not l.startswith("#")]
seen = set()
for n in ids:
    text = open(f"{sys.argv[2]}/{n}.txt", encoding="utf-8").read()
    gold = json.load(open(f"{sys.argv[2]}/{n}.json", encoding="utf-8"))["gold"]
    terms = []
    for m in gold["meetings"]:
        for p in m["participants"]:
            words = [w for w in (p.get("mentions") or [p["name"]])[0].split() if w not in ("M.", "Mme")]
            if words and words[-1] in text:
                terms.append((words[-1], p["name"], "person"))
        loc = m.get("location") or {}
        if loc.get("mentions") and loc["mentions"][0] in text:
            terms.append((loc["mentions"][0], loc["name"], "place"))
    kept = 0
    for source, target, kind in terms:
        if source not in seen and kept < 3:
            seen.add(source); kept += 1
            print(f"{source}\t{target}\t{kind}\tgold:{len(seen)}\t")
PY
  local mentioned; mentioned=$(wc -l < "$WORK/mentioned.tsv")
  java -cp "$TEST_CP" dev.precis.bench.SyntheticGlossary $((100000 - mentioned)) "$WORK/glossaries/large.tsv"
  cat "$WORK/mentioned.tsv" >> "$WORK/glossaries/large.tsv"
  log "glossary file: $(( $(grep -vc '^source' "$WORK/glossaries/large.tsv") )) entries, $(wc -c < "$WORK/glossaries/large.tsv") bytes; mentioned by the inputs: $mentioned"
  : > "$WORK/service.jsonl"
  FAKE_PORT=$(free_port)
  java bench/FakeLlm.java "$FAKE_PORT" 0 "$WORK/answers.tsv" > "$WORK/fake.log" 2>&1 &
  PIDS+=($!)
  wait_ready "http://127.0.0.1:$FAKE_PORT/stats"

  log "time to ready and idle heap after a full GC, three starts each, alternating (-Xmx256m, no class-data archive)"
  for i in 1 2 3; do
    for dir in "" "$WORK/glossaries"; do
      start_service "$dir"
      curl -s -o /dev/null -H 'Content-Type: application/json' \
        --data-binary @<(cat "$WORK/digest-0-prefix.json"; printf 'idle'; cat "$WORK/digest-0-suffix.json") "http://127.0.0.1:$PORT/v1/digests"
      sleep 1
      echo "{\"name\":\"start\",\"glossary\":$( [ -n "$dir" ] && echo true || echo false),\"ready_ms\":$READY_MS,\"heap_kb\":$(heap_used_kb "$PID"),\"rss_kb\":$(awk '/VmRSS/ {print $2}' "/proc/$PID/status")}" \
        | tee -a "$WORK/service.jsonl" >&2
      stop_service
    done
  done

  log "/v1/digests, no glossaries folder: warm-up 60 s, then three rounds at concurrency 1 and one at 64"
  start_service ""
  load digest 4 60 > /dev/null
  for round in 1 2 3; do measured none digest 1 20; done
  measured none digest 64 20
  stop_service

  log "/v1/digests with the 100,000-entry file, naming it and naming none, same JVM: warm-up 60 s, then alternating rounds"
  start_service "$WORK/glossaries"
  curl -s -H 'Content-Type: application/json' \
    --data-binary @<(cat "$WORK/named-1-prefix.json"; printf 'check'; cat "$WORK/named-1-suffix.json") \
    "http://127.0.0.1:$PORT/v1/digests" > "$WORK/named-example.json"
  load digest 4 30 > /dev/null; load named 4 30 > /dev/null
  for round in 1 2 3; do
    if [ $((round % 2)) = 1 ]; then order="digest named"; else order="named digest"; fi
    for kind in $order; do measured "$kind" "$kind" 1 20; done
  done
  for kind in digest named; do measured "$kind" "$kind" 64 20; done
  stop_service
  grep -o 'glossary=large glossaryEntries=[0-9]*' "$WORK/service.log" | sort | uniq -c | sort -rn > "$WORK/entries-per-digest.txt" || true
  python3 - "$WORK" "$OUT" "$mentioned" <<'PY'
import json, statistics, sys
work, out, mentioned = sys.argv[1], sys.argv[2], int(sys.argv[3])
rows = [json.loads(l) for l in open(f"{work}/service.jsonl")]
stamp = json.load(open(f"{work}/stamp.json"))
example = json.load(open(f"{work}/named-example.json"))
applied = [i for i in example.get("validation", {}).get("issues", []) if i["code"].startswith("glossary")]
md = [f"Measured at commit `{stamp['commit']}` on {stamp['cpu']}, {stamp['cores']} cores, {stamp['jdk']}; command: "
      f"`{stamp['command']}`; the jar target/quarkus-app as built; `-Xmx256m`, cache off; load average before: {stamp['load_before']}. "
      f"Glossary file: 100,000 entries ({mentioned} of them mentioned by the six input articles, at most three an article; "
      "newsroom.tsv's and synthetic ones for the rest), loaded from PRECIS_GLOSSARIES_DIR; no keys file (any glossary may be "
      "named; none applies unless named).", ""]
starts = [r for r in rows if r["name"] == "start"]
md += ["| service | time to ready, median of 3 (ms) | heap after full GC, median (MB) | RSS (MB) |", "|---|---|---|---|"]
for g in (False, True):
    s = [r for r in starts if r["glossary"] == g]
    md.append(f"| {'with the 100,000-entry file' if g else 'no glossaries folder'} | {statistics.median(r['ready_ms'] for r in s):,.0f} "
              f"({', '.join(str(r['ready_ms']) for r in s)}) | {statistics.median(r['heap_kb'] for r in s) / 1024:,.1f} "
              f"| {statistics.median(r['rss_kb'] for r in s) / 1024:,.0f} |")
LABELS = {"none": "no glossaries folder", "digest": "100,000-entry file loaded, naming none",
          "named": "100,000-entry file loaded, naming it"}
md += ["", "| service and requests | concurrency | p50 / p90 / p99 (ms) | digests/s | CPU per digest (ms) | allocated per digest (KB) | load avg | errors |",
       "|---|---|---|---|---|---|---|---|"]
for r in [r for r in rows if r["name"] == "load"]:
    md.append(f"| {LABELS[r['label']]} | {r['c']} | {r['p50_ms']} / {r['p90_ms']} / {r['p99_ms']} "
              f"| {r['rps']:,} | {r['cpu_ms']} | {r['alloc_kb']:,} | {r['load_avg']} | {r['errors'] + r['non2xx']} |")
md.append("")
for label in ("none", "digest", "named"):
    c1 = [r for r in rows if r["name"] == "load" and r["label"] == label and r["c"] == 1]
    if c1:
        md.append(f"- {LABELS[label]}, concurrency 1, median of {len(c1)} rounds: p50 "
                  f"{statistics.median(r['p50_ms'] for r in c1)} ms, CPU {statistics.median(r['cpu_ms'] for r in c1)} ms, "
                  f"allocation {statistics.median(r['alloc_kb'] for r in c1)} KB per digest")
md.append(f"- glossary notes in one digest naming it (article 1): {len(applied)}; digests by entries sent (service log): "
          + "; ".join(l.strip() for l in open(f"{work}/entries-per-digest.txt")))
open(f"{out}/results.md", "w").write("\n".join(md) + "\n")
print("\n".join(md))
PY
  cp "$WORK/service.jsonl" "$WORK/stamp.json" "$WORK/named-example.json" "$WORK/mentioned.tsv" "$WORK/entries-per-digest.txt" "$OUT/"
  grep -E 'WARN|ERROR' "$WORK/service.log" | head -n 20 > "$OUT/service-warnings.log" || true
  log "results in $OUT"
}

if [ "$MODE" = service ]; then
  measure_service
  exit 0
fi

log "tokens and loading (GlossaryReport, $HEAP)"
# shellcheck disable=SC2086
java $HEAP -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp "$TEST_CP" dev.precis.bench.GlossaryReport $REPORT_ARGS "$WORK/report.json" 2> "$WORK/report.log" \
  || { tail -n 20 "$WORK/report.log" >&2; exit 1; }
log "matching and validation (JMH GlossaryBenchmark: $JMH_ARGS)"
# shellcheck disable=SC2086
java $HEAP -cp "$TEST_CP" org.openjdk.jmh.Main GlossaryBenchmark $JMH_ARGS -rf json -rff "$WORK/jmh.json" \
  > "$WORK/jmh.log" 2>&1 || { tail -n 30 "$WORK/jmh.log" >&2; exit 1; }
python3 - "$WORK/stamp.json" <<'PY'
import json, sys
stamp = json.load(open(sys.argv[1])); stamp["load_after"] = " ".join(open("/proc/loadavg").read().split()[:3])
json.dump(stamp, open(sys.argv[1], "w"))
PY
cp "$WORK/stamp.json" "$WORK/report.json" "$WORK/report.log" "$WORK/jmh.json" "$WORK/jmh.log" "$OUT/"
python3 bench/glossary_report.py "$OUT" > "$OUT/results.md"
cat "$OUT/results.md"
log "results in $OUT"
