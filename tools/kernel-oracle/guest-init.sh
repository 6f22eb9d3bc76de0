#!/bin/sh
# /init of the oracle's initramfs: loads the modules, makes the scsi_debug paths, runs the corpus, powers off.
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

# The paths: hosts 0-3 answer with one identity and claim implicit TPGS (vpd_use_hostno=0, scsi_dh_alua attaches),
# hosts 4-5 have identities of their own and no TPGS (vpd_use_hostno=1, no handler attached).
D=/sys/bus/pseudo/drivers/scsi_debug
# One host at a time, each waited for, so that sda..sdf (8:0..8:80) are hosts 0..5 in order.
addhost() { # VPD_USE_HOSTNO
    n=$(ls -d /sys/block/sd* 2>/dev/null | wc -l)
    echo "$1" > $D/vpd_use_hostno
    echo 1 > $D/add_host
    i=0
    while [ "$(ls -d /sys/block/sd* 2>/dev/null | wc -l)" -le "$n" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done
    sleep 1
}
for i in 0 1 2 3; do addhost 0; done
for i in 4 5; do addhost 1; done
sleep 3

{
    echo "@oracle"
    echo "@uname $(uname -r) $(uname -v)"
    dmsetup version
    dmsetup targets | sort
    echo "@devices"
    for b in /sys/block/sd*; do
        n=${b##*/}
        h=$(readlink $b/device); h=${h##*/}
        dh=$(cat $b/device/dh_state 2>/dev/null)
        echo "$(cat $b/dev) $n $h dh_state=$dh size=$(cat $b/size)"
    done
    echo "@end-devices"
} > /tmp/hdr 2>&1
cat /tmp/hdr > $OUT
dmesg -c > /dev/null
sh /guest-run.sh /corpus.txt $OUT
sync
poweroff -f
