#!/bin/bash
# The kernel oracle: boots a Debian 12 kernel in QEMU with scsi_debug paths and dm-multipath, runs the conformance
# corpus through dmsetup and writes the kernel's answers as golden files. See README.md beside this file.
# With --multipath-tools it runs the real multipath and multipathd on the same paths instead (guest-mpt.sh) and
# writes their outputs.
#
#   tools/kernel-oracle/run.sh [--corpus FILE] [--out DIR] [--work DIR] [--kernel PACKAGE] [--multipath-tools]
#
# Nothing is installed into the host's kernel: the kernel image, its modules, busybox, dmsetup (and multipath-tools)
# are unpacked from their .deb files (apt-get download + dpkg-deb -x) into the work folder.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
CORPUS_DIR=$ROOT/conformance/corpus
CORPUS=
OUT=
WORK=${KERNEL_ORACLE_WORK:-/tmp/kernel-oracle}
KPKG=
MPT=
while [ $# -gt 0 ]; do
    case "$1" in
        --corpus) CORPUS=$2; shift 2 ;;
        --out) OUT=$2; shift 2 ;;
        --work) WORK=$2; shift 2 ;;
        --kernel) KPKG=$2; shift 2 ;;
        --multipath-tools) MPT=1; shift ;;
        *) echo "usage: $0 [--corpus FILE] [--out DIR] [--work DIR] [--kernel linux-image-6.1.0-N-amd64] [--multipath-tools]" >&2; exit 2 ;;
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
DONE=$WORK/debs/.done-$KPKG
if [ -n "$MPT" ]; then
    # multipath-tools and the libraries its binaries, plug-ins and libraries need (readelf NEEDED, checked below):
    # libaio1, liburcu8, libjson-c5 (libdmmp), libsystemd0 with its own (libcap2, libgcrypt20, libgpg-error0,
    # liblz4-1, liblzma5, libzstd1), and libgcc-s1, which glibc loads for pthread_cancel (multipathd's threads; not
    # a NEEDED entry). libedit2, a dependency of the package, is only multipathc's (not taken).
    PKGS+=(multipath-tools libaio1 liburcu8 libjson-c5 libsystemd0 libcap2 libgcrypt20 libgpg-error0 liblz4-1
           liblzma5 libzstd1 libgcc-s1)
    DONE=$DONE+multipath-tools-$(echo "${PKGS[*]}" | md5sum | cut -c1-8)   # unpacked again when the list changes
fi
X=$WORK/x
if [ ! -f "$DONE" ]; then
    rm -rf "$WORK/debs"/*.deb "$WORK/debs"/.done-* "$X"
    (cd "$WORK/debs" && apt-get download "${PKGS[@]}")
    mkdir -p "$X"
    for d in "$WORK/debs"/*.deb; do dpkg-deb -x "$d" "$X"; done
    touch "$DONE"
fi
KVER=$(ls "$X/lib/modules" | head -1)
KDEBVER=$(dpkg-deb -f "$WORK/debs/${KPKG}"_*.deb Version)
log "kernel $KVER (Debian $KDEBVER)"
if [ -n "$MPT" ]; then
    MPTVER=$(dpkg-deb -f "$WORK/debs"/multipath-tools_*.deb Version)
    log "multipath-tools $MPTVER"
    [ -n "$OUT" ] || OUT=$ROOT/conformance/multipath-tools-$MPTVER
fi
[ -n "$OUT" ] || OUT=$ROOT/conformance/linux-$KVER

# 3. The initramfs.
R=$WORK/root
rm -rf "$R"; mkdir -p "$R"/{bin,sbin,lib,lib64,modules,proc,sys,dev,tmp,etc}
cp "$X/bin/busybox" "$R/bin/busybox"
ln -s busybox "$R/bin/sh"
cp "$X/sbin/dmsetup" "$R/sbin/dmsetup"
# dmsetup's shared libraries: every library of the unpacked packages (they are few), ld.so at its usual place.
mkdir -p "$R/lib/x86_64-linux-gnu"
# (multipath-tools keeps libmultipath, libmpathutil, libmpathcmd and libmpathpersist in /lib itself.)
for dir in "$X/lib/x86_64-linux-gnu" "$X/usr/lib/x86_64-linux-gnu" "$X/lib"; do
    [ -d "$dir" ] && find "$dir" -maxdepth 1 \( -name '*.so*' \) -exec cp -a {} "$R/lib/x86_64-linux-gnu/" \;
done
cp -a "$X/lib64/ld-linux-x86-64.so.2" "$R/lib64/" 2>/dev/null || ln -sf /lib/x86_64-linux-gnu/ld-linux-x86-64.so.2 "$R/lib64/ld-linux-x86-64.so.2"
printf '/lib/x86_64-linux-gnu\n' > "$R/etc/ld.so.conf"
if [ -n "$MPT" ]; then
    cp "$X/sbin/multipath" "$X/sbin/multipathd" "$R/sbin/"
    cp -a "$X/lib/multipath" "$R/lib/multipath"          # checkers, prioritizers, foreign: libmultipath's multipath_dir
fi
# Every shared library an ELF file of the initramfs needs must be in it (readelf's NEEDED; skipped without binutils).
if command -v readelf >/dev/null; then
    missing=$(find "$R/sbin" "$R/lib" -type f \( -name '*.so*' -o -path '*/sbin/*' \) -exec readelf -d {} + 2>/dev/null |
        sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | sort -u |
        while read -r lib; do [ -e "$R/lib/x86_64-linux-gnu/$lib" ] || [ -e "$R/lib64/$lib" ] || echo "$lib"; done)
    [ -z "$missing" ] || { log "libraries missing from the initramfs: $missing"; exit 1; }
fi

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
cp "$HERE/guest-run.sh" "$HERE/guest-devices.sh" "$R/"
chmod +x "$R/init" "$R/guest-run.sh"
if [ -n "$MPT" ]; then
    cp "$HERE/guest-mpt.sh" "$R/"
    echo guest-mpt.sh > "$R/oracle-script"              # guest-init.sh runs it instead of guest-run.sh
    : > "$R/corpus.txt"
else
    if [ -n "$CORPUS" ]; then cp "$CORPUS" "$R/corpus.txt"
    else cat "$CORPUS_DIR"/*.txt > "$R/corpus.txt"; fi
    CASES=$(grep -c '^case ' "$R/corpus.txt")
    log "$CASES cases"
fi
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

# 5. Golden files: one per case (--multipath-tools: per recorded command), the transcript's lines as they came (only
#    the serial port's CRs removed).
if [ -n "$MPT" ]; then CASEDIR=$OUT/outputs; else CASEDIR=$OUT/cases; fi
mkdir -p "$CASEDIR" "$OUT/raw"
rm -f "$CASEDIR"/*.txt
tr -d '\r' < "$RAW" > "$OUT/raw/serial.txt"
cp "$CONSOLE" "$OUT/raw/console.txt"
awk -v dir="$CASEDIR" -v hdr="$OUT/raw/header.txt" '
    BEGIN { f = hdr }
    /^@case / { f = dir "/" substr($0, 7) ".txt" }
    { print > f }
    /^@end$/ { close(f); f = "/dev/null" }
' "$OUT/raw/serial.txt"
if [ -n "$MPT" ]; then
    WHAT="multipath-tools: $MPTVER
outputs: $(ls "$CASEDIR" | wc -l)"
else
    WHAT="cases: $CASES"
fi
cat > "$OUT/raw/run.txt" <<INFO
kernel package: $KPKG $KDEBVER
uname -r: $KVER
$WHAT
accelerator: $ACCEL
guest run time: $((END - BOOT)) s
total run time: $((END - START)) s
host cores: $(nproc)
date: $(date -u +%Y-%m-%dT%H:%MZ)
INFO
log "wrote $OUT ($(ls "$CASEDIR" | wc -l) files in ${CASEDIR##*/}/) in $((END - START)) s"
