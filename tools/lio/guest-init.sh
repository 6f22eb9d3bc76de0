#!/bin/sh
# /init of the lio guest: loads LIO, configures it through configfs (no targetcli), then serves the control channel
# on the second serial port (/dev/ttyS1): one command per line, answered by its output and a last line "ok" or
# "error: WHY".
#
# Layouts, all in one guest (demo mode: any initiator, no CHAP). Four targets iqn.2026-11.io.mpathj.lio:NAME, each
# with two iSCSI TPGs (tpgt_1 and tpgt_2) on guest ports 3260+2i and 3261+2i (portals 0.0.0.0), i the target's
# index; fileio LUs of 64 MiB in the guest's tmpfs, unit serial 6d706174-686a-4c49-4f0N-000000000000 for luN:
#   0 target     lu0 (LUN 0) and lu1 (LUN 1), each with its own ALUA groups pg_a (id 1, Active/Optimized, tpgt_1)
#                and pg_b (id 2, Standby, tpgt_2); alua_access_type 3 (implicit and explicit)
#   1 samegroup  lu2: one group pg_a (id 1, Active/Optimized) holding both TPGs' LUN 0; type 3
#   2 explicit   lu3: as lu0, alua_access_type 2 (explicit only: configfs refuses state changes, STPG moves)
#   3 implicit   lu4: as lu0, alua_access_type 1 (implicit only: LIO refuses STPG)
#
# Commands (GROUP is pg_a or pg_b, LU is lu0 by default, TARGET is target by default; PATH is below
# /sys/kernel/config/target):
#   state GROUP [LU]          the group's alua_access_state (0 A/O, 1 A/NO, 2 Standby, 3 Unavailable, 14 Offline,
#                             15 Transitioning)
#   alua GROUP STATE [LU]     sets it (an implicit transition, as the array would make it; 15 holds the group in
#                             Transitioning until another state is set)
#   tpg N 0|1 [TARGET]        tpgt_N/enable (0 closes its sessions and refuses logins)
#   reset                     every TPG enabled, every pg_a Active/Optimized, every pg_b Standby, every group's
#                             implicit_trans_secs 0 and alua_access_type as it booted
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

T=/sys/kernel/config/target
IQN_PREFIX=iqn.2026-11.io.mpathj.lio:
TARGETS="target samegroup explicit implicit"
LUS="lu0 lu1 lu2 lu3 lu4"
put() { echo "$2" > "$1" || fail "echo $2 > $1"; }
lu_type() { case "$1" in lu3) echo 2 ;; lu4) echo 1 ;; *) echo 3 ;; esac; }
lu_groups() { if [ "$1" = lu2 ]; then echo pg_a; else echo "pg_a pg_b"; fi; }
target_lus() { case "$1" in target) echo "lu0 lu1" ;; samegroup) echo lu2 ;; explicit) echo lu3 ;; implicit) echo lu4 ;; esac; }
# the ALUA group of TPG $2's LUNs in target $1
tpg_group() { if [ "$1" = samegroup ] || [ "$2" = 1 ]; then echo pg_a; else echo pg_b; fi; }
# the states as booted: pg_a Active/Optimized, pg_b Standby, no implicit transition time; then the access type
# (configfs refuses a state change on a group without implicit ALUA, so the type goes last)
initial_states() { # LU
    G=$T/core/fileio_0/$1/alua
    for g in $(lu_groups $1); do
        echo 3 > $G/$g/alua_access_type || return 1
        echo 0 > $G/$g/implicit_trans_secs || return 1
    done
    echo 0 > $G/pg_a/alua_access_state || return 1
    [ ! -d $G/pg_b ] || echo 2 > $G/pg_b/alua_access_state || return 1
    for g in $(lu_groups $1); do echo $(lu_type $1) > $G/$g/alua_access_type || return 1; done
}

setup() {
    mkdir -p $T/core/fileio_0 || fail "no fileio backstore"
    for lu in $LUS; do
        D=$T/core/fileio_0/$lu
        mkdir $D || fail "mkdir $D"
        put $D/control "fd_dev_name=/lu/$lu.img,fd_dev_size=67108864"
        # LIO's NAA designator (VPD 0x83) takes only the serial's first 25 hex digits: the LU's digit is the 20th
        put $D/wwn/vpd_unit_serial "6d706174-686a-4c49-4f0${lu#lu}-000000000000"
        put $D/enable 1
        id=1
        for g in $(lu_groups $lu); do
            mkdir $D/alua/$g || fail "mkdir $D/alua/$g"
            put $D/alua/$g/tg_pt_gp_id $id
            id=$((id + 1))
        done
        initial_states $lu || fail "states of $lu"
    done
    port=3260
    for name in $TARGETS; do
        for t in 1 2; do
            P=$T/iscsi/$IQN_PREFIX$name/tpgt_$t
            mkdir -p $P || fail "mkdir $P"
            n=0
            for lu in $(target_lus $name); do
                mkdir $P/lun/lun_$n || fail "mkdir $P/lun/lun_$n"
                ln -s $T/core/fileio_0/$lu $P/lun/lun_$n/$lu || fail "link $lu"
                put $P/lun/lun_$n/alua_tg_pt_gp $(tpg_group $name $t)
                n=$((n + 1))
            done
            mkdir $P/np/0.0.0.0:$port || fail "portal $port"
            port=$((port + 1))
            put $P/attrib/authentication 0
            put $P/attrib/generate_node_acls 1
            put $P/attrib/cache_dynamic_acls 1
            put $P/attrib/demo_mode_write_protect 0
            put $P/enable 1
        done
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
    for name in $TARGETS; do
        for t in 1 2; do
            E=$T/iscsi/$IQN_PREFIX$name/tpgt_$t/enable
            [ "$(cat $E)" = 1 ] || echo 1 > $E || return 1
        done
    done
    for lu in $LUS; do initial_states $lu || return 1; done
}
sessions() {
    for name in $TARGETS; do
        for t in 1 2; do
            echo "$name tpgt_$t: $(cat $T/iscsi/$IQN_PREFIX$name/tpgt_$t/dynamic_sessions | tr '\n' ' ')"
        done
    done
}

echo "lio: kernel $(uname -r) ($(uname -v)), targets ${IQN_PREFIX}{$(echo $TARGETS | tr ' ' ,)}"
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
        tpg) answer sh -c "echo $2 > $T/iscsi/$IQN_PREFIX${3:-target}/tpgt_$1/enable" ;;
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
