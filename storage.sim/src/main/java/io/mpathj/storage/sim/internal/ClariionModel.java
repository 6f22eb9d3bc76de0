package io.mpathj.storage.sim.internal;

import io.mpathj.api.scsi.ScsiResult;
import io.mpathj.api.scsi.ScsiStatus;
import io.mpathj.api.scsi.SenseData;
import io.mpathj.storage.sim.ClariionControls;
import io.mpathj.storage.sim.CommandClass;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * CLARiiON active/passive behaviour: each LU is owned by one storage processor (port group index 0 = SP A,
 * 1 = SP B); I/O through the other SP fails with 02/04/03; MODE SELECT page 22h trespasses; INQUIRY VPD C0h
 * reports ownership with the fields scsi_dh_emc reads (reference §4.3).
 */
final class ClariionModel implements ClariionControls, PersonalityModel {
    static final int VPD_SP_INFO = 0xC0;
    static final int TRESPASS_PAGE = 0x22;
    /** Length of the C0h page served here: enough to carry byte 48 (NDU), where scsi_dh_emc stops reading. */
    static final int SP_INFO_LENGTH = 64;
    static final int LUN_BOUND = 1;
    static final int LUN_OWNED = 2;
    private static final int[] VENDOR_PAGES = {VPD_SP_INFO};
    private static final int TRESPASS_CODE = 0x01;
    /** Set in byte 2 of page 22h when the host does NOT want reservations honored. */
    private static final int IGNORE_RESERVATIONS = 0x80;

    private final Topology topology;
    private final int failoverMode;
    private final AtomicIntegerArray owner;
    private final int[] defaultOwner;
    private final AtomicIntegerArray reservedByOther;
    private volatile boolean ndu;

    ClariionModel(ArraySpec spec, Topology topology) {
        this.topology = topology;
        this.failoverMode = spec.failoverMode();
        List<LogicalUnitImpl> lus = topology.lus();
        this.owner = new AtomicIntegerArray(lus.size());
        this.defaultOwner = new int[lus.size()];
        this.reservedByOther = new AtomicIntegerArray(lus.size());
        for (int l = 0; l < lus.size(); l++) {
            int groupId = spec.lus().get(l).defaultOwnerGroup();
            defaultOwner[l] = groupId < 0 ? 0 : topology.group(groupId).index();
            owner.set(l, defaultOwner[l]);
        }
    }

    @Override
    public SenseData refuse(PathImpl path, int opcode) {
        if (CommandClass.MEDIA_ACCESS.includes(opcode) && !owns(path)) {
            return Senses.NOT_READY_MANUAL_INTERVENTION;
        }
        return null;
    }

    private boolean owns(PathImpl path) {
        return owner.get(path.lu().index()) == path.portImpl().group().index();
    }

    @Override
    public int[] vendorVpdPages() {
        return VENDOR_PAGES.clone();
    }

    /**
     * VPD C0h as seen through a path: byte 4 LUN state (2 owned by this path's SP, 1 bound), byte 5 default SP,
     * byte 7 port number within the SP, byte 8 this path's SP, byte 28 failover mode, byte 48 NDU in progress.
     */
    @Override
    public byte[] vendorVpdPage(PathImpl path, int pageCode) {
        if (pageCode != VPD_SP_INFO) {
            return null;
        }
        byte[] body = new byte[SP_INFO_LENGTH - 4];
        int l = path.lu().index();
        body[4 - 4] = (byte) (owns(path) ? LUN_OWNED : LUN_BOUND);
        body[5 - 4] = (byte) defaultOwner[l];
        body[7 - 4] = (byte) path.portImpl().indexInGroup();
        body[8 - 4] = (byte) path.portImpl().group().index();
        body[28 - 4] = (byte) failoverMode;
        body[48 - 4] = (byte) (ndu ? 1 : 0);
        return Inquiry.vpd(VPD_SP_INFO, body);
    }

    /**
     * Trespass page 22h: short form (page length 02h, sent by MODE SELECT(6)) or long form (page length 09h,
     * MODE SELECT(10)); byte 2 = 01h trespass, bit 7 set = ignore reservations.
     */
    @Override
    public ScsiResult selectVendorModePage(PathImpl path, byte[] list, int offset, int length) {
        if ((list[offset] & 0x7F) != TRESPASS_PAGE) {
            return null;
        }
        LogicalUnitImpl lu = path.lu();
        int pageLength = list[offset + 1] & 0xFF;
        if ((pageLength != 0x02 && pageLength != 0x09) || (list[offset + 2] & 0x7F) != TRESPASS_CODE) {
            return lu.checkCondition(Senses.INVALID_FIELD_IN_PARAMETER_LIST);
        }
        if (ndu) {
            return lu.checkCondition(Senses.NOT_READY_MANUAL_INTERVENTION);
        }
        boolean honorReservations = (list[offset + 2] & IGNORE_RESERVATIONS) == 0;
        if (honorReservations && reservedByOther.get(lu.index()) != 0) {
            return ScsiResult.status(ScsiStatus.RESERVATION_CONFLICT, null, 0);
        }
        owner.set(lu.index(), path.portImpl().group().index());
        return ScsiResult.good();
    }

    @Override
    public void portLinkChanged(PortImpl port) {
        // a CLARiiON in failover mode 4 never trespasses by itself: the host must
    }

    @Override
    public int owner(int lun) {
        return topology.groups().get(owner.get(topology.lu(lun).index())).id();
    }

    @Override
    public int defaultOwner(int lun) {
        return topology.groups().get(defaultOwner[topology.lu(lun).index()]).id();
    }

    @Override
    public void trespass(int lun, int groupId) {
        owner.set(topology.lu(lun).index(), topology.group(groupId).index());
    }

    @Override
    public void setNonDisruptiveUpgrade(boolean inProgress) {
        ndu = inProgress;
    }

    @Override
    public void setReservedByOtherHost(int lun, boolean reserved) {
        reservedByOther.set(topology.lu(lun).index(), reserved ? 1 : 0);
    }
}
