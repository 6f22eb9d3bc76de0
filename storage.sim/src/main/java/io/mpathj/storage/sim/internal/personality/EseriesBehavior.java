package io.mpathj.storage.sim.internal.personality;

import io.mpathj.api.scsi.Cdbs;
import io.mpathj.api.scsi.ScsiCommand;
import io.mpathj.api.scsi.ScsiOpcode;
import io.mpathj.api.scsi.ScsiResult;
import io.mpathj.api.scsi.SenseData;
import io.mpathj.api.scsi.SenseKey;
import io.mpathj.storage.sim.CommandClass;
import io.mpathj.storage.sim.EseriesControls;
import io.mpathj.storage.sim.SimLogicalUnit;
import io.mpathj.storage.sim.SimPath;
import io.mpathj.storage.sim.SimPortGroup;
import io.mpathj.storage.sim.SimTime;
import io.mpathj.storage.sim.personality.ArrayBehavior;
import io.mpathj.storage.sim.personality.ArrayContext;
import io.mpathj.storage.sim.personality.ScsiReplies;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * An E-Series (RDAC) array with AVT off. Controller A is port group index 0, controller B index 1. Per LU: the owning
 * controller, the preferred one (the builder's default owner), and whether ownership is moving. Reads are lock-free;
 * transfers are serialized on this object.
 */
final class EseriesBehavior implements EseriesControls, ArrayBehavior {
    static final int VPD_SOFTWARE_VERSION = 0xC2;
    static final int VPD_SUBSYSTEM = 0xC4;
    static final int VPD_EXTENDED_DEVICE_ID = 0xC8;
    static final int VPD_VOLUME_ACCESS_CONTROL = 0xC9;
    /** Redundant controller mode page. */
    static final int RDAC_PAGE = 0x2C;
    /** rdac_mode[1] value: transfer ownership of the LUs marked in the LUN table. */
    static final int TRANSFER_SPECIFIED_LUNS = 0x02;
    /** Legacy page (MODE SELECT(6)): page length 68h, 32 LUN table entries. */
    static final int LEGACY_PAGE_LENGTH = 0x68;
    static final int LEGACY_LUNS = 32;
    /** Expanded page (MODE SELECT(10), subpage 01h): page length 0128h, 256 LUN table entries. */
    static final int EXPANDED_PAGE_LENGTH = 0x128;
    static final int EXPANDED_LUNS = 256;
    /** controller_serial[16], alt_controller_serial[16], rdac_mode[2], alt_rdac_mode[2], quiescence, options. */
    static final int COMMON_LENGTH = 38;
    /** A LUN table entry that asks for the LU. */
    static final int TRANSFER_LUN = 0x81;
    /** ILLEGAL REQUEST, INVALID REQUEST - CURRENT LOGICAL UNIT OWNERSHIP: this controller does not own the LU. */
    static final SenseData NOT_OWNER = new SenseData(SenseKey.ILLEGAL_REQUEST, 0x94, 0x01);
    /** LOGICAL UNIT IS IN PROCESS OF BECOMING READY: ownership is moving. */
    static final SenseData BECOMING_READY = new SenseData(SenseKey.NOT_READY, 0x04, 0x01);
    private static final int[] VPD_PAGES = {VPD_SOFTWARE_VERSION, VPD_SUBSYSTEM, VPD_EXTENDED_DEVICE_ID,
        VPD_VOLUME_ACCESS_CONTROL};
    private static final int PREFERRED = 0x01;
    private static final int SECONDARY = 0x02;

    private final ArrayContext context;
    private final List<SimLogicalUnit> lus;
    private final List<SimPortGroup> controllers;
    private final SimTime time;
    private final Duration transferTime;
    private final int maxLunSupported;
    /** Per LU: the owning controller's index; while transferring, the one it moves to. */
    private final AtomicIntegerArray owner;
    /** Per LU: 1 while a transfer runs. */
    private final AtomicIntegerArray transferring;
    private final int[] preferred;
    private final long[] generation;

    EseriesBehavior(ArrayContext context) {
        this.context = context;
        this.lus = context.logicalUnits();
        this.controllers = context.portGroups();
        if (controllers.size() != 2) {
            throw new IllegalArgumentException("an E-Series array has two controllers (port groups), not "
                    + controllers.size());
        }
        this.time = context.time();
        this.transferTime = context.transitionTime();
        this.maxLunSupported = context.option("max_lun_supported").map(EseriesBehavior::parseMaxLun).orElse(255);
        this.owner = new AtomicIntegerArray(lus.size());
        this.transferring = new AtomicIntegerArray(lus.size());
        this.preferred = new int[lus.size()];
        this.generation = new long[lus.size()];
        for (int l = 0; l < lus.size(); l++) {
            preferred[l] = context.defaultOwner(lus.get(l)).map(SimPortGroup::index).orElse(0);
            owner.set(l, preferred[l]);
        }
    }

    private static int parseMaxLun(String s) {
        try {
            int n = Integer.parseInt(s.strip());
            if (n >= 0 && n <= 255) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new IllegalArgumentException("option max_lun_supported must be 0..255, not " + s);
    }

    /**
     * While ownership moves, every command but INQUIRY, REPORT LUNS and REQUEST SENSE gets 02/04/01 on both
     * controllers; otherwise READ and WRITE through the controller that does not own the LU get 05/94/01.
     */
    @Override
    public SenseData refuse(SimPath path, int opcode) {
        int l = path.logicalUnit().index();
        if (transferring.get(l) != 0 && opcode != ScsiOpcode.INQUIRY && opcode != ScsiOpcode.REPORT_LUNS
                && opcode != ScsiOpcode.REQUEST_SENSE) {
            return BECOMING_READY;
        }
        if (CommandClass.MEDIA_ACCESS.includes(opcode) && owner.get(l) != path.port().portGroup().index()) {
            return NOT_OWNER;
        }
        return null;
    }

    /** MODE SELECT(6/10) with the redundant controller page 2Ch, sent with PF clear as scsi_dh_rdac does. */
    @Override
    public ScsiResult execute(SimPath path, ScsiCommand command) {
        int opcode = command.opcode();
        if (opcode != ScsiOpcode.MODE_SELECT_6 && opcode != ScsiOpcode.MODE_SELECT_10) {
            return null;
        }
        boolean ten = opcode == ScsiOpcode.MODE_SELECT_10;
        byte[] cdb = command.cdb();
        int length = ten ? Cdbs.getU16(cdb, 7) : cdb[4] & 0xFF;
        int header = ten ? 8 : 4;
        SimLogicalUnit lu = path.logicalUnit();
        if (length < header + 2) {
            return null; // not an RDAC page: the core's
        }
        byte[] list = ScsiReplies.parameterList(command, length);
        if (list == null) {
            return ScsiReplies.checkCondition(lu, ScsiReplies.DATA_PHASE_ERROR);
        }
        int off = header + (ten ? Cdbs.getU16(list, 6) : list[3] & 0xFF);
        if (off + 2 > length || (list[off] & 0x3F) != RDAC_PAGE) {
            return null;
        }
        boolean expanded = (list[off] & 0x40) != 0;
        int pageLength = expanded ? (off + 4 <= length ? Cdbs.getU16(list, off + 2) : -1) : list[off + 1] & 0xFF;
        int common = off + (expanded ? 4 : 2);
        int tableEntries = expanded ? EXPANDED_LUNS : LEGACY_LUNS;
        if (expanded && (list[off + 1] & 0xFF) != 0x01) {
            return ScsiReplies.checkCondition(lu, ScsiReplies.INVALID_FIELD_IN_PARAMETER_LIST);
        }
        if (pageLength != (expanded ? EXPANDED_PAGE_LENGTH : LEGACY_PAGE_LENGTH)) {
            return ScsiReplies.checkCondition(lu, ScsiReplies.INVALID_FIELD_IN_PARAMETER_LIST);
        }
        if (common + pageLength > length) {
            return ScsiReplies.checkCondition(lu, ScsiReplies.PARAMETER_LIST_LENGTH_ERROR);
        }
        if ((list[common + 33] & 0xFF) != TRANSFER_SPECIFIED_LUNS) {
            return ScsiReplies.checkCondition(lu, ScsiReplies.INVALID_FIELD_IN_PARAMETER_LIST);
        }
        List<SimLogicalUnit> named = new ArrayList<>();
        int table = common + COMMON_LENGTH;
        for (int n = 0; n < tableEntries; n++) {
            if ((list[table + n] & 0xFF) == TRANSFER_LUN) {
                SimLogicalUnit target = byLun(n);
                if (target != null) {
                    named.add(target);
                }
            }
        }
        return transferTo(named, path.port().portGroup().index()) ? ScsiResult.good()
                : ScsiReplies.checkCondition(lu, BECOMING_READY);
    }

    private SimLogicalUnit byLun(int lun) {
        for (SimLogicalUnit lu : lus) {
            if (lu.lun() == lun) {
                return lu;
            }
        }
        return null;
    }

    /**
     * Moves the LUs to a controller: at once when the transfer time is zero, else they report 02/04/01 until it has
     * passed. False, and nothing moves, when one of them is already moving.
     */
    private synchronized boolean transferTo(List<SimLogicalUnit> named, int controller) {
        for (SimLogicalUnit lu : named) {
            if (transferring.get(lu.index()) != 0) {
                return false;
            }
        }
        for (SimLogicalUnit lu : named) {
            int l = lu.index();
            if (owner.get(l) == controller) {
                continue;
            }
            owner.set(l, controller);
            if (!transferTime.isZero()) {
                transferring.set(l, 1);
                long gen = ++generation[l];
                time.schedule(transferTime, () -> finish(l, gen));
            }
        }
        return true;
    }

    private synchronized void finish(int l, long gen) {
        if (generation[l] == gen) {
            transferring.set(l, 0);
        }
    }

    @Override
    public int[] vpdPages() {
        return VPD_PAGES.clone();
    }

    @Override
    public byte[] vpdPage(SimPath path, int pageCode) {
        switch (pageCode) {
            case VPD_SOFTWARE_VERSION:
                return softwareVersion();
            case VPD_SUBSYSTEM:
                return subsystem(path.port().portGroup().index());
            case VPD_EXTENDED_DEVICE_ID:
                return extendedDeviceId(path.logicalUnit());
            case VPD_VOLUME_ACCESS_CONTROL:
                return volumeAccessControl(path);
            default:
                return null;
        }
    }

    /** C2h "swr4" (251 bytes after the header): firmware version and date, MAX LUN SUPPORTED at byte 15. */
    private byte[] softwareVersion() {
        byte[] b = new byte[251];
        ascii(b, 0, "swr4");
        b[4] = 0x08; // software version 08.20.00
        b[5] = 0x20;
        b[7] = 0x01; // date 01/01/20
        b[8] = 0x01;
        b[9] = 0x14;
        b[15 - 4] = (byte) maxLunSupported;
        return b;
    }

    /**
     * C4h "subs" (28 bytes after the header): the subsystem id, the same through both controllers, and the slot id
     * at bytes 28..29, "01" for controller A and "02" for B (scsi_dh_rdac takes byte 29 = '1' for A).
     */
    private byte[] subsystem(int controller) {
        byte[] b = new byte[28];
        ascii(b, 0, "subs");
        ascii(b, 4, String.format("%-16.16s", "SIM-" + context.arrayName()));
        ascii(b, 20, "0820");
        b[24] = '0';
        b[25] = (byte) ('1' + controller);
        return b;
    }

    /**
     * C8h "edid" (171 bytes after the header): the volume's unique id and label, the array's unique id and label
     * (UTF-16BE, which scsi_dh_rdac reads byte by byte at odd offsets), and the 8-byte LUN whose last byte is the
     * LUN number scsi_dh_rdac puts in the mode page's LUN table.
     */
    private byte[] extendedDeviceId(SimLogicalUnit lu) {
        byte[] b = new byte[171];
        ascii(b, 0, "edid");
        b[11 - 4] = 16;
        Cdbs.putU64(b, 12 - 4, lu.naaIdentifier());
        Cdbs.putU64(b, 20 - 4, lu.lun());
        utf16(b, 28 - 4, 60, "LUN " + lu.lun());
        b[89 - 4] = 16;
        long arrayId = 0x6_00A0_B800_0000_00L | (context.arrayName().hashCode() & 0xFFFF_FFFFL);
        Cdbs.putU64(b, 90 - 4, arrayId);
        Cdbs.putU64(b, 98 - 4, ~arrayId);
        utf16(b, 106 - 4, 60, context.arrayName());
        b[174 - 4] = (byte) lu.lun();
        return b;
    }

    /**
     * C9h "vace" (44 bytes after the header): byte 8 AVTE (bit 7, off here), IOSHIP (bit 5, off) and CVP (bit 0, this
     * controller owns the LU); byte 9 path priority, 1 on the preferred controller, 2 on the other.
     */
    private byte[] volumeAccessControl(SimPath path) {
        int l = path.logicalUnit().index();
        int controller = path.port().portGroup().index();
        byte[] b = new byte[44];
        ascii(b, 0, "vace");
        b[8 - 4] = (byte) (owner.get(l) == controller ? 0x01 : 0x00);
        b[9 - 4] = (byte) (preferred[l] == controller ? PREFERRED : SECONDARY);
        return b;
    }

    private static void ascii(byte[] b, int off, String s) {
        byte[] a = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(a, 0, b, off, a.length);
    }

    /** A length byte at {@code off}, then the label in UTF-16BE in {@code room} bytes. */
    private static void utf16(byte[] b, int off, int room, String s) {
        byte[] u = s.getBytes(StandardCharsets.UTF_16BE);
        int n = Math.min(u.length, room);
        b[off] = (byte) n;
        System.arraycopy(u, 0, b, off + 1, n);
    }

    @Override
    public String accessState(SimLogicalUnit lu, SimPortGroup group) {
        int l = lu.index();
        if (owner.get(l) != group.index()) {
            return "unowned";
        }
        return transferring.get(l) != 0 ? "transferring" : "owner";
    }

    @Override
    public String attachedHandler() {
        return "rdac"; // scsi_dh's device table: NETAPP, LSI, ENGENIO "INF-01-00"
    }

    // ---- EseriesControls

    @Override
    public int owner(int lun) {
        return controllers.get(owner.get(context.logicalUnit(lun).index())).id();
    }

    @Override
    public int preferredOwner(int lun) {
        return controllers.get(preferred[context.logicalUnit(lun).index()]).id();
    }

    @Override
    public boolean transferring(int lun) {
        return transferring.get(context.logicalUnit(lun).index()) != 0;
    }

    @Override
    public void transfer(int lun, int groupId) {
        SimLogicalUnit lu = context.logicalUnit(lun);
        if (!transferTo(List.of(lu), context.portGroup(groupId).index())) {
            throw new IllegalStateException("LU " + lun + " of " + context.arrayName() + " is already moving");
        }
    }
}
