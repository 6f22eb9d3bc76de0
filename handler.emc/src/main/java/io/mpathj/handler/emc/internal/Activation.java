package io.mpathj.handler.emc.internal;

import io.mpathj.api.handler.PgInitResult;
import io.mpathj.api.path.MapPath;
import io.mpathj.api.scsi.ScsiCommand;
import io.mpathj.api.scsi.ScsiResult;
import io.mpathj.api.scsi.SenseData;
import io.mpathj.api.scsi.SenseKey;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One path activation, scsi_dh_emc's {@code clariion_activate} as a chain of completions: read VPD C0h; if this
 * path's SP owns the LU, done; otherwise trespass and read C0h again. Each step runs on the thread that completed
 * the previous command; nothing blocks.
 */
final class Activation {
    /** CLARIION_RETRIES: how often a command answered with the power-on unit attention is sent again. */
    static final int RETRIES = 3;
    private static final Logger LOG = LoggerFactory.getLogger(Activation.class);

    private final MapPath path;
    private final EmcSettings settings;

    Activation(MapPath path, EmcSettings settings) {
        this.path = path;
        this.settings = settings;
    }

    /** The result for pg_init_done. */
    CompletionStage<PgInitResult> run() {
        return probe().thenCompose(first -> {
            if (first.result() != PgInitResult.OK || first.info().owned()) {
                return CompletableFuture.completedStage(logged(first));
            }
            return send(ClariionCommands.trespass(settings)).thenCompose(r -> {
                PgInitResult trespassed = trespassResult(r);
                if (trespassed != PgInitResult.OK) {
                    LOG.info("{}: emc: {} trespass failed: {}", path.name(), form(), r.describe());
                    return CompletableFuture.completedStage(trespassed);
                }
                LOG.info("{}: emc: {} trespass command sent", path.name(), form());
                return probe().thenApply(this::logged);
            });
        });
    }

    private String form() {
        return settings.shortTrespass() ? "short" : "long";
    }

    /** The probe's result, after logging where the LU is, as clariion_activate does. */
    private PgInitResult logged(Probe p) {
        if (p.info() != null && p.result() != PgInitResult.NOSYS) {
            LOG.info("{}: emc: at {}", path.name(), p.info().describe());
        }
        return p.result();
    }

    /** Reads VPD C0h: OK with the page, or the failure (clariion_send_inquiry + parse_sp_info_reply). */
    CompletionStage<Probe> probe() {
        ScsiCommand inquiry = ClariionCommands.spInfoInquiry();
        return send(inquiry).thenApply(r -> {
            if (!r.isGood()) {
                String problem = "INQUIRY of VPD page 0xC0 failed: " + r.describe();
                LOG.warn("{}: emc: {}", path.name(), problem);
                return new Probe(PgInitResult.IO, null, problem);
            }
            SpInfo info = SpInfo.parse(inquiry.data().array());
            PgInitResult verdict = info.check();
            if (verdict != PgInitResult.OK) {
                LOG.warn("{}: emc: {}", path.name(), info.problem());
                return new Probe(verdict, info, info.problem());
            }
            return new Probe(PgInitResult.OK, info, null);
        });
    }

    /** trespass_endio: busy for an array-based copy (05/04/00) or an NDU (02/04/03), else failed; IO without sense. */
    static PgInitResult trespassResult(ScsiResult r) {
        if (r.isGood()) {
            return PgInitResult.OK;
        }
        Optional<SenseData> sense = r.sense();
        if (sense.isEmpty()) {
            return PgInitResult.IO;
        }
        SenseData s = sense.get();
        if (s.is(SenseKey.ILLEGAL_REQUEST, 0x04, 0x00) || s.is(SenseKey.NOT_READY, 0x04, 0x03)) {
            return PgInitResult.DEV_TEMP_BUSY;
        }
        return PgInitResult.DEV_FAILED;
    }

    private CompletionStage<ScsiResult> send(ScsiCommand command) {
        return send(command, RETRIES);
    }

    /**
     * Sends a command, and again (the same buffer, untouched) while it meets the power-on unit attention and retries
     * are left: clariion_check_sense's ADD_TO_MLQUEUE for 06/29/00, which the midlayer requeues. A CLARiiON path
     * that was never used reports it to the handler's first INQUIRY or MODE SELECT.
     */
    private CompletionStage<ScsiResult> send(ScsiCommand command, int retriesLeft) {
        return path.device().execute(command).thenCompose(r -> {
            Optional<SenseData> sense = r.sense();
            if (retriesLeft > 0 && sense.isPresent() && sense.get().is(SenseKey.UNIT_ATTENTION, 0x29, 0x00)) {
                return send(command, retriesLeft - 1);
            }
            return CompletableFuture.completedStage(r);
        });
    }

    /** One reading of VPD C0h: the verdict, the page when one came back, the kernel's words for a refusal. */
    record Probe(PgInitResult result, SpInfo info, String problem) {
    }
}
