package io.mpathj.handler.alua.internal;

/**
 * The SET TARGET PORT GROUPS parameter list (SPC-4 r36 §6.45, "SET TARGET PORT GROUPS parameter list format"): four
 * reserved bytes, then one 4-byte set target port group descriptor ("Set target port group descriptor format") per
 * group: byte 0 bits 3..0 ASYMMETRIC ACCESS STATE, byte 1 reserved, bytes 2..3 TARGET PORT GROUP. Like
 * scsi_dh_alua, the handler names only the group it activates and lets the array work out the others.
 */
final class StpgParameters {
    static final int LENGTH = 8;

    private StpgParameters() {
    }

    /** The 8-byte list that asks for {@code state} on {@code groupId}. */
    static byte[] of(int groupId, AluaState state) {
        if (groupId < 0 || groupId > 0xFFFF || state.code() < 0) {
            throw new IllegalArgumentException("cannot set group " + groupId + " to " + state);
        }
        byte[] list = new byte[LENGTH];
        list[4] = (byte) state.code();
        list[6] = (byte) (groupId >>> 8);
        list[7] = (byte) groupId;
        return list;
    }
}
