#!/bin/sh
# Runs inside the QEMU guest (busybox sh). Reads the corpus from $1 and writes one framed transcript to $2.
# Every line the kernel or dmsetup printed is copied byte for byte (trailing spaces included).
#
# Corpus steps (see conformance/README.md):
#   case ID                 starts a case (the map is called "c")
#   create PARAMS           dmsetup create c --table "0 16384 multipath PARAMS"
#   reload PARAMS           dmsetup reload c --table "0 16384 multipath PARAMS"; dmsetup resume c (when the reload succeeded)
#   message ARGS...         dmsetup message c 0 ARGS...
#   io                      a direct read of 32 KiB from the map (pending after 3 s: "pending")
#   offline MAJ:MIN / online MAJ:MIN   the SCSI device's state (I/O to an offline device fails)
#   sleep SECONDS
#   statusall               dmsetup status (every map, with the "NAME: " prefix)
#   remove                  dmsetup remove c
# After every step but remove, while the map exists, "dmsetup table c" and "dmsetup status c" are recorded.
# At the end of a case the map is removed, queued I/O is failed and every device is set online again.

CORPUS=$1
OUT=$2
MAP=c
LEN=16384
PENDING=

exec 3>>"$OUT"

section() { # NAME FILE
    printf '@%s\n' "$1" >&3
    cat "$2" >&3
}

kmsg() { # dmesg lines since the last call, without the ones that only change with timing
    dmesg -c 2>/dev/null > /tmp/kmsg.all
    grep -v -e '^sd ' -e '^scsi ' -e 'random:' /tmp/kmsg.all > /tmp/kmsg || true
    grep -e '^sd ' -e '^scsi ' /tmp/kmsg.all > /tmp/kmsg.scsi || true
}

snapshot() {
    if dmsetup info "$MAP" >/dev/null 2>&1; then
        dmsetup table "$MAP" > /tmp/t.out 2>&1
        section table /tmp/t.out
        dmsetup status "$MAP" > /tmp/s.out 2>&1
        section status /tmp/s.out
    else
        printf '@nomap\n' >&3
    fi
}

. "${0%/*}/guest-devices.sh"   # D, make_devices, handlers, devices (beside this script)

# A handler stays attached to a SCSI device until the device goes (scsi_dh has no detach): when a case left one
# on a device that had none (or another), the hosts are removed and made again, so that every case starts alike.
reset_devices() {
    echo -6 > $D/add_host
    i=0
    while ls -d /sys/block/sd* >/dev/null 2>&1 && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done
    make_devices
}

sysdev() { # MAJ:MIN -> /sys/dev/block/MAJ:MIN/device
    echo "/sys/dev/block/$1/device"
}

cleanup() {
    if dmsetup info "$MAP" >/dev/null 2>&1; then
        if [ -n "$PENDING" ]; then
            dmsetup message "$MAP" 0 fail_if_no_path >/dev/null 2>&1
            for d in /sys/class/scsi_device/*/device/state; do echo running > "$d" 2>/dev/null; done
            for p in $PENDING; do
                i=0
                while kill -0 "$p" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done
            done
        fi
        i=0
        until dmsetup remove "$MAP" >/dev/null 2>&1 || [ $i -ge 20 ]; do
            dmsetup message "$MAP" 0 fail_if_no_path >/dev/null 2>&1
            sleep 0.5; i=$((i+1))
        done
        dmsetup info "$MAP" >/dev/null 2>&1 && printf '@cleanup-failed\n' >&3
    fi
    PENDING=
    for d in /sys/class/scsi_device/*/device/state; do echo running > "$d" 2>/dev/null; done
    if [ "$(handlers)" != "$BASELINE" ]; then
        printf '@reset-devices %s\n' "$(handlers)" >&3
        reset_devices
        [ "$(handlers)" = "$BASELINE" ] || printf '@reset-failed %s\n' "$(handlers)" >&3
    fi
    kmsg
}

step() { # VERB REST
    verb=$1; shift
    rest=$*
    : > /tmp/o; : > /tmp/e
    rc=0
    case "$verb" in
        create) dmsetup create "$MAP" --table "0 $LEN multipath $RAW" > /tmp/o 2> /tmp/e; rc=$? ;;
        reload)
            dmsetup reload "$MAP" --table "0 $LEN multipath $RAW" > /tmp/o 2> /tmp/e; rc=$?
            if [ $rc = 0 ]; then dmsetup resume "$MAP" >> /tmp/o 2>> /tmp/e; rc=$?; fi ;;
        message) dmsetup message "$MAP" 0 $rest > /tmp/o 2> /tmp/e; rc=$? ;;
        io)
            dmsetup mknodes "$MAP" >/dev/null 2>&1
            dd if=/dev/mapper/$MAP of=/dev/null bs=4096 count=8 iflag=direct 2>/tmp/dd.err &
            pid=$!
            i=0
            while kill -0 $pid 2>/dev/null && [ $i -lt 30 ]; do sleep 0.1; i=$((i+1)); done
            if kill -0 $pid 2>/dev/null; then rc=pending; PENDING="$PENDING $pid"
            else wait $pid; rc=$?; fi ;;
        offline|online)
            if [ "$verb" = offline ]; then st=offline; else st=running; fi
            echo $st > "$(sysdev "$rest")/state" 2> /tmp/e; rc=$? ;;
        sleep) sleep "$rest"; rc=$? ;;
        statusall) dmsetup status > /tmp/o 2> /tmp/e; rc=$? ;;
        tableall) dmsetup table > /tmp/o 2> /tmp/e; rc=$? ;;
        remove) dmsetup remove "$MAP" > /tmp/o 2> /tmp/e; rc=$? ;;
        *) echo "unknown step $verb" > /tmp/e; rc=99 ;;
    esac
    kmsg
    printf '@rc %s\n' "$rc" >&3
    [ -s /tmp/o ] && section stdout /tmp/o
    [ -s /tmp/e ] && section stderr /tmp/e
    [ -s /tmp/kmsg ] && section dmesg /tmp/kmsg
    [ -s /tmp/kmsg.scsi ] && section dmesg-scsi /tmp/kmsg.scsi
    case "$verb" in
        remove|sleep|offline|online) ;;
        *) snapshot ;;
    esac
}

make_devices
BASELINE=$(handlers)
{
    echo "@devices"
    devices
    echo "@end-devices"
} >&3
incase=
kmsg
while IFS= read -r line || [ -n "$line" ]; do
    case "$line" in
        ''|'#'*) continue ;;
    esac
    verb=${line%% *}
    if [ "$verb" = "$line" ]; then RAW=; else RAW=${line#* }; fi
    if [ "$verb" = case ]; then
        [ -n "$incase" ] && { cleanup; printf '@end\n' >&3; }
        incase=$RAW
        printf '@case %s\n' "$RAW" >&3
        continue
    fi
    printf '@step %s\n' "$line" >&3
    step $line
done < "$CORPUS"
[ -n "$incase" ] && { cleanup; printf '@end\n' >&3; }
printf '@done\n' >&3
