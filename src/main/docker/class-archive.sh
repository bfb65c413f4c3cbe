#!/bin/sh
# Writes a class-data archive for the application: one training start that loads what a start loads, stopped once
# it is ready, with the JVM recording those classes at exit. Later starts that pass -XX:SharedArchiveFile=ARCHIVE map
# them instead of loading them one by one (measured: BENCHMARKS.md, "ready"). The archive is only valid for the JVM
# and the jars it was made with: the image makes it in its runtime stage, bench/run.sh makes its own.
#
#   src/main/docker/class-archive.sh APP_DIR ARCHIVE      (APP_DIR holds quarkus-run.jar)
set -eu
app=$1 archive=$2
log=$(mktemp)
data=$(mktemp -d)
# Any free ports; no backend is called during a start; batches (none) in a folder of the training start's own.
PRECIS_DATA_DIR="$data" QUARKUS_HTTP_PORT=0 QUARKUS_MANAGEMENT_PORT=0 QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_MANAGEMENT_HOST=127.0.0.1 \
  java -XX:ArchiveClassesAtExit="$archive" -Xlog:cds=off -Xlog:cds+dynamic=off -jar "$app/quarkus-run.jar" > "$log" 2>&1 &
pid=$!
waited=0
until grep -q "started in" "$log"; do
  if ! kill -0 "$pid" 2>/dev/null || [ "$waited" -ge 600 ]; then
    echo "class-archive: the training start did not come up:" >&2; cat "$log" >&2; exit 1
  fi
  sleep 0.1; waited=$((waited + 1))
done
kill -TERM "$pid"
wait "$pid" || true
rm -f "$log"; rm -rf "$data"
test -s "$archive" || { echo "class-archive: no archive written to $archive" >&2; exit 1; }
