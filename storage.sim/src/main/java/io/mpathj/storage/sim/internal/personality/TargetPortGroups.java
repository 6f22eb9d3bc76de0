package io.mpathj.storage.sim.internal.personality;

import io.mpathj.api.scsi.Cdbs;
import io.mpathj.api.scsi.ScsiCommand;
import io.mpathj.api.scsi.ScsiOpcode;
import io.mpathj.api.scsi.ScsiResult;
import io.mpathj.storage.sim.AccessState;
import io.mpathj.storage.sim.SimLogicalUnit;
import io.mpathj.storage.sim.SimPath;
import io.mpathj.storage.sim.SimPort;
import io.mpathj.storage.sim.SimPortGroup;
import io.mpathj.storage.sim.Tpgs;
import io.mpathj.storage.sim.personality.ArrayContext;
import io.mpathj.storage.sim.personality.ScsiReplies;
import java.io.ByteArrayOutputStream;

/** REPORT TARGET PORT GROUPS (SPC-4 6.37) and SET TARGET PORT GROUPS (SPC-4 6.45) against the {@link AluaBehavior}. */
final class TargetPortGroups {
    /** Supported-states byte of each descriptor: T, O, U, S, AN, AO (no LBA-dependent). */
    static final int SUPPORTED_STATES = 0x80 | 0x40 | 0x08 | 0x04 | 0x02 | 0x01;
    private static final int FORMAT_LENGTH_ONLY = 0x00;
    private static final int FORMAT_EXTENDED = 0x20;
    private static final int DESCRIPTOR_FORMAT_EXTENDED = 0x10;
    /** Far more descriptors than any array has groups: a longer list is a mistake, not a request. */
    private static final long MAX_PARAMETER_LIST = 0xFFFF;

    private final AluaBehavior alua;
    private final ArrayContext context;
    private final Tpgs tpgs;
    private final boolean extendedHeaderSupported;

    TargetPortGroups(AluaBehavior alua, ArrayContext context, Tpgs tpgs, boolean extendedHeaderSupported) {
        this.alua = alua;
        this.context = context;
        this.tpgs = tpgs;
        this.extendedHeaderSupported = extendedHeaderSupported;
    }

    /**
     * MAINTENANCE IN, service action 0Ah. PARAMETER DATA FORMAT (byte 1 bits 7..5) 000b gives the 4-byte
     * length-only header, 001b the 8-byte extended header with the IMPLICIT TRANSITION TIME (SPC-4 6.37.2).
     */
    ScsiResult report(SimPath path, ScsiCommand command) {
        byte[] cdb = command.cdb();
        SimLogicalUnit lu = path.logicalUnit();
        int format = cdb[1] & 0xE0;
        if ((cdb[1] & 0x1F) != ScsiOpcode.SA_REPORT_TARGET_PORT_GROUPS
                || (format != FORMAT_LENGTH_ONLY && (format != FORMAT_EXTENDED || !extendedHeaderSupported))) {
            return ScsiReplies.checkCondition(lu, ScsiReplies.INVALID_FIELD_IN_CDB);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean extended = format == FORMAT_EXTENDED;
        out.writeBytes(new byte[extended ? 8 : 4]);
        for (SimPortGroup group : context.portGroups()) {
            out.writeBytes(descriptor(lu, group));
        }
        byte[] d = out.toByteArray();
        Cdbs.putU32(d, 0, d.length - 4L); // RETURN DATA LENGTH excludes itself
        if (extended) {
            d[4] = DESCRIPTOR_FORMAT_EXTENDED;
            d[5] = (byte) alua.advertisedTransitionTimeoutSeconds();
        }
        return ScsiReplies.dataIn(command, d, Cdbs.getU32(cdb, 6));
    }

    /** Target port group descriptor (SPC-4 6.37.2): PREF|AAS, supported states, id, status, ports. */
    private byte[] descriptor(SimLogicalUnit lu, SimPortGroup group) {
        byte[] d = new byte[8 + 4 * group.ports().size()];
        d[0] = (byte) ((group.preferred() ? 0x80 : 0) | alua.state(lu, group).code());
        d[1] = (byte) SUPPORTED_STATES;
        Cdbs.putU16(d, 2, group.id());
        d[5] = (byte) alua.statusCode(lu, group);
        d[7] = (byte) group.ports().size();
        int off = 8;
        for (SimPort port : group.ports()) {
            Cdbs.putU16(d, off + 2, port.relativePortId()); // target port descriptor, SPC-4 6.37.2
            off += 4;
        }
        return d;
    }

    /**
     * MAINTENANCE OUT, service action 0Ah: a 4-byte reserved header, then 4-byte descriptors with the
     * ASYMMETRIC ACCESS STATE in byte 0 bits 3..0 and the group id in bytes 2..3 (SPC-4 6.45). Only AO, AN, S
     * and U may be requested. Refused as an unknown opcode when the array has no explicit ALUA.
     */
    ScsiResult set(SimPath path, ScsiCommand command) {
        byte[] cdb = command.cdb();
        SimLogicalUnit lu = path.logicalUnit();
        if (!tpgs.explicit()) {
            return ScsiReplies.checkCondition(lu, ScsiReplies.INVALID_COMMAND_OPERATION_CODE);
        }
        if ((cdb[1] & 0x1F) != ScsiOpcode.SA_SET_TARGET_PORT_GROUPS) {
            return ScsiReplies.checkCondition(lu, ScsiReplies.INVALID_FIELD_IN_CDB);
        }
        long length = Cdbs.getU32(cdb, 6);
        if (length > MAX_PARAMETER_LIST || (length != 0 && (length < 4 || length % 4 != 0))) {
            return ScsiReplies.checkCondition(lu, ScsiReplies.PARAMETER_LIST_LENGTH_ERROR);
        }
        byte[] list = ScsiReplies.parameterList(command, (int) length);
        if (list == null) {
            return ScsiReplies.checkCondition(lu, ScsiReplies.DATA_PHASE_ERROR);
        }
        AccessState[] targets = new AccessState[context.portGroups().size()];
        boolean any = false;
        for (int off = 4; off < list.length; off += 4) {
            int code = list[off] & 0x0F;
            SimPortGroup group = findGroup(Cdbs.getU16(list, off + 2));
            if (code > 0x3 || group == null) {
                return ScsiReplies.checkCondition(lu, ScsiReplies.INVALID_FIELD_IN_PARAMETER_LIST);
            }
            targets[group.index()] = AccessState.ofCode(code);
            any = true;
        }
        if (any) {
            alua.setTargetPortGroups(path, targets);
        }
        return ScsiResult.good();
    }

    private SimPortGroup findGroup(int id) {
        for (SimPortGroup g : context.portGroups()) {
            if (g.id() == id) {
                return g;
            }
        }
        return null;
    }
}
