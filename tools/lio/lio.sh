#!/bin/bash
# The Linux kernel's iSCSI target (LIO) in a QEMU guest, for the lio test suite. See README.md beside this file.
#
#   tools/lio/lio.sh --ports P0,P1,...,P7 [--work DIR] [--console FILE] [--prepare-only]
#
# Boots Debian 12's kernel (6.1) under QEMU (TCG unless MPATHJ_LIO_ACCEL=kvm) with user networking; the guest's
# eight iSCSI portals 3260-3267 (two TPGs of each of the four targets guest-init.sh sets up) are forwarded to
# 127.0.0.1:P0 ... 127.0.0.1:P7. LIO is set up through configfs by guest-init.sh. This script's standard input and output are the guest's second serial port
# (the control channel): the guest prints "ready" once the target is configured, then answers one command per line
# (guest-init.sh lists them). Progress and errors go to standard error; the kernel console to --console.
#
# Nothing is installed into the host's kernel: the kernel image and busybox are unpacked from their .deb files
# (apt-get download + dpkg-deb -x) into the work folder (default /tmp/mpathj-lio, or $MPATHJ_LIO_WORK), which is
# kept, so a second run downloads nothing.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
WORK=${MPATHJ_LIO_WORK:-/tmp/mpathj-lio}
PORTS= CONSOLE= PREPARE_ONLY=
GUEST_PORTS=8 # guest ports 3260.. (guest-init.sh: two TPGs for each of its four targets)
usage() { echo "usage: $0 --ports P0,P1,...,P$((GUEST_PORTS - 1)) [--work DIR] [--console FILE] [--prepare-only]" >&2; exit 2; }
while [ $# -gt 0 ]; do
    case "$1" in
        --ports) PORTS=$2; shift 2 ;;
        --work) WORK=$2; shift 2 ;;
        --console) CONSOLE=$2; shift 2 ;;
        --prepare-only) PREPARE_ONLY=1; shift ;;
        *) usage ;;
    esac
done
if [ -z "$PREPARE_ONLY" ]; then
    [[ "$PORTS" =~ ^[0-9]+(,[0-9]+){$((GUEST_PORTS - 1))}$ ]] || usage
fi
log() { echo "lio: $*" >&2; }

# 1. Host tools from Debian.
need=()
command -v qemu-system-x86_64 >/dev/null || need+=(qemu-system-x86)
command -v modinfo >/dev/null || [ -x /usr/sbin/modinfo ] || [ -x /sbin/modinfo ] || need+=(kmod)
command -v cpio >/dev/null || need+=(cpio)
if [ ${#need[@]} -gt 0 ]; then
    [ "$(id -u)" = 0 ] || { log "missing ${need[*]} and not root: cannot install them"; exit 3; }
    log "installing ${need[*]}"
    apt-get update -q >&2
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends "${need[@]}" >&2
fi
PATH=$PATH:/usr/sbin:/sbin

mkdir -p "$WORK"
exec 9>"$WORK/.lock"
flock -w 600 9 || { log "another run holds $WORK/.lock"; exit 3; }

# 2. The guest's packages, unpacked (not installed), once.
X=$WORK/x
if [ ! -f "$WORK/.unpacked" ]; then
    KPKG=$(apt-cache search --names-only '^linux-image-6\.1\.0-[0-9]+-amd64$' 2>/dev/null | awk '{print $1}' | sort -V | tail -1)
    if [ -z "$KPKG" ]; then
        apt-get update -q >&2 || true
        KPKG=$(apt-cache search --names-only '^linux-image-6\.1\.0-[0-9]+-amd64$' | awk '{print $1}' | sort -V | tail -1)
    fi
    [ -n "$KPKG" ] || { log "no linux-image-6.1.0-*-amd64 package known to apt"; exit 3; }
    log "downloading $KPKG busybox-static"
    rm -rf "$WORK/debs" "$X"
    mkdir -p "$WORK/debs" "$X"
    (cd "$WORK/debs" && apt-get download "$KPKG" busybox-static >&2)
    for d in "$WORK/debs"/*.deb; do dpkg-deb -x "$d" "$X"; done
    echo "$KPKG $(dpkg-deb -f "$WORK/debs/${KPKG}"_*.deb Version)" > "$WORK/.unpacked"
fi
KVER=$(ls "$X/lib/modules" | head -1)
log "kernel $KVER (Debian $(cut -d' ' -f2 "$WORK/.unpacked"))"

# 3. The initramfs: busybox, guest-init.sh as /init, the modules with their dependencies in load order.
R=$WORK/root
rm -rf "$R"; mkdir -p "$R"/{bin,modules,proc,sys,dev,tmp,etc}
cp "$X/bin/busybox" "$R/bin/busybox"
ln -s busybox "$R/bin/sh"
MODDIR=$X/lib/modules/$KVER
[ -f "$MODDIR/modules.dep" ] || depmod -b "$X" "$KVER"
# crc32c: iscsi_target_mod allocates the crc32c hash at every login and the guest has no modprobe to load it.
WANT="configfs target_core_mod target_core_file iscsi_target_mod crc32c_generic crc32c-intel virtio_pci virtio_net"
: > "$R/modules/order"
declare -A seen=()
add_mod() {
    local name=$1 path deps d base
    path=$(modinfo -b "$X" -k "$KVER" -n "$name" 2>/dev/null) || return 1
    case "$path" in /*) ;; *) return 0 ;; esac # built in
    base=$(basename "$path" .ko)
    [ -n "${seen[$base]:-}" ] && return 0
    seen[$base]=1
    deps=$(modinfo -b "$X" -k "$KVER" -F depends "$name" | tr ',' ' ')
    for d in $deps; do add_mod "$d"; done
    cp "$path" "$R/modules/$base.ko"
    echo "$base" >> "$R/modules/order"
}
for m in $WANT; do add_mod "$m" || log "the kernel has no module $m"; done
cp "$HERE/guest-init.sh" "$R/init"
chmod +x "$R/init"
# The image is named by its contents and never rewritten: a guest booting from it meanwhile is not disturbed.
SUM=$( (cd "$R" && find . -type f | sort | xargs sha256sum) | sha256sum | cut -c1-16)
INITRD=$WORK/initrd-$SUM.gz
if [ ! -f "$INITRD" ]; then
    (cd "$R" && find . | sort | cpio -o -H newc --quiet | gzip -1) > "$INITRD.new"
    mv -f "$INITRD.new" "$INITRD"
    find "$WORK" -maxdepth 1 -name 'initrd-*.gz' ! -newer "$INITRD" ! -name "${INITRD##*/}" -mmin +1440 -delete
fi
flock -u 9
exec 9>&-
[ -n "$PREPARE_ONLY" ] && { log "prepared $INITRD"; exit 0; }

# 4. Boot.
ACCEL=${MPATHJ_LIO_ACCEL:-tcg}
IFS=, read -r -a HOST_PORTS <<< "$PORTS"
CONSOLE=${CONSOLE:-$WORK/console-${HOST_PORTS[0]}.txt}
FWD=
for i in "${!HOST_PORTS[@]}"; do FWD+=",hostfwd=tcp:127.0.0.1:${HOST_PORTS[$i]}-:$((3260 + i))"; done
log "booting ($ACCEL): portals 3260-$((3259 + GUEST_PORTS)) -> 127.0.0.1:$PORTS"
exec qemu-system-x86_64 -machine q35,accel="$ACCEL" -cpu max -m 512 -smp 1 -no-reboot \
    -display none -monitor none -nodefaults \
    -kernel "$X/boot/vmlinuz-$KVER" -initrd "$INITRD" \
    -append "console=ttyS0 panic=-1 loglevel=6" \
    -serial "file:$CONSOLE" -serial stdio \
    -nic "user,model=virtio-net-pci,restrict=on$FWD"
