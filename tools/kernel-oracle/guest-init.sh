#!/bin/sh
# /init of the oracle's initramfs: loads the modules, runs the guest script (it makes the scsi_debug paths), powers off.
# The script is /guest-run.sh (the corpus), or the one named in /oracle-script (run.sh --multipath-tools: guest-mpt.sh).
/bin/busybox --install -s /bin
export PATH=/bin:/sbin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /tmp /run /dev/mapper
mount -t tmpfs tmpfs /tmp
mount -t tmpfs tmpfs /run
OUT=/dev/ttyS1
stty -F $OUT raw -echo 2>/dev/null
say() { printf '%s\n' "$*" > $OUT; }

# Modules in dependency order (modules.order, written by run.sh).
while read -r m args; do
    insmod "/modules/$m.ko" $args || say "@warn insmod $m failed"
done < /modules/order

{
    echo "@oracle"
    echo "@uname $(uname -r) $(uname -v)"
    dmsetup version
    dmsetup targets | sort
} > /tmp/hdr 2>&1
cat /tmp/hdr > $OUT
dmesg -c > /dev/null
SCRIPT=guest-run.sh
[ -f /oracle-script ] && read -r SCRIPT < /oracle-script
sh "/$SCRIPT" /corpus.txt $OUT
sync
poweroff -f
