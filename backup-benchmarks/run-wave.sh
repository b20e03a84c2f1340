#!/usr/bin/env bash
# The 01:00 wave benchmark in one command (see docs/performance.md, "The 01:00 wave"):
#   backup-benchmarks/run-wave.sh                                   # 200 tenants of 2-10 MB, 1 and 3 nodes
#   backup-benchmarks/run-wave.sh --tenants 20 --min-mb 1 --max-mb 2 --idle-seconds 10   # a quick look
#   backup-benchmarks/run-wave.sh --help
# Builds backup-benchmarks/target/benchmarks.jar when it is missing or older than the sources, then runs
# the harness with a FIXED heap (WAVE_XMX, default 512m) holding the library's nodes and the application
# workload, as an embedding host would. The MongoDB test server runs in a child JVM sized from the fleet
# (--server-xmx-mb to override): mongo-java-server holds about 6x the BSON size in heap, so allow about
# 8x the fleet's size in free memory (about 10 GB for the full run).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
jar="${WAVE_JAR:-$here/target/benchmarks.jar}"
xmx="${WAVE_XMX:-512m}"
cd "$root"

if [[ -z "${WAVE_JAR:-}" ]] && [[ ! -f "$jar" || -n "$(find "$here/src" "$here/pom.xml" -newer "$jar" -print -quit)" ]]; then
  echo "[run-wave] building $jar" >&2
  # Through the reactor (-am): the benchmark uses the read budget of this checkout's backup-core, which
  # a backup-core in ~/.m2 may predate. Offline first, then online for missing plugins or dependencies.
  mvn -B -q -o -pl backup-benchmarks -am package -DskipTests \
    || mvn -B -q -pl backup-benchmarks -am package -DskipTests
fi

exec java "-Xmx$xmx" ${WAVE_JAVA_OPTS:-} -Djava.awt.headless=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$jar" com.daaisuite.backup.benchmarks.wave.WaveHarness \
  --command "WAVE_XMX=$xmx backup-benchmarks/run-wave.sh $*" "$@"
