package io.mpathj.daemon.internal.prio;

import io.mpathj.api.InvalidArgumentsException;
import io.mpathj.api.path.PathDevice;
import io.mpathj.api.prio.Prioritizer;
import io.mpathj.api.prio.PrioritizerType;
import io.mpathj.api.scsi.Cdbs;
import io.mpathj.api.scsi.ScsiCommand;
import io.mpathj.api.scsi.ScsiResult;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.bundle.Capability;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code alua} prioritizer (prioritizers/alua.c with alua_rtpg.c): the path's target port group from VPD page
 * 0x83 (designator type 5), its asymmetric access state from REPORT TARGET PORT GROUPS on the same path.
 * Active/optimized 50, active/non-optimized 10, LBA-dependent 5, standby 1, anything else 0; +80 when the group has
 * the PREF bit, unless it is active/optimized already ({@code prio_args exclusive_pref_bit}: always). A path that
 * does not answer, or an LU without TPGS, has no priority ({@link Prioritizer#UNDEFINED}).
 */
@Component(service = PrioritizerType.class, property = PrioritizerType.NAME_PROPERTY + "=" + AluaPrioritizer.NAME)
@Capability(namespace = PrioritizerType.CAPABILITY_NAMESPACE, name = AluaPrioritizer.NAME)
public final class AluaPrioritizer implements PrioritizerType {
    public static final String NAME = "alua";
    static final int OPTIMIZED = 0x0;
    static final int NON_OPTIMIZED = 0x1;
    static final int STANDBY = 0x2;
    static final int LBA_DEPENDENT = 0x4;
    private static final int VPD_DEVICE_IDENTIFICATION = 0x83;
    private static final int DESIGNATOR_TARGET_PORT_GROUP = 0x5;
    private static final int BUFFER = 4096;

    @Override
    public Prioritizer create(String args) throws InvalidArgumentsException {
        String a = args.strip();
        if (!a.isEmpty() && !a.equals("exclusive_pref_bit")) {
            throw new InvalidArgumentsException("alua prioritizer: prio_args may only be exclusive_pref_bit (got '"
                    + a + "')");
        }
        boolean exclusivePref = !a.isEmpty();
        return (path, timeout) -> priority(path, timeout, exclusivePref);
    }

    /** The priority for an access state and PREF bit, as alua.c's getprio. */
    static int priority(int state, boolean preferred, boolean exclusivePref) {
        int prio = switch (state) {
            case OPTIMIZED -> 50;
            case NON_OPTIMIZED -> 10;
            case LBA_DEPENDENT -> 5;
            case STANDBY -> 1;
            default -> 0;
        };
        return preferred && (state != OPTIMIZED || exclusivePref) ? prio + 80 : prio;
    }

    private static CompletionStage<Integer> priority(PathDevice path, Duration timeout, boolean exclusivePref) {
        int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        ByteBuffer vpd = ByteBuffer.allocate(BUFFER);
        CompletableFuture<Integer> result = new CompletableFuture<>();
        path.execute(ScsiCommand.dataIn(Cdbs.inquiryVpd(VPD_DEVICE_IDENTIFICATION, BUFFER), vpd)
                .withTimeoutMillis(millis), r -> {
                    int group = r.isGood() ? targetPortGroup(received(vpd, r)) : -1;
                    if (group < 0) {
                        result.complete(Prioritizer.UNDEFINED);
                        return;
                    }
                    ByteBuffer rtpg = ByteBuffer.allocate(BUFFER);
                    path.execute(ScsiCommand.dataIn(Cdbs.reportTargetPortGroups(false, BUFFER), rtpg)
                            .withTimeoutMillis(millis), r2 -> {
                                int descriptor = r2.isGood() ? stateOf(received(rtpg, r2), group) : -1;
                                result.complete(descriptor < 0 ? Prioritizer.UNDEFINED
                                        : priority(descriptor & 0x0F, (descriptor & 0x80) != 0, exclusivePref));
                            });
                });
        return result;
    }

    private static byte[] received(ByteBuffer buffer, ScsiResult r) {
        byte[] b = new byte[Math.max(0, BUFFER - r.residual())];
        buffer.duplicate().clear().get(b);
        return b;
    }

    /** The TARGET PORT GROUP designator of a device identification page (SPC-4 7.8.6.7), or -1. */
    static int targetPortGroup(byte[] page) {
        if (page.length < 4) {
            return -1;
        }
        int end = Math.min(page.length, 4 + Cdbs.getU16(page, 2));
        for (int d = 4; d + 4 <= end; d += 4 + (page[d + 3] & 0xFF)) {
            int type = page[d + 1] & 0x0F;
            int length = page[d + 3] & 0xFF;
            if (type == DESIGNATOR_TARGET_PORT_GROUP && length >= 4 && d + 8 <= end) {
                return Cdbs.getU16(page, d + 6);
            }
        }
        return -1;
    }

    /**
     * The first byte (PREF bit and access state) of the RTPG descriptor of {@code group} (SPC-4 6.37, length-only
     * header), or -1 when the answer has none.
     */
    static int stateOf(byte[] data, int group) {
        if (data.length < 4) {
            return -1;
        }
        int end = (int) Math.min(data.length, 4 + Cdbs.getU32(data, 0));
        int d = 4;
        while (d + 8 <= end) {
            if (Cdbs.getU16(data, d + 2) == group) {
                return data[d] & 0xFF;
            }
            d += 8 + 4 * (data[d + 7] & 0xFF);
        }
        return -1;
    }
}
