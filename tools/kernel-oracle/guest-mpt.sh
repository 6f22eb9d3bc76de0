#!/bin/sh
# Runs inside the QEMU guest (busybox sh) for run.sh --multipath-tools: the real multipath-tools on four scsi_debug
# paths to one LU, their outputs written as one framed transcript to $2 ($1, the corpus, is not used).
#
#   @case ID        one recorded command (run.sh writes outputs/ID.txt)
#   @cmd COMMAND    the command line, as run
#   @rc N           its exit code
#   @stdout / @stderr / @dmesg   followed by their lines, as printed (@dmesg: the kernel's lines since the last one)
#   @no-newline-at-end           after a section whose last line had no newline (one is added before this line)
#   @waited N       the first command after a wait: the tenths of a second waited for the condition (and
#                   "timed-out: CONDITION" when it never held)
#   @end
# Every byte multipath-tools printed is kept (trailing spaces included).

OUT=$2
exec 3>>"$OUT"
. "${0%/*}/guest-devices.sh"   # D, make_devices, handlers, devices (beside this script)

# No udevd in the guest: libdevmapper makes the /dev/mapper nodes itself and does not wait for udev cookies.
export DM_DISABLE_UDEV=1
mkdir -p /etc/multipath /run/multipath /var/run
cat > /etc/multipath.conf <<'CONF'
defaults {
    user_friendly_names yes
    find_multipaths no
    uid_attribute ""
    polling_interval 2
}
CONF

section() { # NAME FILE
    printf '@%s\n' "$1" >&3
    cat "$2" >&3
    if [ -s "$2" ] && [ "$(tail -c 1 "$2" | wc -l)" = 0 ]; then printf '\n@no-newline-at-end\n' >&3; fi
}

record() { # ID COMMAND...   runs COMMAND (through sh -c) and writes it framed
    id=$1; shift
    printf '@case %s\n@cmd %s\n' "$id" "$*" >&3
    [ -n "$WAITED" ] && printf '@waited %s\n' "$WAITED" >&3
    WAITED=
    sh -c "$*" > /tmp/o 2> /tmp/e
    rc=$?
    dmesg -c > /tmp/kmsg 2>/dev/null
    printf '@rc %s\n' "$rc" >&3
    [ -s /tmp/o ] && section stdout /tmp/o
    [ -s /tmp/e ] && section stderr /tmp/e
    [ -s /tmp/kmsg ] && section dmesg /tmp/kmsg
    printf '@end\n' >&3
}

WAITED=
wait_for() { # TENTHS COMMAND  waits until COMMAND (sh -c) succeeds, at most TENTHS tenths of a second
    max=$1; shift
    t=0
    until sh -c "$*" >/dev/null 2>&1 || [ $t -ge "$max" ]; do sleep 0.1; t=$((t+1)); done
    WAITED=$t
    sh -c "$*" >/dev/null 2>&1 || WAITED="$t timed-out: $*"
}

make_devices 4 0
# No udevd either, so no udev database: libudev's enumeration with "is initialized" (multipath's path discovery)
# skips a block device that has no /run/udev/data/bMAJ:MIN. An entry with only its "I:" (initialized at) line each.
mkdir -p /run/udev/data
for b in /sys/block/sd*; do echo "I:1000000" > "/run/udev/data/b$(cat $b/dev)"; done
{
    echo "@devices"
    devices
    echo "@end-devices"
} >&3
dmesg -c > /dev/null

record 00-multipath-conf cat /etc/multipath.conf
record 01-multipath-version 'multipath -h'
record 02-multipath-v3-dry-run 'multipath -v3 -d'     # what it would do, and why (its stderr has timestamps)
record 03-multipath-v2 'multipath -v2'
record 04-multipath-ll 'multipath -ll'
record 05-multipath-l 'multipath -l'
record 06-dmsetup-table 'dmsetup table'
record 07-dmsetup-status 'dmsetup status'

# The daemon, in the foreground (-d) without timestamps (-s), in the background of this shell; its log is recorded
# at the end. "ready" for all four paths: every path has been checked once (the columns are padded: "ready ").
multipathd -d -s > /tmp/multipathd.log 2>&1 &
MPD=$!
all_ready='[ "$(multipathd show paths format "%d %t %T" | grep -c " ready *$")" = 4 ]'
wait_for 300 "$all_ready"
record 10-multipathd-show-paths 'multipathd show paths'
record 11-multipathd-show-maps 'multipathd show maps'
record 12-multipathd-show-topology 'multipathd show topology'
record 13-multipathd-show-maps-status 'multipathd show maps status'
record 14-multipathd-show-paths-format 'multipathd show paths format "%d %t %T %o %C"'
record 15-multipath-ll 'multipath -ll'
record 16-multipathd-show-daemon 'multipathd show daemon'
record 17-multipathd-show-config 'multipathd show config'
# A read through the map: the kernel picks a path group, which multipath -ll then shows as status=active.
record 18-read-through-map 'dd if=/dev/mapper/mpatha of=/dev/null bs=4096 count=8 iflag=direct 2>/dev/null'
record 19-multipath-ll 'multipath -ll'
record 19a-multipathd-show-topology 'multipathd show topology'

# One path down: the SCSI device offline (I/O to it fails at once), until the checker has seen it.
record 20-offline-sdb 'echo offline > /sys/block/sdb/device/state'
wait_for 300 'multipathd show paths format "%d %t %T" | grep -q "^sdb .* faulty *$"'
record 21-multipathd-show-paths 'multipathd show paths'
record 22-multipath-ll 'multipath -ll'
record 23-multipathd-show-topology 'multipathd show topology'
record 24-multipathd-show-maps-status 'multipathd show maps status'
record 25-dmsetup-status 'dmsetup status'

# And back: running again, until the checker has reinstated it.
record 30-running-sdb 'echo running > /sys/block/sdb/device/state'
wait_for 300 "$all_ready"' && [ "$(dmsetup status | grep -o " F " | wc -l)" = 0 ]'
record 31-multipathd-show-paths 'multipathd show paths'
record 32-multipath-ll 'multipath -ll'
record 33-multipathd-show-maps-status 'multipathd show maps status'
record 34-dmsetup-status 'dmsetup status'

record 40-multipathd-shutdown 'multipathd shutdown'
i=0
while kill -0 $MPD 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done
record 41-multipathd-log 'cat /tmp/multipathd.log'
printf '@done\n' >&3
