package io.mpathj.handler.alua.internal;

import io.mpathj.api.StatusType;
import io.mpathj.api.handler.AttachException;
import io.mpathj.api.handler.ErrorFlag;
import io.mpathj.api.handler.HardwareHandler;
import io.mpathj.api.handler.PathError;
import io.mpathj.api.handler.PgInitRequest;
import io.mpathj.api.handler.PgInitResult;
import io.mpathj.api.handler.ScsiErrorRules;
import io.mpathj.api.path.MapPath;
import io.mpathj.api.scsi.Cdbs;
import io.mpathj.api.scsi.ScsiCommand;
import io.mpathj.api.scsi.ScsiResult;
import io.mpathj.api.scsi.SenseData;
import io.mpathj.api.scsi.SenseKey;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code alua} handler of one map: discovery per path (standard INQUIRY TPGS, VPD 0x83 target port group),
 * activation through the {@link PortGroup} workers, the sense rules of scsi_dh_alua's check_sense, and the access
 * state of every path in the INFO status.
 *
 * <p>INFO status words: one per path, in table order, {@code PATH:TPG:STATE}: the path name, the target port group
 * in decimal, and the state letter scsi_dh_alua logs (A active/optimized, N active/non-optimized, S standby,
 * U unavailable, L LBA-dependent, O offline, T transitioning, ? not reported yet). Path names may contain ':', so a
 * reader splits at the last two colons. TABLE words are empty: the table stays {@code 1 alua}.
 */
final class AluaHandler implements HardwareHandler {
    private static final Logger LOG = LoggerFactory.getLogger(AluaHandler.class);
    static final int INQUIRY_LENGTH = 36;
    static final int VPD_INITIAL_LENGTH = 255;
    static final int VPD_MAX_LENGTH = 0xFFFF;
    static final int TYPE_ZBC = 0x14;

    private final boolean optimizeStpg;
    private final AluaConfig config;
    private final ScheduledExecutorService executor;
    private final Map<Integer, PortGroup> groups = new ConcurrentHashMap<>();
    /** Attached paths in table order; written only by attach, which the map calls before any other hook. */
    private final Map<MapPath, PortGroup> paths = new LinkedHashMap<>();
    private volatile int tpgs;
    private volatile boolean extendedHeaderUnsupported;
    private volatile boolean rtpgDefectLogged;
    private volatile boolean closed;

    AluaHandler(boolean optimizeStpg, AluaConfig config, ScheduledExecutorService executor) {
        this.optimizeStpg = optimizeStpg;
        this.config = config;
        this.executor = executor;
    }

    /** RTPGs are numbered across the handler's groups, so an answer applied late cannot undo a newer one. */
    private final java.util.concurrent.atomic.AtomicLong rtpgSequence = new java.util.concurrent.atomic.AtomicLong();

    long nextRtpgSequence() {
        return rtpgSequence.incrementAndGet();
    }

    // ------------------------------------------------------------------------------------------------ attach

    @Override
    public void attach(MapPath path) throws AttachException {
        try {
            StandardInquiry inquiry = StandardInquiry.parse(readInquiry(path, Cdbs.inquiry(INQUIRY_LENGTH),
                    INQUIRY_LENGTH), INQUIRY_LENGTH);
            if (inquiry.deviceType() != StandardInquiry.TYPE_DISK && inquiry.deviceType() != TYPE_ZBC) {
                throw new AttachException(String.format("alua: %s: peripheral device type 0x%02x is not a disk; "
                        + "ALUA is handled for disks only", path.name(), inquiry.deviceType()));
            }
            if (inquiry.tpgs() == 0) {
                throw new AttachException("alua: " + path.name()
                        + ": not supported: standard INQUIRY reports TPGS 0 (no asymmetric logical unit access)");
            }
            DeviceIdentification id = readDeviceIdentification(path);
            if (id.targetPortGroup().isEmpty()) {
                throw new AttachException("alua: " + path.name() + ": No target port group found"
                        + " (no target port group designator in VPD page 0x83; SCSI_DH_DEV_UNSUPP)");
            }
            int groupId = id.targetPortGroup().getAsInt();
            tpgs = inquiry.tpgs();
            PortGroup group = groups.computeIfAbsent(groupId, g -> new PortGroup(g, this));
            group.addPath(path);
            synchronized (paths) {
                paths.put(path, group);
            }
            LOG.info("alua: {}: supports {}implicit and {}explicit TPGS; port group {} rel port {} lu {}",
                    path.name(), inquiry.implicit() ? "" : "no ", inquiry.explicit() ? "" : "no ",
                    PortGroup.hex(groupId), id.relativeTargetPort().isPresent()
                            ? PortGroup.hex(id.relativeTargetPort().getAsInt()) : "?", id.logicalUnit());
            group.refresh(); // like alua_check_vpd: learn the state before the first activation
        } catch (ScsiDataFormatException e) {
            throw new AttachException("alua: " + path.name() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AttachException("alua: " + path.name() + ": interrupted during discovery");
        }
    }

    private DeviceIdentification readDeviceIdentification(MapPath path)
            throws AttachException, ScsiDataFormatException, InterruptedException {
        int length = VPD_INITIAL_LENGTH;
        byte[] page = readInquiry(path, Cdbs.inquiryVpd(DeviceIdentification.PAGE_CODE, length), length);
        int declared = DeviceIdentification.declaredLength(page, page.length);
        if (declared > page.length && declared <= VPD_MAX_LENGTH) {
            length = declared;
            page = readInquiry(path, Cdbs.inquiryVpd(DeviceIdentification.PAGE_CODE, length), length);
        }
        return DeviceIdentification.parse(page, page.length);
    }

    /** One INQUIRY, waited for; the bytes received. */
    private byte[] readInquiry(MapPath path, byte[] cdb, int length) throws AttachException, InterruptedException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        ScsiCommand command = ScsiCommand.dataIn(cdb, buffer).withTimeoutMillis(config.commandTimeoutMillis());
        ScsiResult r = Commands.sendAndWait(path.device(), command, config.commandTimeoutMillis() + 1000L);
        if (!r.isGood()) {
            throw new AttachException(String.format("alua: %s: INQUIRY%s failed: %s", path.name(),
                    (cdb[1] & 1) != 0 ? String.format(" VPD page 0x%02x", cdb[2] & 0xFF) : "", r.describe()));
        }
        byte[] out = new byte[Commands.received(command, r)];
        System.arraycopy(buffer.array(), 0, out, 0, out.length);
        return out;
    }

    // ----------------------------------------------------------------------------------------------- pg_init

    @Override
    public void pgInit(PgInitRequest request) {
        PortGroup group;
        synchronized (paths) {
            group = paths.get(request.path());
        }
        if (group == null) {
            LOG.error("alua: {}: activation of a path that was never attached", request.path().name());
            request.complete(PgInitResult.DEV_UNSUPP);
        } else if (closed) {
            request.complete(PgInitResult.DEV_OFFLINED);
        } else {
            group.activate(request);
        }
    }

    // ------------------------------------------------------------------------------------------------- error

    /**
     * check_sense of scsi_dh_alua, then the generic rules: 02/04/0A retries on the same path (the group is marked
     * transitioning and re-checked), 02/04/0B and 02/04/0C fail the path, the unit attentions that report a reset
     * or a change of state retry the I/O and re-check the state.
     */
    @Override
    public Set<ErrorFlag> error(PathError error) {
        Optional<SenseData> sense = error.sense();
        if (sense.isPresent()) {
            SenseData s = sense.get();
            PortGroup group;
            synchronized (paths) {
                group = paths.get(error.path());
            }
            if (s.key() == SenseKey.NOT_READY && s.asc() == 0x04) {
                switch (s.ascq()) {
                    case 0x0A: // asymmetric access state transition
                        if (group == null) {
                            return ScsiErrorRules.RETRY;
                        }
                        boolean expired = group.transitionExpired();
                        group.markTransitioning();
                        group.refresh();
                        if (expired) {
                            // scsi_dh_alua forces the group to standby at the timeout and its prep_fn then
                            // fails the I/O, which fails the path; here the verdict does it directly
                            LOG.error("alua: {}: port group {} transitioning for longer than the transition "
                                    + "timeout of {} s; failing the path", error.path().name(),
                                    PortGroup.hex(group.id()), group.transitionTimeoutSeconds());
                            return ScsiErrorRules.FAIL_PATH;
                        }
                        return ScsiErrorRules.RETRY;
                    case 0x0B: // target port in standby state
                    case 0x0C: // target port in unavailable state
                        if (group != null) {
                            group.refresh();
                        }
                        return ScsiErrorRules.FAIL_PATH;
                    default:
                        break;
                }
            } else if (s.key() == SenseKey.UNIT_ATTENTION && isStateUnitAttention(s.asc(), s.ascq())) {
                if (group != null) {
                    group.refresh();
                }
                return ScsiErrorRules.RETRY;
            }
        }
        return ScsiErrorRules.classify(error.result(), error.attempt());
    }

    /**
     * 29/00 power on or reset, 29/04 device internal reset, 2A/01 mode parameters changed, 2A/06 asymmetric access
     * state changed, 2A/07 implicit asymmetric access state transition failed, 3F/03 inquiry data has changed,
     * 3F/0E reported LUNs data has changed.
     */
    static boolean isStateUnitAttention(int asc, int ascq) {
        switch (asc << 8 | ascq) {
            case 0x2900:
            case 0x2904:
            case 0x2A01:
            case 0x2A06:
            case 0x2A07:
            case 0x3F03:
            case 0x3F0E:
                return true;
            default:
                return false;
        }
    }

    // ------------------------------------------------------------------------------------------------ status

    @Override
    public List<String> status(StatusType type) {
        if (type == StatusType.TABLE) {
            return List.of();
        }
        List<String> words = new ArrayList<>();
        synchronized (paths) {
            paths.forEach((path, group) -> words.add(path.name() + ":" + group.id() + ":" + group.state().letter()));
        }
        return words;
    }

    @Override
    public void close() {
        closed = true;
        groups.values().forEach(PortGroup::close);
    }

    // -------------------------------------------------------------------------------- shared with the workers

    AluaConfig config() {
        return config;
    }

    ScheduledExecutorService executor() {
        return executor;
    }

    boolean optimizeStpg() {
        return optimizeStpg;
    }

    boolean explicit() {
        return (tpgs & StandardInquiry.TPGS_EXPLICIT) != 0;
    }

    boolean implicit() {
        return (tpgs & StandardInquiry.TPGS_IMPLICIT) != 0;
    }

    boolean extendedHeaderUnsupported() {
        return extendedHeaderUnsupported;
    }

    void extendedHeaderRefused() {
        extendedHeaderUnsupported = true;
    }

    /** Inconsistent RTPG data that could still be read: logged once per map, then at debug level. */
    void rtpgDefectSeen(MapPath path, String defect) {
        if (!rtpgDefectLogged) {
            rtpgDefectLogged = true;
            LOG.warn("alua: {}: rtpg data is inconsistent ({}); read as Linux reads it: each group header below "
                    + "the RETURN DATA LENGTH counts", path.name(), defect);
        } else {
            LOG.debug("alua: {}: rtpg data is inconsistent ({})", path.name(), defect);
        }
    }

    boolean isClosed() {
        return closed;
    }

    void markClosed() {
        closed = true;
    }

    /** Whether no worker of this map has a round going. */
    boolean idle() {
        return groups.values().stream().noneMatch(PortGroup::running);
    }

    Optional<PortGroup> peer(int groupId) {
        return Optional.ofNullable(groups.get(groupId));
    }
}
