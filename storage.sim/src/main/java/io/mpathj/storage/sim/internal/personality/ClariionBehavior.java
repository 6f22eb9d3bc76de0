package io.mpathj.storage.sim.internal.personality;

import io.mpathj.api.scsi.Cdbs;
import io.mpathj.api.scsi.ScsiResult;
import io.mpathj.api.scsi.ScsiStatus;
import io.mpathj.api.scsi.SenseData;
import io.mpathj.api.scsi.SenseKey;
import io.mpathj.storage.sim.ClariionControls;
import io.mpathj.storage.sim.CommandClass;
import io.mpathj.storage.sim.SimLogicalUnit;
import io.mpathj.storage.sim.SimPath;
import io.mpathj.storage.sim.SimPortGroup;
import io.mpathj.storage.sim.personality.ArrayBehavior;
import io.mpathj.storage.sim.personality.ArrayContext;
import io.mpathj.storage.sim.personality.ScsiReplies;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * CLARiiON active/passive behaviour: each LU is owned by one storage processor (port group index 0 = SP A,
 * 1 = SP B); I/O through the other SP fails with 02/04/03; MODE SELECT page 22h trespasses; INQUIRY VPD C0h
 * reports ownership with the fields scsi_dh_emc reads.
 */
final class ClariionBehavior implements ClariionControls, ArrayBehavior {
    static final int VPD_SP_INFO = 0xC0;
    static final int TRESPASS_PAGE = 0x22;
    /** Length of the C0h page served here: enough to carry byte 48 (NDU), where scsi_dh_emc stops reading. */
    static final int SP_INFO_LENGTH = 64;
    static final int LUN_BOUND = 1;
    static final int LUN_OWNED = 2;
    /** LOGICAL UNIT NOT READY, MANUAL INTERVENTION REQUIRED: I/O on the passive SP, or a trespass during NDU. */
    static final SenseData NOT_READY_MANUAL_INTERVENTION = new SenseData(SenseKey.NOT_READY, 0x04, 0x03);
    /** Byte 27 of C0h, the effective initiator type: 3, what multipath-tools' emc_clariion checker wants. */
    static final int INITIATOR_TYPE = 3;
    /** Byte 30 of C0h, bit 2: arraycommpath (LUNZ is presented), also required by the checker. */
    static final int ARRAYCOMMPATH = 0x04;
    /** Bytes 10..13 of C0h: an NAA 6 WWN with EMC's OUI 00-60-16, as a CLARiiON LU's. */
    private static final byte[] WWN_PREFIX = {0x60, 0x06, 0x01, 0x60};
    private static final int[] VENDOR_PAGES = {VPD_SP_INFO};
    private static final int TRESPASS_CODE = 0x01;
    /** Set in byte 2 of page 22h when the host does NOT want reservations honored. */
    private static final int IGNORE_RESERVATIONS = 0x80;

    private final ArrayContext context;
    private final int failoverMode;
    private final AtomicIntegerArray owner;
    private final int[] defaultOwner;
    private final AtomicIntegerArray reservedByOther;
    private volatile boolean ndu;

    ClariionBehavior(ArrayContext context) {
        this.context = context;
        this.failoverMode = context.failoverMode();
        List<SimLogicalUnit> lus = context.logicalUnits();
        this.owner = new AtomicIntegerArray(lus.size());
        this.defaultOwner = new int[lus.size()];
        this.reservedByOther = new AtomicIntegerArray(lus.size());
        for (int l = 0; l < lus.size(); l++) {
            defaultOwner[l] = context.defaultOwner(lus.get(l)).map(SimPortGroup::index).orElse(0);
            owner.set(l, defaultOwner[l]);
        }
    }

    @Override
    public SenseData refuse(SimPath path, int opcode) {
        if (CommandClass.MEDIA_ACCESS.includes(opcode) && !owns(path)) {
            return NOT_READY_MANUAL_INTERVENTION;
        }
        return null;
    }

    private boolean owns(SimPath path) {
        return owner.get(path.logicalUnit().index()) == path.port().portGroup().index();
    }

    @Override
    public String accessState(SimLogicalUnit lu, SimPortGroup group) {
        return owner.get(lu.index()) == group.index() ? "owner" : "passive";
    }

    @Override
    public String attachedHandler() {
        return "emc"; // scsi_dh's device table: vendor DGC
    }

    @Override
    public int[] vpdPages() {
        return VENDOR_PAGES.clone();
    }

    /**
     * VPD C0h as seen through a path: byte 4 LUN state (2 owned by this path's SP, 1 bound), byte 5 default SP,
     * byte 7 port number within the SP, byte 8 this path's SP, bytes 10..25 the LU's WWN (NAA 6, EMC's OUI, then 4
     * zero bytes and the LU's NAA identifier of VPD 83h), byte 27 effective initiator type 3, byte 28 failover mode,
     * byte 30 arraycommpath (bit 2), byte 48 NDU in progress.
     */
    @Override
    public byte[] vpdPage(SimPath path, int pageCode) {
        if (pageCode != VPD_SP_INFO) {
            return null;
        }
        byte[] body = new byte[SP_INFO_LENGTH - 4];
        int l = path.logicalUnit().index();
        body[4 - 4] = (byte) (owns(path) ? LUN_OWNED : LUN_BOUND);
        body[5 - 4] = (byte) defaultOwner[l];
        body[7 - 4] = (byte) path.port().indexInGroup();
        body[8 - 4] = (byte) path.port().portGroup().index();
        System.arraycopy(WWN_PREFIX, 0, body, 10 - 4, WWN_PREFIX.length);
        Cdbs.putU64(body, 18 - 4, path.logicalUnit().naaIdentifier());
        body[27 - 4] = INITIATOR_TYPE;
        body[28 - 4] = (byte) failoverMode;
        body[30 - 4] = ARRAYCOMMPATH;
        body[48 - 4] = (byte) (ndu ? 1 : 0);
        return body;
    }

    /**
     * Trespass page 22h: short form (page length 02h, sent by MODE SELECT(6)) or long form (page length 09h,
     * MODE SELECT(10)); byte 2 = 01h trespass, bit 7 set = ignore reservations.
     */
    @Override
    public ScsiResult modeSelectPage(SimPath path, byte[] list, int offset, int length) {
        if ((list[offset] & 0x7F) != TRESPASS_PAGE) {
            return null;
        }
        SimLogicalUnit lu = path.logicalUnit();
        int pageLength = list[offset + 1] & 0xFF;
        if ((pageLength != 0x02 && pageLength != 0x09) || (list[offset + 2] & 0x7F) != TRESPASS_CODE) {
            return ScsiReplies.checkCondition(lu, ScsiReplies.INVALID_FIELD_IN_PARAMETER_LIST);
        }
        if (ndu) {
            return ScsiReplies.checkCondition(lu, NOT_READY_MANUAL_INTERVENTION);
        }
        boolean honorReservations = (list[offset + 2] & IGNORE_RESERVATIONS) == 0;
        if (honorReservations && reservedByOther.get(lu.index()) != 0) {
            return ScsiResult.status(ScsiStatus.RESERVATION_CONFLICT, null, 0);
        }
        owner.set(lu.index(), path.port().portGroup().index());
        return ScsiResult.good();
    }

    @Override
    public int owner(int lun) {
        return context.portGroups().get(owner.get(context.logicalUnit(lun).index())).id();
    }

    @Override
    public int defaultOwner(int lun) {
        return context.portGroups().get(defaultOwner[context.logicalUnit(lun).index()]).id();
    }

    @Override
    public void trespass(int lun, int groupId) {
        owner.set(context.logicalUnit(lun).index(), context.portGroup(groupId).index());
    }

    @Override
    public void setNonDisruptiveUpgrade(boolean inProgress) {
        ndu = inProgress;
    }

    @Override
    public void setReservedByOtherHost(int lun, boolean reserved) {
        reservedByOther.set(context.logicalUnit(lun).index(), reserved ? 1 : 0);
    }
}
