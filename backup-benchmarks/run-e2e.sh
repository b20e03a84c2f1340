#!/usr/bin/env bash
# The end-to-end benchmark in one command (see docs/performance.md):
#   backup-benchmarks/run-e2e.sh                       # 200 MB beside 1 GB, 3 runs each
#   backup-benchmarks/run-e2e.sh --size-mb 200 --small-mb 0 --runs 1   # a quick look
#   backup-benchmarks/run-e2e.sh --help
# Builds backup-benchmarks/target/benchmarks.jar when it is missing or older than the sources,
# installs pigz with apt-get when it is missing and this user may, then runs the harness with a
# FIXED library heap (E2E_XMX, default 256m). The MongoDB test server runs in a child JVM whose
# heap is sized from the database (--server-xmx-mb to override): mongo-java-server holds about 6x
# the BSON size in heap, so allow about 8x the database size in free memory.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
# E2E_JAR runs a copy of the jar instead (so that a rebuild during a long run cannot pull it away).
jar="${E2E_JAR:-$here/target/benchmarks.jar}"
xmx="${E2E_XMX:-256m}"
cd "$root"

if [[ -z "${E2E_JAR:-}" ]] && [[ ! -f "$jar" || -n "$(find "$here/src" "$here/pom.xml" -newer "$jar" -print -quit)" ]]; then
  echo "[run-e2e] building $jar" >&2
  # Siblings from ~/.m2 first (offline, then online); from a fresh clone build them too (-am).
  mvn -B -q -o -pl backup-benchmarks package -DskipTests \
    || mvn -B -q -pl backup-benchmarks package -DskipTests \
    || mvn -B -q -pl backup-benchmarks -am package -DskipTests
fi

if ! command -v pigz >/dev/null 2>&1; then
  if [[ "$(id -u)" == 0 ]]; then sudo=""; elif sudo -n true 2>/dev/null; then sudo="sudo -n"; else sudo="no"; fi
  if [[ "$sudo" != "no" ]] && command -v apt-get >/dev/null 2>&1; then
    echo "[run-e2e] installing pigz" >&2
    $sudo apt-get install -y -q pigz >/dev/null 2>&1 \
      || { $sudo apt-get update -q >/dev/null 2>&1 && $sudo apt-get install -y -q pigz >/dev/null 2>&1; } \
      || echo "[run-e2e] could not install pigz; the pigz reference will be missing" >&2
  else
    echo "[run-e2e] pigz is missing and cannot be installed here; the pigz reference will be missing" >&2
  fi
fi

exec java "-Xmx$xmx" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$jar" com.daaisuite.backup.benchmarks.e2e.E2eHarness \
  --command "E2E_XMX=$xmx backup-benchmarks/run-e2e.sh $*" "$@"
