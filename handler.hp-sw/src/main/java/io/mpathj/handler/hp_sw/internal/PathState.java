package io.mpathj.handler.hp_sw.internal;

/** What the last TEST UNIT READY said about one path (scsi_dh_hp_sw's {@code path_state}). */
enum PathState {
    /** No verdict yet: the path did not answer at attach (the kernel refuses such a path). */
    UNKNOWN,
    /** TEST UNIT READY succeeded: this path's controller owns the LU. */
    ACTIVE,
    /** TEST UNIT READY answered 02/04/02 (LUN not ready, initializing command required): the standby controller. */
    PASSIVE
}
