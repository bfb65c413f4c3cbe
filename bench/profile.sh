#!/usr/bin/env bash
# Where a digest's time goes, on this machine: the current jar in front of the fake LLM on the inputs of
# bench/run.sh, after a 60 s warm-up;
#   1. CPU per digest by thread group at concurrency 1 (jcmd Thread.print CPU times before and after 15 s of load);
#   2. a JFR profile at concurrency 16 (15 s, settings=profile), its execution samples attributed to the innermost
#      component on each stack (bench/profile_components.py).
# Writes target/bench-profile/profile.md and keeps the recording (profile.jfr) for JDK Mission Control.
#
#   bench/profile.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/select-jdk.sh
OUT=target/bench-profile; mkdir -p "$OUT"
WORK=$(mktemp -d); PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT
[ -f target/quarkus-app/quarkus-run.jar ] || mvn -B -q -ntp package -DskipTests
BODY_COUNT=$(python3 bench/bodies.py bench/inputs.txt eval/gold "$WORK")
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_ready() { python3 -c '
import sys, time, urllib.request
for _ in range(1200):
    try:
        urllib.request.urlopen(sys.argv[1], timeout=1); sys.exit(0)
    except Exception:
        time.sleep(0.05)
sys.exit(1)' "$1"; }
FAKE=$(free_port); PORT=$(free_port); MPORT=$(free_port)
java bench/FakeLlm.java "$FAKE" 0 "$WORK/answers.tsv" > "$WORK/fake.log" 2>&1 & PIDS+=($!)
wait_ready "http://127.0.0.1:$FAKE/stats"
PRECIS_DATA_DIR="$(mktemp -d "$WORK/data.XXXX")" QUARKUS_HTTP_PORT=$PORT QUARKUS_MANAGEMENT_PORT=$MPORT PRECIS_LLM_PROVIDER=openai PRECIS_LLM_MODEL=fake-llm \
  PRECIS_LLM_BASE_URL="http://127.0.0.1:$FAKE/v1" PRECIS_CACHE_MAX_ENTRIES=0 PRECIS_MAX_CONCURRENT_LLM_CALLS=4096 \
  PRECIS_MAX_QUEUED_LLM_CALLS=4096 java -Xmx256m -jar target/quarkus-app/quarkus-run.jar > "$WORK/service.log" 2>&1 &
SERVICE=$!; PIDS+=("$SERVICE")
wait_ready "http://127.0.0.1:$MPORT/q/health/ready"
load() { BODY_DIR="$WORK" BODY_KIND=digest BODY_COUNT="$BODY_COUNT" wrk -t$(( $1 < 2 ? 1 : 2 )) -c"$1" -d"$2s" \
  -s bench/post.lua "http://127.0.0.1:$PORT" | tail -n 1; }
echo "[profile] warm-up 60 s" >&2; load 4 60 > /dev/null
jcmd "$SERVICE" Thread.print > "$WORK/threads-before.txt"
C1=$(load 1 15)
jcmd "$SERVICE" Thread.print > "$WORK/threads-after.txt"
jcmd "$SERVICE" JFR.start name=profile settings=profile filename="$(pwd)/$OUT/profile.jfr" > /dev/null
C16=$(load 16 15)
jcmd "$SERVICE" JFR.stop name=profile > /dev/null
python3 bench/profile_components.py "$WORK/threads-before.txt" "$WORK/threads-after.txt" "$C1" "$OUT/profile.jfr" "$C16" \
  "$(git rev-parse --short=12 HEAD)" > "$OUT/profile.md"
cat "$OUT/profile.md"
