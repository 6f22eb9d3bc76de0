package io.mpathj.testkit;

import io.mpathj.api.scsi.ScsiOpcode;
import java.util.Arrays;

/**
 * Which commands a {@link ScriptedPathDevice} answer is for: one or more opcodes (READ is READ(10) and READ(16)),
 * narrowed for INQUIRY to the standard page or one VPD page, and for MAINTENANCE IN/OUT to a service action.
 * Two classes made the same way are equal.
 *
 * @param name what reports call it
 * @param opcodes the opcodes it covers
 * @param serviceAction the service action (CDB byte 1, bits 4..0), or -1 for any
 * @param vpdPage for INQUIRY: the VPD page with EVPD set, {@link #STANDARD_PAGE} for EVPD clear, -1 for any
 */
public record CommandClass(String name, int[] opcodes, int serviceAction, int vpdPage) {
    /** {@link #vpdPage} of the standard INQUIRY data (EVPD clear). */
    public static final int STANDARD_PAGE = -2;

    public static final CommandClass TEST_UNIT_READY = opcode("TEST UNIT READY", ScsiOpcode.TEST_UNIT_READY);
    public static final CommandClass START_STOP_UNIT = opcode("START STOP UNIT", ScsiOpcode.START_STOP_UNIT);
    public static final CommandClass REQUEST_SENSE = opcode("REQUEST SENSE", ScsiOpcode.REQUEST_SENSE);
    /** Standard INQUIRY (EVPD clear); VPD pages are {@link #vpd(int)}. */
    public static final CommandClass INQUIRY = new CommandClass("INQUIRY", new int[] {ScsiOpcode.INQUIRY}, -1,
            STANDARD_PAGE);
    public static final CommandClass MODE_SENSE = opcode("MODE SENSE", ScsiOpcode.MODE_SENSE_6,
            ScsiOpcode.MODE_SENSE_10);
    public static final CommandClass MODE_SELECT = opcode("MODE SELECT", ScsiOpcode.MODE_SELECT_6,
            ScsiOpcode.MODE_SELECT_10);
    public static final CommandClass READ = opcode("READ", ScsiOpcode.READ_10, ScsiOpcode.READ_16);
    public static final CommandClass WRITE = opcode("WRITE", ScsiOpcode.WRITE_10, ScsiOpcode.WRITE_16);
    /** REPORT TARGET PORT GROUPS: MAINTENANCE IN, service action 0Ah. */
    public static final CommandClass RTPG = new CommandClass("REPORT TARGET PORT GROUPS",
            new int[] {ScsiOpcode.MAINTENANCE_IN}, ScsiOpcode.SA_REPORT_TARGET_PORT_GROUPS, -1);
    /** SET TARGET PORT GROUPS: MAINTENANCE OUT, service action 0Ah. */
    public static final CommandClass STPG = new CommandClass("SET TARGET PORT GROUPS",
            new int[] {ScsiOpcode.MAINTENANCE_OUT}, ScsiOpcode.SA_SET_TARGET_PORT_GROUPS, -1);

    public CommandClass {
        opcodes = opcodes.clone();
    }

    /** The commands with any of these opcodes. */
    public static CommandClass opcode(String name, int... opcodes) {
        return new CommandClass(name, opcodes, -1, -1);
    }

    /** The commands with this opcode, named by it in hex. */
    public static CommandClass opcode(int opcode) {
        return opcode(String.format("opcode %02Xh", opcode), opcode);
    }

    /** INQUIRY with EVPD set for {@code page}. */
    public static CommandClass vpd(int page) {
        return new CommandClass(String.format("INQUIRY VPD %02Xh", page), new int[] {ScsiOpcode.INQUIRY}, -1, page);
    }

    @Override
    public int[] opcodes() {
        return opcodes.clone();
    }

    /** Whether a command with this CDB belongs to the class. */
    public boolean matches(byte[] cdb) {
        int opcode = cdb[0] & 0xFF;
        if (Arrays.stream(opcodes).noneMatch(o -> o == opcode)) {
            return false;
        }
        if (serviceAction >= 0 && (cdb.length < 2 || (cdb[1] & 0x1F) != serviceAction)) {
            return false;
        }
        if (vpdPage == -1) {
            return true;
        }
        boolean evpd = cdb.length > 2 && (cdb[1] & 1) != 0;
        return vpdPage == STANDARD_PAGE ? !evpd : evpd && (cdb[2] & 0xFF) == vpdPage;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CommandClass c && name.equals(c.name) && Arrays.equals(opcodes, c.opcodes)
                && serviceAction == c.serviceAction && vpdPage == c.vpdPage;
    }

    @Override
    public int hashCode() {
        return (name.hashCode() * 31 + Arrays.hashCode(opcodes)) * 31 + serviceAction * 7 + vpdPage;
    }

    @Override
    public String toString() {
        return name;
    }
}
