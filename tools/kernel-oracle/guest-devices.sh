#!/bin/sh
# The scsi_debug paths, shared by guest-run.sh and guest-mpt.sh (sourced by both; busybox sh).
#
# Hosts 0..SHARED-1 answer with one identity and claim implicit TPGS (vpd_use_hostno=0, scsi_dh_alua attaches); the
# OWN hosts after them have identities of their own and no TPGS (vpd_use_hostno=1, no handler attached). One host
# at a time, each waited for, so that sda, sdb, ... (8:0, 8:16, ...) are hosts 0, 1, ... in order.
D=/sys/bus/pseudo/drivers/scsi_debug
addhost() { # VPD_USE_HOSTNO
    n=$(ls -d /sys/block/sd* 2>/dev/null | wc -l)
    echo "$1" > $D/vpd_use_hostno
    echo 1 > $D/add_host
    i=0
    while [ "$(ls -d /sys/block/sd* 2>/dev/null | wc -l)" -le "$n" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done
    sleep 1
}
make_devices() { # [SHARED [OWN]]: hosts sharing one LU (default 4), hosts with a LU of their own (default 2)
    hosts_shared=${1:-4}
    hosts_own=${2:-2}
    h=0
    while [ $h -lt "$hosts_shared" ]; do addhost 0; h=$((h+1)); done
    h=0
    while [ $h -lt "$hosts_own" ]; do addhost 1; h=$((h+1)); done
    # vpd_use_hostno is read whenever scsi_debug answers: back to 0, so that REPORT TARGET PORT GROUPS keeps
    # giving the shared hosts the states of the table (host N: N mod 3) and not "active/optimized" for all.
    echo 0 > $D/vpd_use_hostno
    sleep 3
    # A first direct read of each device takes its power-on unit attention, which would otherwise fail the first
    # I/O that dm-multipath sends down that path.
    for b in /sys/block/sd*; do
        dd if=/dev/${b##*/} of=/dev/null bs=4096 count=1 iflag=direct 2>/dev/null
        dd if=/dev/${b##*/} of=/dev/null bs=4096 count=1 iflag=direct 2>/dev/null
    done
}
handlers() { # the handler attached to each device, one line
    for b in /sys/block/sd*; do printf '%s=%s ' "${b##*/}" "$(cat $b/device/dh_state 2>/dev/null)"; done
}
devices() {
    for b in /sys/block/sd*; do
        n=${b##*/}
        h=$(readlink $b/device); h=${h##*/}
        echo "$(cat $b/dev) $n $h dh_state=$(cat $b/device/dh_state 2>/dev/null) size=$(cat $b/size)"
    done
}
