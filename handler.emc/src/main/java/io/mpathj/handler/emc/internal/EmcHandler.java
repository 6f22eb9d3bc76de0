package io.mpathj.handler.emc.internal;

import io.mpathj.api.StatusType;
import io.mpathj.api.handler.AttachException;
import io.mpathj.api.handler.ErrorFlag;
import io.mpathj.api.handler.HardwareHandler;
import io.mpathj.api.handler.PathError;
import io.mpathj.api.handler.PgInitRequest;
import io.mpathj.api.handler.PgInitResult;
import io.mpathj.api.handler.ScsiErrorRules;
import io.mpathj.api.path.MapPath;
import io.mpathj.api.scsi.SenseData;
import io.mpathj.api.scsi.SenseKey;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One map's {@code emc} handler: trespass on pg_init, CLARiiON sense on I/O errors (reference §4.3). */
final class EmcHandler implements HardwareHandler {
    static final Set<ErrorFlag> BYPASS_PG = Collections.unmodifiableSet(EnumSet.of(ErrorFlag.BYPASS_PG));
    private static final Logger LOG = LoggerFactory.getLogger(EmcHandler.class);
    /** How long attach waits for its INQUIRY: the command's own timeout plus a margin. */
    private static final long ATTACH_WAIT_MILLIS = ClariionCommands.TIMEOUT_MILLIS + 5_000L;

    private final EmcSettings settings;

    EmcHandler(EmcSettings settings) {
        this.settings = settings;
    }

    EmcSettings settings() {
        return settings;
    }

    /**
     * clariion_bus_attach's check: a path whose VPD C0h is malformed or reports a failover mode other than 4 or 6
     * cannot be driven by this handler. Other failures (an NDU, an I/O error) do not refuse the path: pg_init reads
     * the page again when it matters.
     */
    @Override
    public void attach(MapPath path) throws AttachException {
        Activation.Probe p;
        try {
            p = new Activation(path, settings).probe().toCompletableFuture()
                    .get(ATTACH_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AttachException(path.name() + ": emc: interrupted while reading VPD page 0xC0");
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("{}: emc: no answer to INQUIRY of VPD page 0xC0 ({}); attached anyway", path.name(), e);
            return;
        }
        if (p.result() == PgInitResult.NOSYS) {
            throw new AttachException(path.name() + ": emc: " + p.problem() + "; not attached");
        }
        if (p.info() != null && p.result() == PgInitResult.OK) {
            LOG.info("{}: emc: connected to {}", path.name(), p.info().describe());
        }
    }

    @Override
    public void pgInit(PgInitRequest request) {
        MapPath path = request.path();
        CompletionStage<PgInitResult> activation;
        try {
            activation = new Activation(path, settings).run();
        } catch (RuntimeException e) {
            activation = CompletableFuture.failedStage(e);
        }
        activation.whenComplete((result, failure) -> {
            if (failure != null) {
                LOG.error("{}: emc: activation failed", path.name(), failure);
                request.complete(PgInitResult.DEV_FAILED);
            } else {
                request.complete(result);
            }
        });
    }

    /**
     * The 2005 dm-emc {@code emc_error} table, live: 02/04/03 (the LU is on the other SP) bypasses the group and
     * retries the I/O there; 05/25/01 (array-based copy in progress) fails the I/O; 06/29/00 (first I/O after a
     * trespass or reset) is retried. Anything else gets the generic verdict.
     */
    @Override
    public Set<ErrorFlag> error(PathError error) {
        Optional<SenseData> sense = error.sense();
        if (!error.result().isTransportFailure() && sense.isPresent()) {
            SenseData s = sense.get();
            if (s.is(SenseKey.NOT_READY, 0x04, 0x03)) {
                return BYPASS_PG;
            }
            if (s.is(SenseKey.ILLEGAL_REQUEST, 0x25, 0x01)) {
                return ScsiErrorRules.ERROR_IO;
            }
            if (s.is(SenseKey.UNIT_ATTENTION, 0x29, 0x00)) {
                return ScsiErrorRules.RETRY;
            }
        }
        return ScsiErrorRules.classify(error.result(), error.attempt());
    }

    /** INFO: nothing (both kernels print {@code 0}). TABLE: the two flags, only when they are not the defaults. */
    @Override
    public List<String> status(StatusType type) {
        return type == StatusType.TABLE ? settings.tableWords() : List.of();
    }
}
