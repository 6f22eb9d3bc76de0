#!/usr/bin/env bash
# fio over NBD on UNIX sockets, mpathj's NBD server against a C peer in the same run:
#   memory (default): a sim map with a 256 MiB memory LU (NbdBenchServer) vs nbdkit's memory plugin, same size;
#   iscsi: a 2-path round-robin map over tgt on loopback, one session per portal (NbdIscsiBenchServer) vs qemu-nbd
#          serving the same LU through QEMU's libiscsi driver on one portal (needs tgt, qemu-utils, qemu-block-extra
#          and root for tgtd).
# 4 KiB randread and randwrite, iodepth 1 and 32, numjobs 1 and 2 (each job is its own NBD connection).
#
#   bench/nbd/run.sh [memory|iscsi] [RUNTIME_SECONDS]    (from the repository root; MAVEN_REPO_LOCAL=DIR optional)
# Prints one line per case: IOPS, p50 and p99 completion latency (µs) for both servers and the ratio.
set -euo pipefail
cd "$(dirname "$0")/../.."
mode=${1:-memory}
runtime=${2:-10}
repo=${MAVEN_REPO_LOCAL:+-Dmaven.repo.local=$MAVEN_REPO_LOCAL}
case "$mode" in
  memory) size_mib=256; peer=nbdkit; tools="fio nbdkit python3" ;;
  iscsi) size_mib=64; peer=qemu-nbd; tools="fio qemu-nbd tgtd python3" ;;
  *) echo "usage: bench/nbd/run.sh [memory|iscsi] [RUNTIME_SECONDS]"; exit 2 ;;
esac
for tool in $tools; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool is not installed"; exit 2; }
done
work=$(mktemp -d /tmp/nbdbench.XXXXXX)
trap 'exec 3>&- 2>/dev/null || true; [ -n "${peer_pid:-}" ] && kill "$peer_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT

mvn -B -q $repo -pl export.nbd test-compile dependency:build-classpath -Dmdep.outputFile="$work/cp" \
  -Dmdep.includeScope=test >/dev/null
cp="export.nbd/target/classes:export.nbd/target/test-classes:$(cat "$work/cp")"

# mpathj: the JVM reads its standard input from fd 3 and ends when the script closes it
mkfifo "$work/in"
if [ "$mode" = memory ]; then
  main=(io.mpathj.export.nbd.internal.NbdBenchServer "$work/mpathj.sock" "$size_mib" 512)
else
  main=(io.mpathj.export.nbd.internal.NbdIscsiBenchServer "$work/mpathj.sock")
fi
java ${BENCH_JVM_OPTS:--Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn} -cp "$cp" "${main[@]}" \
  <"$work/in" >"$work/mpathj.log" 2>&1 &
exec 3>"$work/in"
for i in $(seq 1 300); do
  grep -q '^ready' "$work/mpathj.log" 2>/dev/null && break
  sleep 0.1
done
grep -q '^ready' "$work/mpathj.log" || { echo "run.sh: the mpathj server did not start:"; cat "$work/mpathj.log"; exit 1; }
if [ "$mode" = memory ]; then
  nbdkit --foreground --unix "$work/peer.sock" memory "${size_mib}M" &
  peer_pid=$!
  peer_uri="nbd+unix:///?socket=$work/peer.sock"
else
  lun_url=$(sed -n 's/^ready //p' "$work/mpathj.log")
  qemu-nbd --socket="$work/peer.sock" --format=raw --shared=4 --persistent "$lun_url" &
  peer_pid=$!
  peer_uri="nbd+unix:///?socket=$work/peer.sock"
fi
for i in $(seq 1 200); do
  [ -S "$work/peer.sock" ] && break
  sleep 0.1
done
mpathj_uri="nbd+unix:///mpatha?socket=$work/mpathj.sock"

# fill both (every block written: reads hit allocated memory on both sides) and warm the JVM up
for uri in "$mpathj_uri" "$peer_uri"; do
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

printf "%-10s %3s %4s | %10s %8s %8s | %10s %8s %8s | %6s\n" rw qd jobs "mpathj" "p50us" "p99us" "$peer" "p50us" \
  "p99us" ratio
for rw in randread randwrite; do
  for qd in 1 32; do
    for jobs in 1 2; do
      read -r m m_p50 m_p99 <<<"$(one "$mpathj_uri" $rw $qd $jobs)"
      read -r k k_p50 k_p99 <<<"$(one "$peer_uri" $rw $qd $jobs)"
      ratio=$(python3 -c "print('%.2f' % ($m / $k))")
      printf "%-10s %3s %4s | %10s %8s %8s | %10s %8s %8s | %6s\n" $rw $qd $jobs "$m" "$m_p50" "$m_p99" \
        "$k" "$k_p50" "$k_p99" "$ratio"
    done
  done
done
