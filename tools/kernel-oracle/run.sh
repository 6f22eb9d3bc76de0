#!/bin/bash
# The kernel oracle: boots a Debian 12 kernel in QEMU with scsi_debug paths and dm-multipath, runs the conformance
# corpus through dmsetup and writes the kernel's answers as golden files. See README.md beside this file.
#
#   tools/kernel-oracle/run.sh [--corpus FILE] [--out DIR] [--work DIR] [--kernel PACKAGE]
#
# Nothing is installed into the host's kernel: the kernel image, its modules, busybox and dmsetup are unpacked
# from their .deb files (apt-get download + dpkg-deb -x) into the work folder.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
CORPUS_DIR=$ROOT/conformance/corpus
CORPUS=
OUT=
WORK=${KERNEL_ORACLE_WORK:-/tmp/kernel-oracle}
KPKG=
while [ $# -gt 0 ]; do
    case "$1" in
        --corpus) CORPUS=$2; shift 2 ;;
        --out) OUT=$2; shift 2 ;;
        --work) WORK=$2; shift 2 ;;
        --kernel) KPKG=$2; shift 2 ;;
        *) echo "usage: $0 [--corpus FILE] [--out DIR] [--work DIR] [--kernel linux-image-6.1.0-N-amd64]" >&2; exit 2 ;;
    esac
done

log() { echo "kernel-oracle: $*" >&2; }
START=$(date +%s)

# 1. Host tools from Debian.
need=()
command -v qemu-system-x86_64 >/dev/null || need+=(qemu-system-x86)
command -v depmod >/dev/null || need+=(kmod)
command -v cpio >/dev/null || need+=(cpio)
command -v gzip >/dev/null || need+=(gzip)
if [ ${#need[@]} -gt 0 ]; then
    log "installing ${need[*]}"
    apt-get update -q
    apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends "${need[@]}"
fi

# 2. The guest's packages, unpacked (not installed).
mkdir -p "$WORK/debs" "$WORK/root"
if [ -z "$KPKG" ]; then
    KPKG=$(apt-cache search --names-only '^linux-image-6\.1\.0-[0-9]+-amd64$' | awk '{print $1}' | sort -V | tail -1)
    [ -n "$KPKG" ] || { apt-get update -q; KPKG=$(apt-cache search --names-only '^linux-image-6\.1\.0-[0-9]+-amd64$' | awk '{print $1}' | sort -V | tail -1); }
fi
[ -n "$KPKG" ] || { log "no linux-image-6.1.0-*-amd64 package found"; exit 1; }
PKGS=("$KPKG" busybox-static dmsetup libdevmapper1.02.1 libselinux1 libpcre2-8-0 libudev1 libc6)
X=$WORK/x
if [ ! -f "$WORK/debs/.done-$KPKG" ]; then
    rm -rf "$WORK/debs"/*.deb "$X"
    (cd "$WORK/debs" && apt-get download "${PKGS[@]}")
    mkdir -p "$X"
    for d in "$WORK/debs"/*.deb; do dpkg-deb -x "$d" "$X"; done
    touch "$WORK/debs/.done-$KPKG"
fi
KVER=$(ls "$X/lib/modules" | head -1)
KDEBVER=$(dpkg-deb -f "$WORK/debs/${KPKG}"_*.deb Version)
log "kernel $KVER (Debian $KDEBVER)"
[ -n "$OUT" ] || OUT=$ROOT/conformance/linux-$KVER

# 3. The initramfs.
R=$WORK/root
rm -rf "$R"; mkdir -p "$R"/{bin,sbin,lib,lib64,modules,proc,sys,dev,tmp,etc}
cp "$X/bin/busybox" "$R/bin/busybox"
ln -s busybox "$R/bin/sh"
cp "$X/sbin/dmsetup" "$R/sbin/dmsetup"
# dmsetup's shared libraries: every library of the unpacked packages (they are few), ld.so at its usual place.
mkdir -p "$R/lib/x86_64-linux-gnu"
for dir in "$X/lib/x86_64-linux-gnu" "$X/usr/lib/x86_64-linux-gnu"; do
    [ -d "$dir" ] && find "$dir" -maxdepth 1 \( -name '*.so*' \) -exec cp -a {} "$R/lib/x86_64-linux-gnu/" \;
done
cp -a "$X/lib64/ld-linux-x86-64.so.2" "$R/lib64/" 2>/dev/null || ln -sf /lib/x86_64-linux-gnu/ld-linux-x86-64.so.2 "$R/lib64/ld-linux-x86-64.so.2"
printf '/lib/x86_64-linux-gnu\n' > "$R/etc/ld.so.conf"

# Modules with their dependencies, in load order, from modules.dep.
MODDIR=$X/lib/modules/$KVER
[ -f "$MODDIR/modules.dep" ] || depmod -b "$X" "$KVER"
WANT="dm-multipath dm-round-robin dm-queue-length dm-service-time dm-historical-service-time dm-io-affinity
      scsi_dh_alua scsi_dh_emc scsi_dh_rdac scsi_dh_hp_sw sd_mod scsi_debug"
: > "$R/modules/order"
declare -A seen=()
add_mod() { # NAME (module name, - or _)
    local name=$1 path deps d base
    path=$(modinfo -b "$X" -k "$KVER" -n "$name" 2>/dev/null) || return 1
    base=$(basename "$path" .ko)
    [ -n "${seen[$base]:-}" ] && return 0
    seen[$base]=1
    deps=$(modinfo -b "$X" -k "$KVER" -F depends "$name" | tr ',' ' ')
    for d in $deps; do add_mod "$d"; done
    cp "$path" "$R/modules/$base.ko"
    case "$base" in
        scsi_debug) echo "$base add_host=0 dev_size_mb=8 num_tgts=1 max_luns=1" >> "$R/modules/order" ;;
        *) echo "$base" >> "$R/modules/order" ;;
    esac
}
for m in $WANT; do
    if add_mod "$m"; then :; else log "the kernel has no $m (left out)"; fi
done
log "modules: $(tr '\n' ' ' < "$R/modules/order")"

cp "$HERE/guest-init.sh" "$R/init"
cp "$HERE/guest-run.sh" "$R/guest-run.sh"
chmod +x "$R/init" "$R/guest-run.sh"
if [ -n "$CORPUS" ]; then cp "$CORPUS" "$R/corpus.txt"
else cat "$CORPUS_DIR"/*.txt > "$R/corpus.txt"; fi
CASES=$(grep -c '^case ' "$R/corpus.txt")
log "$CASES cases"
(cd "$R" && find . | cpio -o -H newc --quiet | gzip -1) > "$WORK/initrd.gz"

# 4. Boot (TCG when there is no KVM), the transcript on the second serial port.
RAW=$WORK/serial.txt
CONSOLE=$WORK/console.txt
rm -f "$RAW" "$CONSOLE"
# KVM only when asked for (KERNEL_ORACLE_ACCEL=kvm): a /dev/kvm that exists is not always one that works.
ACCEL=${KERNEL_ORACLE_ACCEL:-tcg}
log "booting ($ACCEL)"
BOOT=$(date +%s)
timeout 3600 qemu-system-x86_64 -machine q35,accel=$ACCEL -cpu max -m 512 -smp 1 -nographic -no-reboot \
    -kernel "$X/boot/vmlinuz-$KVER" -initrd "$WORK/initrd.gz" \
    -append "console=ttyS0 panic=-1 printk.time=0 loglevel=4 scsi_mod.scan=sync" \
    -serial "file:$CONSOLE" -serial "file:$RAW" -monitor none -display none -nic none > "$WORK/qemu.log" 2>&1 || true
END=$(date +%s)
grep -q '^@done' "$RAW" || { log "the guest did not finish: see $CONSOLE"; tail -20 "$CONSOLE" >&2; exit 1; }
log "guest ran $((END - BOOT)) s"

# 5. Golden files: one per case, the transcript's lines as they came (only the serial port's CRs removed).
mkdir -p "$OUT/cases" "$OUT/raw"
rm -f "$OUT/cases"/*.txt
tr -d '\r' < "$RAW" > "$OUT/raw/serial.txt"
cp "$CONSOLE" "$OUT/raw/console.txt"
awk -v dir="$OUT/cases" -v hdr="$OUT/raw/header.txt" '
    BEGIN { f = hdr }
    /^@case / { f = dir "/" substr($0, 7) ".txt" }
    { print > f }
    /^@end$/ { close(f); f = "/dev/null" }
' "$OUT/raw/serial.txt"
cat > "$OUT/raw/run.txt" <<INFO
kernel package: $KPKG $KDEBVER
uname -r: $KVER
cases: $CASES
accelerator: $ACCEL
guest run time: $((END - BOOT)) s
total run time: $((END - START)) s
host cores: $(nproc)
date: $(date -u +%Y-%m-%dT%H:%MZ)
INFO
log "wrote $OUT ($(ls "$OUT/cases" | wc -l) cases) in $((END - START)) s"
