package io.mpathj.storage.sim.internal;

import io.mpathj.storage.sim.personality.ScsiReplies;
import io.mpathj.api.scsi.Cdbs;
import io.mpathj.api.scsi.ScsiCommand;
import io.mpathj.api.scsi.ScsiOpcode;
import io.mpathj.api.scsi.ScsiResult;
import io.mpathj.storage.sim.personality.ArrayBehavior;
import java.io.ByteArrayOutputStream;

/**
 * MODE SENSE(6/10) and MODE SELECT(6/10) (SPC-4 6.9 to 6.12) for the Caching page (SBC-3 6.4.5) and the Control
 * page (SPC-4 7.5.8), whose D_SENSE bit is the only changeable field; vendor pages go to the personality.
 */
final class ModePages {
    static final int CACHING = 0x08;
    static final int CONTROL = 0x0A;
    static final int ALL_PAGES = 0x3F;
    private static final int PC_CURRENT = 0;
    private static final int PC_CHANGEABLE = 1;
    private static final int PC_SAVED = 3;
    private static final int D_SENSE = 0x04;

    private final ArrayBehavior personality;

    ModePages(ArrayBehavior personality) {
        this.personality = personality;
    }

    ScsiResult sense(PathImpl path, ScsiCommand command) {
        LogicalUnitImpl lu = path.lu();
        byte[] cdb = command.cdb();
        boolean ten = command.opcode() == ScsiOpcode.MODE_SENSE_10;
        boolean dbd = (cdb[1] & 0x08) != 0;
        boolean longLba = ten && (cdb[1] & 0x10) != 0;
        int pc = (cdb[2] & 0xC0) >>> 6;
        int page = cdb[2] & 0x3F;
        int subpage = cdb[3] & 0xFF;
        if (pc == PC_SAVED) {
            return lu.checkCondition(Senses.SAVING_PARAMETERS_NOT_SUPPORTED);
        }
        ByteArrayOutputStream pages = new ByteArrayOutputStream();
        byte[] vendor = page == ALL_PAGES ? null : personality.modeSensePage(path, page, subpage, pc);
        if (vendor != null) {
            pages.writeBytes(vendor);
        } else if (page == ALL_PAGES && (subpage == 0 || subpage == 0xFF)) {
            // pages in ascending page code order (SPC-4 6.11): the core's 08h and 0Ah among the personality's
            java.util.SortedSet<Integer> codes = new java.util.TreeSet<>(java.util.List.of(CACHING, CONTROL));
            for (int c : personality.modePages()) {
                codes.add(c & 0x3F);
            }
            for (int c : codes) {
                byte[] p = c == CACHING ? caching(pc) : c == CONTROL ? control(lu, pc)
                        : personality.modeSensePage(path, c, 0, pc);
                if (p != null) {
                    pages.writeBytes(p);
                }
            }
        } else if (page == CACHING && subpage == 0) {
            pages.writeBytes(caching(pc));
        } else if (page == CONTROL && subpage == 0) {
            pages.writeBytes(control(lu, pc));
        } else {
            return lu.checkCondition(Senses.INVALID_FIELD_IN_CDB);
        }
        byte[] descriptor = dbd ? new byte[0] : blockDescriptor(lu, longLba);
        byte[] body = pages.toByteArray();
        byte[] d;
        if (ten) {
            // mode parameter header(10), SPC-4 7.5.5: MODE DATA LENGTH excludes its own two bytes
            d = new byte[8 + descriptor.length + body.length];
            Cdbs.putU16(d, 0, d.length - 2);
            d[4] = (byte) (longLba && !dbd ? 0x01 : 0x00); // LONGLBA
            Cdbs.putU16(d, 6, descriptor.length);
            System.arraycopy(descriptor, 0, d, 8, descriptor.length);
            System.arraycopy(body, 0, d, 8 + descriptor.length, body.length);
            return ScsiReplies.dataIn(command, d, Cdbs.getU16(cdb, 7));
        }
        // mode parameter header(6), SPC-4 7.5.5: MODE DATA LENGTH excludes its own byte
        d = new byte[4 + descriptor.length + body.length];
        d[0] = (byte) (d.length - 1);
        d[3] = (byte) descriptor.length;
        System.arraycopy(descriptor, 0, d, 4, descriptor.length);
        System.arraycopy(body, 0, d, 4 + descriptor.length, body.length);
        return ScsiReplies.dataIn(command, d, cdb[4] & 0xFF);
    }

    ScsiResult select(PathImpl path, ScsiCommand command) {
        LogicalUnitImpl lu = path.lu();
        byte[] cdb = command.cdb();
        boolean ten = command.opcode() == ScsiOpcode.MODE_SELECT_10;
        int length = ten ? Cdbs.getU16(cdb, 7) : cdb[4] & 0xFF;
        boolean pf = (cdb[1] & 0x10) != 0;
        boolean sp = (cdb[1] & 0x01) != 0;
        if (sp || (!pf && length > 0)) {
            // no saved pages; vendor-specific (non page format) lists are not understood
            return lu.checkCondition(Senses.INVALID_FIELD_IN_CDB);
        }
        byte[] list = ScsiReplies.parameterList(command, length);
        if (list == null) {
            return lu.checkCondition(Senses.DATA_PHASE_ERROR);
        }
        if (length == 0) {
            return ScsiResult.good();
        }
        int header = ten ? 8 : 4;
        if (length < header) {
            return lu.checkCondition(Senses.PARAMETER_LIST_LENGTH_ERROR);
        }
        int descriptorLength = ten ? Cdbs.getU16(list, 6) : list[3] & 0xFF;
        int off = header + descriptorLength;
        if (off > length) {
            return lu.checkCondition(Senses.PARAMETER_LIST_LENGTH_ERROR);
        }
        if (descriptorLength > 0 && !blockLengthMatches(lu, list, header, descriptorLength, ten && (list[4] & 1) != 0)) {
            return lu.checkCondition(Senses.INVALID_FIELD_IN_PARAMETER_LIST);
        }
        while (off < length) {
            ScsiResult r = selectPage(path, list, off, length);
            if (r != null) {
                return r;
            }
            off += pageLength(list, off);
        }
        return ScsiResult.good();
    }

    /** Applies the page at {@code off}; null when it was applied and the next page follows. */
    private ScsiResult selectPage(PathImpl path, byte[] list, int off, int length) {
        LogicalUnitImpl lu = path.lu();
        if (off + 2 > length || ((list[off] & 0x40) != 0 && off + 4 > length)) {
            return lu.checkCondition(Senses.PARAMETER_LIST_LENGTH_ERROR);
        }
        int pageLength = pageLength(list, off);
        if (off + pageLength > length) {
            return lu.checkCondition(Senses.PARAMETER_LIST_LENGTH_ERROR);
        }
        ScsiResult vendor = personality.modeSelectPage(path, list, off, pageLength);
        if (vendor != null) {
            return vendor.isGood() ? null : vendor;
        }
        int code = list[off] & 0x7F; // PS is reserved in MODE SELECT; SPF set means a subpage we do not have
        byte[] current;
        byte[] changeable;
        if (code == CONTROL) {
            current = control(lu, PC_CURRENT);
            changeable = control(lu, PC_CHANGEABLE);
        } else if (code == CACHING) {
            current = caching(PC_CURRENT);
            changeable = caching(PC_CHANGEABLE);
        } else {
            return lu.checkCondition(Senses.INVALID_FIELD_IN_PARAMETER_LIST);
        }
        if (pageLength != current.length) {
            return lu.checkCondition(Senses.INVALID_FIELD_IN_PARAMETER_LIST);
        }
        // SPC-4 6.9: a field that is not changeable must be sent with its current value
        for (int i = 2; i < current.length; i++) {
            if (((list[off + i] ^ current[i]) & ~changeable[i]) != 0) {
                return lu.checkCondition(Senses.INVALID_FIELD_IN_PARAMETER_LIST);
            }
        }
        if (code == CONTROL) {
            boolean descriptor = (list[off + 2] & D_SENSE) != 0;
            if (descriptor != lu.descriptorSense()) {
                lu.setDescriptorSense(descriptor);
                // SPC-4 6.9: the other I_T nexuses learn of the change through MODE PARAMETERS CHANGED
                lu.raiseUnitAttention(UnitAttentions.MODE_PARAMETERS_CHANGED, path);
            }
        }
        return null;
    }

    private static int pageLength(byte[] list, int off) {
        return (list[off] & 0x40) != 0 ? Cdbs.getU16(list, off + 2) + 4 : (list[off + 1] & 0xFF) + 2;
    }

    private static boolean blockLengthMatches(LogicalUnitImpl lu, byte[] list, int off, int length, boolean longLba) {
        int size = longLba ? 16 : 8;
        if (length % size != 0) {
            return false;
        }
        for (int d = off; d < off + length; d += size) {
            long blockLength = longLba ? Cdbs.getU32(list, d + 12) : Cdbs.getU32(list, d + 4) & 0xFF_FFFFL;
            if (blockLength != lu.blockSize()) {
                return false;
            }
        }
        return true;
    }

    /** Short (SBC-3 6.4.2.2) or long LBA (SBC-3 6.4.2.3) mode parameter block descriptor. */
    private static byte[] blockDescriptor(LogicalUnitImpl lu, boolean longLba) {
        if (longLba) {
            byte[] d = new byte[16];
            Cdbs.putU64(d, 0, lu.blockCount());
            Cdbs.putU32(d, 12, lu.blockSize());
            return d;
        }
        byte[] d = new byte[8];
        Cdbs.putU32(d, 0, Math.min(lu.blockCount(), 0xFFFF_FFFFL));
        Cdbs.putU32(d, 4, lu.blockSize()); // byte 4 (density code) stays 0: block length fits 24 bits
        return d;
    }

    /**
     * Caching mode page (SBC-3 6.4.5), 20 bytes, write-through (WCE 0); nothing is changeable, so current,
     * changeable and default values are the same all-zero page whatever {@code pc} asks for.
     */
    private static byte[] caching(int pc) {
        byte[] p = new byte[20];
        p[0] = CACHING;
        p[1] = 0x12;
        return p;
    }

    /** Control mode page (SPC-4 7.5.8), 12 bytes; only D_SENSE (byte 2 bit 2) is changeable, default 0. */
    private static byte[] control(LogicalUnitImpl lu, int pc) {
        byte[] p = new byte[12];
        p[0] = CONTROL;
        p[1] = 0x0A;
        if (pc == PC_CHANGEABLE || (pc == PC_CURRENT && lu.descriptorSense())) {
            p[2] = D_SENSE;
        }
        return p;
    }
}
