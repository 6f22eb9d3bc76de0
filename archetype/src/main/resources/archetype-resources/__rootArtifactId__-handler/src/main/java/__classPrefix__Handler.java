package ${package};

import io.mpathj.api.handler.HardwareHandler;
import io.mpathj.api.handler.PgInitRequest;
import io.mpathj.api.handler.PgInitResult;
import io.mpathj.api.path.PathDevice;
import io.mpathj.api.scsi.Cdbs;
import io.mpathj.api.scsi.ScsiCommand;
import io.mpathj.api.scsi.ScsiResult;
import io.mpathj.api.scsi.SenseData;
import io.mpathj.api.scsi.SenseKey;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One map's {@code ${handlerName}} handler, active/passive: TEST UNIT READY tells an active path (GOOD) from a
 * passive one (NOT READY, 04/0B standby or 04/02 initializing command required); START STOP UNIT activates a
 * passive one. pg_init never blocks: it sends commands
 * and answers the request once, from the completion.
 */
final class ${classPrefix}Handler implements HardwareHandler {
    private static final Logger LOG = LoggerFactory.getLogger(${classPrefix}Handler.class);

    @Override
    public void pgInit(PgInitRequest request) {
        PathDevice device = request.path().device();
        CompletionStage<PgInitResult> activation;
        try {
            activation = device.execute(ScsiCommand.noData(Cdbs.testUnitReady())).thenCompose(tur -> {
                if (tur.isGood()) {
                    return CompletableFuture.completedStage(PgInitResult.OK);
                }
                if (isPassive(tur)) {
                    return device.execute(ScsiCommand.noData(Cdbs.startStopUnit(true))).thenApply(start -> {
                        if (!start.isGood()) {
                            return verdict(start);
                        }
                        LOG.info("{}: ${handlerName}: pg_init activated the passive controller", device.name());
                        return PgInitResult.OK;
                    });
                }
                return CompletableFuture.completedStage(verdict(tur));
            });
        } catch (RuntimeException e) {
            activation = CompletableFuture.failedStage(e);
        }
        activation.whenComplete((result, failure) -> request.complete(failure != null ? PgInitResult.DEV_FAILED
                : result));
    }

    /**
     * NOT READY, 04/0B ("target port in standby state") or 04/02 ("initializing command required"): a passive
     * controller's answers.
     */
    static boolean isPassive(ScsiResult result) {
        return result.sense().map(s -> s.key() == SenseKey.NOT_READY && s.asc() == 0x04
                && (s.ascq() == 0x0B || s.ascq() == 0x02)).orElse(false);
    }

    /** A failure as the map's SCSI_DH result: a unit attention is worth a retry, anything else fails the path. */
    static PgInitResult verdict(ScsiResult result) {
        if (result.isTransportFailure()) {
            return PgInitResult.IO;
        }
        SenseData sense = result.sense().orElse(null);
        return sense != null && sense.key() == SenseKey.UNIT_ATTENTION ? PgInitResult.RETRY : PgInitResult.IO;
    }
}
