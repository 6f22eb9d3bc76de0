package io.mpathj.handler.hp_sw.internal;

import io.mpathj.api.handler.AttachException;
import io.mpathj.api.handler.ErrorFlag;
import io.mpathj.api.handler.HardwareHandler;
import io.mpathj.api.handler.PathError;
import io.mpathj.api.handler.PgInitRequest;
import io.mpathj.api.handler.PgInitResult;
import io.mpathj.api.handler.ScsiErrorRules;
import io.mpathj.api.path.MapPath;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One map's {@code hp_sw} handler (scsi_dh_hp_sw): TEST UNIT READY tells an active path from a passive one (02/04/02),
 * START STOP UNIT makes a passive path's controller active. The state of each path is what its last TEST UNIT READY
 * said, as the kernel keeps it per device.
 */
final class HpSwHandler implements HardwareHandler {
    private static final Logger LOG = LoggerFactory.getLogger(HpSwHandler.class);
    /** How long attach waits for TEST UNIT READY: the command's own timeout, a few retries' worth, plus a margin. */
    private static final long ATTACH_WAIT_MILLIS = HpSwCommands.TIMEOUT_MILLIS + 5_000L;

    /** Path name → state. */
    private final Map<String, PathState> states = new ConcurrentHashMap<>();

    /** The state the handler holds for a path: UNKNOWN for one it has not seen. */
    PathState state(String path) {
        return states.getOrDefault(path, PathState.UNKNOWN);
    }

    /**
     * hp_sw_bus_attach: TEST UNIT READY. GOOD: an active path; 02/04/02: a passive path; both are attached. Any other
     * sense refuses the path, as the kernel does ({@code sending tur failed, sense 5/25/0}). A path that gives no
     * verdict (no answer, a status without sense, unit attentions that do not stop) is attached with its state
     * unknown: pg_init asks again when it matters.
     */
    @Override
    public void attach(MapPath path) throws AttachException {
        Activation.Tur tur;
        try {
            tur = new Activation(path.device(), path.name()).testUnitReady().toCompletableFuture()
                    .get(ATTACH_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AttachException(path.name() + ": hp_sw: interrupted while sending tur");
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("{}: hp_sw: no answer to tur ({}); attached anyway", path.name(), e.toString());
            states.put(path.name(), PathState.UNKNOWN);
            return;
        }
        if (tur.result() == PgInitResult.OK) {
            states.put(path.name(), tur.state());
            LOG.info("{}: hp_sw: attached to {} path", path.name(),
                    tur.state() == PathState.ACTIVE ? "active" : "passive");
            return;
        }
        if (tur.result() == PgInitResult.IO && !tur.answer().isTransportFailure() && tur.answer().sense().isPresent()) {
            throw new AttachException(path.name() + ": hp_sw: " + tur.problem() + "; not attached");
        }
        LOG.warn("{}: hp_sw: {}; attached with the path state unknown", path.name(), tur.problem());
        states.put(path.name(), PathState.UNKNOWN);
    }

    /**
     * hp_sw_activate: TEST UNIT READY; on a passive path START STOP UNIT. The result goes to the map as the kernel's
     * {@code SCSI_DH_*}: OK, IO (the map fails the path), RETRY after 02/04/03 three times (the map tries again within
     * pg_init_retries), IMM_RETRY while unit attentions keep coming. A handler crash answers DEV_FAILED.
     */
    @Override
    public void pgInit(PgInitRequest request) {
        MapPath path = request.path();
        CompletionStage<PgInitResult> activation;
        try {
            activation = activate(path);
        } catch (RuntimeException e) {
            activation = CompletableFuture.failedStage(e);
        }
        activation.whenComplete((result, failure) -> {
            if (failure != null) {
                LOG.error("{}: hp_sw: activation failed", path.name(), failure);
                request.complete(PgInitResult.DEV_FAILED);
            } else {
                request.complete(result);
            }
        });
    }

    private CompletionStage<PgInitResult> activate(MapPath path) {
        Activation activation = new Activation(path.device(), path.name());
        return activation.testUnitReady().thenCompose(tur -> {
            if (tur.result() != PgInitResult.OK) {
                LOG.warn("{}: hp_sw: {}", path.name(), tur.problem());
                return CompletableFuture.completedStage(tur.result());
            }
            states.put(path.name(), tur.state());
            if (tur.state() == PathState.ACTIVE) {
                return CompletableFuture.completedStage(PgInitResult.OK);
            }
            return activation.startUnit().thenApply(result -> {
                if (result == PgInitResult.OK) {
                    // the kernel leaves path_state passive here (README: differences); the controller is active now
                    states.put(path.name(), PathState.ACTIVE);
                    LOG.info("{}: hp_sw: passive path activated by START STOP UNIT", path.name());
                }
                return result;
            });
        });
    }

    /**
     * The kernel's hp_sw has no check_sense: the generic verdict decides ({@code ScsiErrorRules}; 02/04/02 from a
     * passive controller fails the path). In place of hp_sw_prep_fn, which kills every I/O to a path it knows as
     * passive, a retry on such a path becomes a path failure: the I/O goes to another path instead.
     */
    @Override
    public Set<ErrorFlag> error(PathError error) {
        Set<ErrorFlag> verdict = ScsiErrorRules.classify(error.result(), error.attempt());
        if (verdict.isEmpty() && state(error.path().name()) == PathState.PASSIVE) {
            return ScsiErrorRules.FAIL_PATH;
        }
        return verdict;
    }

    @Override
    public void close() {
        states.clear();
    }
}
