#!/usr/bin/env bash
# fio over NBD on UNIX sockets: mpathj (a sim map with a memory LU, served by export.nbd's NbdServer through the
# core engine, NbdBenchServer) against nbdkit's memory plugin of the same size, in the same run.
# 4 KiB randread and randwrite, iodepth 1 and 32, numjobs 1 and 2 (each job is its own connection).
#
#   bench/nbd/run.sh [RUNTIME_SECONDS]    (from the repository root; needs fio, nbdkit, a built export.nbd)
# Prints one line per case: IOPS, p50 and p99 completion latency (µs) for both servers and the ratio.
set -euo pipefail
cd "$(dirname "$0")/../.."
runtime=${1:-10}
size_mib=256
repo=${MAVEN_REPO_LOCAL:+-Dmaven.repo.local=$MAVEN_REPO_LOCAL}
for tool in fio nbdkit python3; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool is not installed (Debian: fio, nbdkit)"; exit 2; }
done
work=$(mktemp -d /tmp/nbdbench.XXXXXX)
trap 'exec 3>&- 2>/dev/null || true; [ -n "${kit:-}" ] && kill "$kit" 2>/dev/null; rm -rf "$work"' EXIT

mvn -B -q $repo -pl export.nbd test-compile dependency:build-classpath -Dmdep.outputFile="$work/cp" \
  -Dmdep.includeScope=test >/dev/null
cp="export.nbd/target/classes:export.nbd/target/test-classes:$(cat "$work/cp")"

# mpathj: the JVM reads its standard input from fd 3 and ends when the script closes it
mkfifo "$work/in"
java ${BENCH_JVM_OPTS:--Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn} -cp "$cp" \
  io.mpathj.export.nbd.internal.NbdBenchServer "$work/mpathj.sock" "$size_mib" 512 <"$work/in" >"$work/mpathj.log" 2>&1 &
exec 3>"$work/in"
nbdkit --foreground --unix "$work/nbdkit.sock" memory "${size_mib}M" &
kit=$!
for i in $(seq 1 200); do
  [ -S "$work/mpathj.sock" ] && [ -S "$work/nbdkit.sock" ] && break
  sleep 0.1
done
[ -S "$work/mpathj.sock" ] || { echo "run.sh: the mpathj server did not start:"; cat "$work/mpathj.log"; exit 1; }

mpathj_uri="nbd+unix:///mpatha?socket=$work/mpathj.sock"
kit_uri="nbd+unix:///?socket=$work/nbdkit.sock"
# fill both (every block written, so reads hit allocated memory on both sides) and warm the JVM up
for uri in "$mpathj_uri" "$kit_uri"; do
  fio --name=fill --ioengine=nbd --uri="$uri" --rw=write --bs=1m --iodepth=8 --size=${size_mib}m >/dev/null
done
fio --name=warm --ioengine=nbd --uri="$mpathj_uri" --rw=randrw --bs=4k --iodepth=32 --numjobs=2 \
  --time_based --runtime=10 --size=${size_mib}m >/dev/null

one() { # uri rw qd jobs -> "iops p50 p99"
  fio --name=b --ioengine=nbd --uri="$1" --rw="$2" --bs=4k --iodepth="$3" --numjobs="$4" --group_reporting \
    --time_based --runtime="$runtime" --ramp_time=2 --size=${size_mib}m --output-format=json \
  | python3 -c '
import json, sys
text = sys.stdin.read()  # the nbd engine prints "fio: connected to NBD server" first
j = json.loads(text[text.index("{"):])["jobs"][0]
side = j["read"] if j["read"]["io_bytes"] > 0 else j["write"]
p = side["clat_ns"]["percentile"]
print("%.0f %.1f %.1f" % (side["iops"], p["50.000000"] / 1000, p["99.000000"] / 1000))'
}

printf "%-10s %3s %4s | %10s %8s %8s | %10s %8s %8s | %6s\n" rw qd jobs "mpathj" "p50us" "p99us" "nbdkit" "p50us" \
  "p99us" ratio
for rw in randread randwrite; do
  for qd in 1 32; do
    for jobs in 1 2; do
      read -r m50 m_p50 m_p99 <<<"$(one "$mpathj_uri" $rw $qd $jobs)"
      read -r k50 k_p50 k_p99 <<<"$(one "$kit_uri" $rw $qd $jobs)"
      ratio=$(python3 -c "print('%.2f' % ($m50 / $k50))")
      printf "%-10s %3s %4s | %10s %8s %8s | %10s %8s %8s | %6s\n" $rw $qd $jobs "$m50" "$m_p50" "$m_p99" \
        "$k50" "$k_p50" "$k_p99" "$ratio"
    done
  done
done
