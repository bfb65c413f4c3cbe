#!/usr/bin/env bash
# What glossaries cost (issue 17), on this machine, with one command:
#
#   bench/glossary.sh           full run (a few minutes on 2 cores): writes target/bench-glossary/ (results.md, report.json,
#                               jmh.json, jmh.log, stamp.json)
#   bench/glossary.sh --smoke   checks that the harness runs, in seconds once compiled (one article, one short iteration
#                               each, a 10,000-entry file); writes target/bench-glossary-smoke/
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
    *) echo "unknown option $arg (see the head of bench/glossary.sh)" >&2; exit 2 ;;
  esac
done
if [ "$MODE" = smoke ]; then
  OUT=target/bench-glossary-smoke; REPORT_ARGS=--smoke
  JMH_ARGS="-f 1 -wi 1 -i 1 -w 200ms -r 200ms -p article=glossary-two-spellings -p entries=10000"
else
  OUT=target/bench-glossary; REPORT_ARGS=
  JMH_ARGS="-f 1 -wi 3 -i 5 -w 1s -r 1s"
fi
HEAP=-Xmx768m
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
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
if [ "$MODE" = full ]; then
  log "calibration (a fixed CPU-bound workload, to compare machines)"
  calibration=$(java bench/Calibrate.java)
fi
python3 -c 'import json,sys; print(json.dumps({"commit":sys.argv[1],"dirty":sys.argv[2]=="true","cpu":sys.argv[3],
  "cores":int(sys.argv[4]),"memory_kb":int(sys.argv[5]),"jdk":sys.argv[6],"command":sys.argv[7],"heap":sys.argv[8],
  "load_before":sys.argv[9],"calibration":json.loads(sys.argv[10])}))' "$commit" "$dirty" \
  "$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)" "$(nproc)" "$(awk '/MemTotal/ {print $2}' /proc/meminfo)" \
  "$(java -version 2>&1 | head -n 1)" "bench/glossary.sh${*:+ $*}" "$HEAP" "$(cut -d' ' -f1-3 /proc/loadavg)" \
  "$calibration" > "$WORK/stamp.json"

log "tokens and loading (GlossaryReport, $HEAP)"
# shellcheck disable=SC2086
java $HEAP -cp "$TEST_CP" dev.precis.bench.GlossaryReport $REPORT_ARGS "$WORK/report.json" 2> "$WORK/report.log" \
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
