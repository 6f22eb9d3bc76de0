package io.mpathj.handler.rdac.internal;

import io.mpathj.api.handler.PgInitResult;
import io.mpathj.api.scsi.ScsiCommand;
import io.mpathj.api.scsi.SenseData;
import io.mpathj.api.scsi.SenseKey;
import io.mpathj.handler.rdac.internal.RdacPages.LunIdentity;
import io.mpathj.handler.rdac.internal.RdacPages.VolumeAccess;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * rdac_bus_attach's reads, as a chain of completions: VPD C8h (which LU, which array), C4h (which controller), C9h
 * (ownership, mode, preference: check_ownership) and C2h (the controller's MODE SELECT format: set_mode_select). Each
 * step runs on the thread that completed the previous command.
 */
final class Identification {
    private final PathState path;
    private final RdacHandlerType type;

    Identification(PathState path, RdacHandlerType type) {
        this.path = path;
        this.type = type;
    }

    /**
     * The verdict of one step or of the whole identification.
     *
     * @param result OK, or the kernel's SCSI_DH code for the failure (IO: a page did not come back; NOSYS: C8h is not
     *     the RDAC {@code edid} page)
     * @param problem the words for the log and an attach refusal, null when OK
     * @param refusal the device answered, and its answer says it is no RDAC LU (the page is not supported, or not the
     *     page asked for): attach refuses such a path; a path that did not answer is attached and identified again by
     *     its first pg_init
     */
    record Outcome(PgInitResult result, String problem, boolean refusal) {
        static final Outcome OK = new Outcome(PgInitResult.OK, null, false);

        boolean ok() {
            return result == PgInitResult.OK;
        }
    }

    /** One page as read, or why it was not. */
    private record Read(byte[] page, Outcome failure) {
    }

    /** Reads C8h, C4h, C9h and C2h; on success the path knows its LU, its controller and its ownership. */
    CompletionStage<Outcome> run() {
        return read(RdacPages.EXTENDED_ID, RdacPages.EXTENDED_ID_LENGTH).thenCompose(c8 -> {
            if (c8.failure() != null) {
                return done(c8.failure());
            }
            if (!RdacPages.hasId(c8.page(), "edid")) {
                return done(new Outcome(PgInitResult.NOSYS, "VPD page 0xC8 is not the 'edid' page", true));
            }
            LunIdentity lun = LunIdentity.parse(c8.page());
            return step(RdacPages.SUBSYSTEM, RdacPages.SUBSYSTEM_LENGTH, c4 -> {
                int index = RdacPages.controllerIndex(c4);
                return step(RdacPages.VOLUME_ACCESS, RdacPages.VOLUME_ACCESS_LENGTH, c9 -> {
                    VolumeAccess access = VolumeAccess.parse(c9);
                    return step(RdacPages.SOFTWARE_VERSION, RdacPages.SOFTWARE_VERSION_LENGTH, c2 -> {
                        boolean expanded = RdacPages.expandedModeSelect(c2);
                        if (lun.lun() >= ModeSelectPage.lunCapacity(expanded)) {
                            return done(new Outcome(PgInitResult.NOSYS, "LUN " + lun.lun()
                                    + " does not fit the legacy MODE SELECT page of this firmware (32 LUNs)", true));
                        }
                        synchronized (path) {
                            if (!path.identified()) {
                                path.identified(lun.lun(), type.acquire(lun, index));
                            }
                        }
                        path.controller().expanded(expanded);
                        path.access(access);
                        return done(Outcome.OK);
                    });
                });
            });
        });
    }

    /** check_ownership: reads C9h and updates the path; IO when the page does not come back. */
    CompletionStage<Outcome> checkOwnership() {
        return step(RdacPages.VOLUME_ACCESS, RdacPages.VOLUME_ACCESS_LENGTH, c9 -> {
            path.access(VolumeAccess.parse(c9));
            return done(Outcome.OK);
        });
    }

    private CompletionStage<Outcome> step(int page, int length, Function<byte[], CompletionStage<Outcome>> next) {
        return read(page, length).thenCompose(r -> r.failure() != null ? done(r.failure()) : next.apply(r.page()));
    }

    private static CompletionStage<Outcome> done(Outcome o) {
        return CompletableFuture.completedStage(o);
    }

    /**
     * One page (scsi_get_vpd_page): a failure without status or with one other than ILLEGAL REQUEST is "no answer";
     * ILLEGAL REQUEST (the page is not supported) or a page with another page code is a refusal.
     */
    private CompletionStage<Read> read(int page, int length) {
        ScsiCommand inquiry = RdacPages.inquiry(page, length);
        String what = String.format("INQUIRY of VPD page 0x%02X", page);
        return RdacSense.send(path.device(), inquiry, false, type::stopped).thenApply(r -> {
            if (!r.isGood()) {
                Optional<SenseData> sense = r.isTransportFailure() ? Optional.empty() : r.sense();
                boolean unsupported = sense.isPresent() && sense.get().key() == SenseKey.ILLEGAL_REQUEST;
                return new Read(null, new Outcome(PgInitResult.IO, what + " failed: " + r.describe(), unsupported));
            }
            byte[] data = RdacPages.received(inquiry, r);
            if (RdacPages.at(data, 1) != page) {
                return new Read(null, new Outcome(PgInitResult.IO, what + " returned page "
                        + String.format("0x%02X", RdacPages.at(data, 1)), true));
            }
            return new Read(data, null);
        });
    }
}
