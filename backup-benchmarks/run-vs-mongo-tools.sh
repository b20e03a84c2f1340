#!/usr/bin/env bash
# daai-backup side by side with the real MongoDB Database Tools, in one command (docs/performance.md,
# "Versus the MongoDB Database Tools"):
#   backup-benchmarks/run-vs-mongo-tools.sh                     # 4 shapes x 80 MB, 5 alternating pairs,
#                                                               # the CLI both ways (java -jar and the launcher)
#   backup-benchmarks/run-vs-mongo-tools.sh --quick             # 20 MB, 2 pairs: a look
#   backup-benchmarks/run-vs-mongo-tools.sh --before-commit 57c8ec8   # also that commit's CLI, both ways
#   backup-benchmarks/run-vs-mongo-tools.sh --out docs/performance-vs-mongo-tools.md \
#       --cli before='java -jar /tmp/old/daai-backup.jar' --cli after=examples/cli/bin/daai-backup
#   backup-benchmarks/run-vs-mongo-tools.sh --help
# Finds mongodump/mongorestore through MONGO_TOOLS_BIN, else unpacks ../shared/tools (beside the
# checkout) into backup-benchmarks/target/mongo-tools; says so and stops when neither exists.
# Builds the benchmarks jar and the CLI jar when they are missing or older than the sources.
# The harness JVM (the library's warm in-process runs) has a fixed heap: VS_XMX, default 256m.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
cd "$root"
jar="$here/target/benchmarks.jar"
cli="$root/examples/cli/target/daai-backup.jar"
xmx="${VS_XMX:-256m}"

for a in "$@"; do
  if [[ "$a" == "--help" || "$a" == "-h" ]]; then
    exec java -cp "$jar" com.daaisuite.backup.benchmarks.vs.VsMongoTools --help 2>/dev/null || { sed -n 2,12p "$0"; exit 0; }
  fi
done

# --before-commit SHA: that commit's CLI jar, built once in a worktree under target/, measured as "before".
args=()
while [[ $# -gt 0 ]]; do
  if [[ "$1" == "--before-commit" && $# -ge 2 ]]; then
    wt="$here/target/before-$2"
    if [[ ! -f "$wt/examples/cli/target/daai-backup.jar" ]]; then
      echo "[vs] building the CLI of $2 in $wt" >&2
      [[ -d "$wt" ]] || git -C "$root" worktree add --detach "$wt" "$2" >&2
      (cd "$wt" && { mvn -B -q -o -pl examples/cli -am package -DskipTests || mvn -B -q -pl examples/cli -am package -DskipTests; })
    fi
    args+=(--before "$wt/examples/cli/target/daai-backup.jar")
    shift 2
  else
    args+=("$1")
    shift
  fi
done
set -- ${args[@]+"${args[@]}"}

stale() { [[ ! -f "$1" || -n "$(find "$root" -path '*/src/main/*' -newer "$1" -print -quit)" ]]; }
if stale "$jar" || stale "$cli"; then
  echo "[vs] building $jar and $cli" >&2
  # Siblings from the local repository first (offline, then online); from a fresh clone build them too.
  mvn -B -q -o -pl backup-benchmarks,examples/cli -am package -DskipTests \
    || mvn -B -q -pl backup-benchmarks,examples/cli -am package -DskipTests
fi

tools="${MONGO_TOOLS_BIN:-}"
archive="$(dirname "$root")/shared/tools/mongo-tools-100.11.0-linux-x86_64.tar.xz"
# A clone made elsewhere on the same machine: the shared folder is beside the repository it came from.
origin="$(git -C "$root" config --get remote.origin.url 2>/dev/null || true)"
if [[ ! -f "$archive" && -n "$origin" && -d "$origin" ]]; then
  beside="$(cd "$origin" && cd .. && pwd)/shared/tools/mongo-tools-100.11.0-linux-x86_64.tar.xz"
  [[ -f "$beside" ]] && archive="$beside"
fi
if [[ -z "$tools" ]]; then
  if [[ -x "$here/target/mongo-tools/mongodump" ]]; then
    tools="$here/target/mongo-tools"
  elif [[ -f "$archive" ]]; then
    echo "[vs] unpacking $archive into $here/target/mongo-tools" >&2
    mkdir -p "$here/target/mongo-tools"
    tar -xJf "$archive" -C "$here/target/mongo-tools" --strip-components 1
    tools="$here/target/mongo-tools"
  else
    echo "[vs] The MongoDB Database Tools are not available: MONGO_TOOLS_BIN is not set and $archive does not exist." >&2
    echo "[vs] Set MONGO_TOOLS_BIN to a folder holding mongodump and mongorestore 100.x. Nothing was measured." >&2
    exit 2
  fi
fi

exec java "-Xms$xmx" "-Xmx$xmx" -XX:+UseParallelGC -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$jar" com.daaisuite.backup.benchmarks.vs.VsMongoTools \
  --tools "$tools" --command "backup-benchmarks/run-vs-mongo-tools.sh $*" "$@"
