package io.mpathj.daemon.internal.assembly;

import io.mpathj.api.path.PathDevice;
import io.mpathj.api.scsi.Cdbs;
import io.mpathj.api.scsi.ScsiCommand;
import io.mpathj.api.scsi.ScsiResult;
import io.mpathj.daemon.internal.conf.PathIdentity;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Identifies a path as multipath-tools' {@code pathinfo} does with sysfs and SG_IO: standard INQUIRY, then VPD
 * pages 0x80 and 0x83 on the path itself. Only LUs Linux would give a block device (sd) are identified. A unit attention is retried (at most 5 times, as the tur checker); a path
 * that cannot answer standard INQUIRY or has no WWID cannot be identified (the stage completes with null and
 * {@code why}).
 */
public final class PathIdentifier {
    private static final int TIMEOUT_MILLIS = 10_000;
    private static final int ATTEMPTS = 5;
    private static final int BUFFER = 255;

    /** The outcome: the path, or why there is none. */
    public record Outcome(IdentifiedPath path, String why) {
    }

    public CompletionStage<Outcome> identify(PathDevice device) {
        CompletableFuture<Outcome> out = new CompletableFuture<>();
        testUnitReady(device, ATTEMPTS).thenCompose(ready -> inquiry(device, Cdbs.inquiry(36), ATTEMPTS))
                .thenAccept(std -> {
            Vpd.Standard s = Vpd.standard(std);
            if (s == null) {
                out.complete(new Outcome(null, "no answer to standard INQUIRY"));
                return;
            }
            if (!s.isBlockDevice()) {
                out.complete(new Outcome(null, String.format("not a block device (peripheral qualifier %d, device "
                        + "type 0x%02x)", s.peripheral() >> 5, s.peripheral() & 0x1F)));
                return;
            }
            inquiry(device, Cdbs.inquiryVpd(0x80, BUFFER), ATTEMPTS).thenAccept(pg80 -> inquiry(device,
                    Cdbs.inquiryVpd(0x83, BUFFER), ATTEMPTS).thenAccept(pg83 -> {
                        String wwid = Vpd.wwid(pg83);
                        if (wwid == null) {
                            out.complete(new Outcome(null, "no WWID in VPD page 0x83"));
                            return;
                        }
                        String name = device.name();
                        String node = Vpd.targetDeviceName(pg83);
                        PathIdentity id = new PathIdentity(name, s.vendor(), s.product(), s.revision(), wwid,
                                Vpd.serial(pg80), s.tpgs(), protocol(name));
                        out.complete(new Outcome(new IdentifiedPath(device, id, Vpd.targetPortGroup(pg83),
                                Vpd.relativeTargetPort(pg83), node != null ? node : IdentifiedPath.nodeNameOf(name)),
                                null));
                    }));
        });
        return out;
    }

    /** multipath-tools' protocol names: {@code scsi:iscsi} for iSCSI paths, {@code scsi:unspec} otherwise. */
    static String protocol(String pathName) {
        return pathName.startsWith("iscsi:") ? "scsi:iscsi" : "scsi:unspec";
    }

    /**
     * TEST UNIT READY until it reports no unit attention (at most {@code attempts}), as multipathd's checker runs
     * before the prioritizer: the unit attentions of a new nexus (power on, reset) are consumed before the
     * prioritizer's commands, which would fail on them. The outcome does not matter.
     */
    private static CompletionStage<Void> testUnitReady(PathDevice device, int attempts) {
        return device.execute(ScsiCommand.noData(Cdbs.testUnitReady()).withTimeoutMillis(TIMEOUT_MILLIS))
                .thenCompose(r -> attempts > 1 && unitAttention(r) ? testUnitReady(device, attempts - 1)
                        : CompletableFuture.<Void>completedFuture(null))
                .exceptionally(e -> null);
    }

    /** The data of one INQUIRY, or null (retried on a unit attention). */
    private static CompletionStage<byte[]> inquiry(PathDevice device, byte[] cdb, int attempts) {
        ByteBuffer buffer = ByteBuffer.allocate(Cdbs.getU16(cdb, 3));
        ScsiCommand command = ScsiCommand.dataIn(cdb, buffer).withTimeoutMillis(TIMEOUT_MILLIS);
        return device.execute(command).thenCompose(r -> {
            if (r.isGood()) {
                return CompletableFuture.completedFuture(Arrays.copyOf(buffer.array(),
                        Math.max(0, buffer.capacity() - r.residual())));
            }
            if (attempts > 1 && unitAttention(r)) {
                return inquiry(device, cdb, attempts - 1);
            }
            return CompletableFuture.completedFuture(null);
        }).exceptionally(e -> null);
    }

    private static boolean unitAttention(ScsiResult r) {
        return r.sense().map(s -> s.key() == io.mpathj.api.scsi.SenseKey.UNIT_ATTENTION).orElse(false);
    }
}
