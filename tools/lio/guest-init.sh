#!/bin/sh
# /init of the lio guest: loads LIO, configures it through configfs (no targetcli), then serves the control channel
# on the second serial port (/dev/ttyS1): one command per line, answered by its output and a last line "ok" or
# "error: WHY".
#
# Layout (kernel parameter lio.layout, default both): one fileio LU (64 MiB in the guest's tmpfs), unit serial
# $SERIAL, exported as LUN 0 of $IQN through two iSCSI TPGs: tpgt_1 on port 3260, tpgt_2 on port 3261 (portals
# 0.0.0.0). Each TPG's LUN is in its own ALUA target port group: pg_a (id 1, Active/Optimized) for tpgt_1 and pg_b
# (id 2, Standby) for tpgt_2, with alua_access_type 3 (implicit and explicit; "implicit": 1, "explicit": 2).
# "twolus": a second LU (lu1, LUN 1) in the same TPGs and its own pg_a/pg_b. Demo mode: any initiator, no CHAP.
#
# Commands (GROUP is pg_a or pg_b, LU is lu0 by default; PATH is below /sys/kernel/config/target):
#   state GROUP [LU]          the group's alua_access_state (0 A/O, 1 A/NO, 2 Standby, 3 Unavailable, ...)
#   alua GROUP STATE [LU]     sets it (an implicit transition, as the array would make it)
#   tpg N 0|1                 tpgt_N/enable (0 closes its sessions and refuses logins)
#   reset                     both TPGs enabled, every pg_a Active/Optimized, every pg_b Standby
#   get PATH / put PATH VALUE reads / writes a configfs attribute
#   sessions                  each TPG's dynamic_sessions
#   dmesg                     the kernel log lines since the last dmesg
#   poweroff                  answers ok, then powers the guest off
# With no command for 15 minutes (the controller is gone), the guest powers itself off and QEMU exits.
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /tmp /lu /etc/target
mount -t tmpfs tmpfs /tmp
mount -t tmpfs -o size=200m tmpfs /lu
CTL=/dev/ttyS1
stty -F $CTL raw -echo 2>/dev/null
exec < $CTL > $CTL 2>&1

fail() { echo "failed: $*"; poweroff -f; }
while read -r m; do
    insmod "/modules/$m.ko" || fail "insmod $m"
done < /modules/order
grep -q " /sys/kernel/config " /proc/mounts || mount -t configfs configfs /sys/kernel/config || fail "mount configfs"

ip link set lo up
ip addr add 10.0.2.15/24 dev eth0 || fail "no eth0"
ip link set eth0 up

LAYOUT=both
for w in $(cat /proc/cmdline); do case "$w" in lio.layout=*) LAYOUT=${w#lio.layout=} ;; esac; done
case "$LAYOUT" in implicit) TYPE=1 ;; explicit) TYPE=2 ;; *) TYPE=3 ;; esac
LUS=lu0
[ "$LAYOUT" = twolus ] && LUS="lu0 lu1"

T=/sys/kernel/config/target
IQN=iqn.2026-11.io.mpathj.lio:target
W=$T/iscsi/$IQN
put() { echo "$2" > "$1" || fail "echo $2 > $1"; }

setup() {
    mkdir -p $T/core/fileio_0 || fail "no fileio backstore"
    n=0
    for lu in $LUS; do
        D=$T/core/fileio_0/$lu
        mkdir $D || fail "mkdir $D"
        put $D/control "fd_dev_name=/lu/$lu.img,fd_dev_size=67108864"
        put $D/wwn/vpd_unit_serial "6d706174-686a-4c49-4f00-00000000000$n"
        put $D/enable 1
        mkdir $D/alua/pg_a $D/alua/pg_b || fail "mkdir alua groups"
        put $D/alua/pg_a/tg_pt_gp_id 1
        put $D/alua/pg_b/tg_pt_gp_id 2
        # the states first: configfs refuses a state change on a group without implicit ALUA
        put $D/alua/pg_a/alua_access_type 3
        put $D/alua/pg_b/alua_access_type 3
        put $D/alua/pg_a/alua_access_state 0
        put $D/alua/pg_b/alua_access_state 2
        put $D/alua/pg_a/alua_access_type $TYPE
        put $D/alua/pg_b/alua_access_type $TYPE
        n=$((n + 1))
    done
    for t in 1 2; do
        P=$W/tpgt_$t
        mkdir -p $P || fail "mkdir $P"
        n=0
        for lu in $LUS; do
            mkdir $P/lun/lun_$n || fail "mkdir lun_$n"
            ln -s $T/core/fileio_0/$lu $P/lun/lun_$n/$lu || fail "link $lu"
            if [ $t = 1 ]; then put $P/lun/lun_$n/alua_tg_pt_gp pg_a; else put $P/lun/lun_$n/alua_tg_pt_gp pg_b; fi
            n=$((n + 1))
        done
        mkdir $P/np/0.0.0.0:$((3259 + t)) || fail "portal $((3259 + t))"
        put $P/attrib/authentication 0
        put $P/attrib/generate_node_acls 1
        put $P/attrib/cache_dynamic_acls 1
        put $P/attrib/demo_mode_write_protect 0
        put $P/enable 1
    done
}
setup
dmesg -c > /dev/null

group() { # GROUP [LU] -> the group's folder
    echo "$T/core/fileio_0/${2:-lu0}/alua/$1"
}
answer() { # runs "$@"; ok or error with its output
    if out=$("$@" 2>&1); then
        [ -n "$out" ] && printf '%s\n' "$out"
        echo ok
    else
        printf '%s\n' "$out" | sed 's/^/# /'
        echo "error: $*"
    fi
}
reset_all() {
    for t in 1 2; do [ "$(cat $W/tpgt_$t/enable)" = 1 ] || echo 1 > $W/tpgt_$t/enable || return 1; done
    for lu in $LUS; do
        G=$T/core/fileio_0/$lu/alua
        echo 3 > $G/pg_a/alua_access_type && echo 3 > $G/pg_b/alua_access_type || return 1
        echo 0 > $G/pg_a/alua_access_state && echo 2 > $G/pg_b/alua_access_state || return 1
        echo $TYPE > $G/pg_a/alua_access_type && echo $TYPE > $G/pg_b/alua_access_type || return 1
    done
}
sessions() {
    for t in 1 2; do echo "tpgt_$t: $(cat $W/tpgt_$t/dynamic_sessions | tr '\n' ' ')"; done
}

echo "lio: kernel $(uname -r) ($(uname -v)), layout $LAYOUT, target $IQN"
echo ready
while IFS= read -r -t 900 line; do
    line=$(printf '%s' "$line" | tr -d '\r')
    set -- $line
    cmd=${1:-}
    [ $# -gt 0 ] && shift
    case "$cmd" in
        '') continue ;;
        state) answer cat "$(group "$1" "${2:-}")/alua_access_state" ;;
        alua) answer sh -c "echo $2 > $(group "$1" "${3:-}")/alua_access_state" ;;
        tpg) answer sh -c "echo $2 > $W/tpgt_$1/enable" ;;
        reset) answer reset_all ;;
        get) answer cat "$T/$1" ;;
        put) answer sh -c "echo $2 > $T/$1" ;;
        sessions) answer sessions ;;
        dmesg) answer dmesg -c ;;
        poweroff) echo ok; sync; poweroff -f ;;
        *) echo "error: unknown command $cmd" ;;
    esac
done
poweroff -f
