package io.mpathj.handler.rdac.internal;

import io.mpathj.api.handler.AttachException;
import io.mpathj.api.handler.ErrorFlag;
import io.mpathj.api.handler.HardwareHandler;
import io.mpathj.api.handler.PathError;
import io.mpathj.api.handler.PgInitRequest;
import io.mpathj.api.handler.PgInitResult;
import io.mpathj.api.path.MapPath;
import io.mpathj.handler.rdac.internal.Identification.Outcome;
import java.util.ArrayList;
import java.util.List;
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
 * One map's {@code rdac} handler: identifies each path at attach, activates a path on pg_init by a MODE SELECT of
 * page 2Ch through its controller's batch queue when that controller does not own the LU, and applies
 * rdac_check_sense to failed I/O. Status words are the modern kernel's: none (INFO {@code 0}, TABLE {@code 1 rdac}).
 */
final class RdacHandler implements HardwareHandler {
    private static final Logger LOG = LoggerFactory.getLogger(RdacHandler.class);
    /** How long attach waits for its four INQUIRYs: their timeouts plus a margin. */
    private static final long ATTACH_WAIT_MILLIS = 4L * RdacPages.INQUIRY_TIMEOUT_MILLIS + 5_000L;

    private final RdacHandlerType type;
    private final Map<String, PathState> paths = new ConcurrentHashMap<>();

    RdacHandler(RdacHandlerType type) {
        this.type = type;
    }

    private PathState state(MapPath path) {
        return paths.computeIfAbsent(path.name(), n -> new PathState(n, path.device()));
    }

    /**
     * rdac_bus_attach: reads VPD C8h, C4h, C9h and C2h. A path whose answers say it is no RDAC LU (a page not
     * supported, not the page asked for, C8h without {@code edid}, a LUN the firmware's MODE SELECT cannot name) is
     * refused with the kernel's {@code Attach failed (N)}; a path that does not answer is attached, and its first
     * pg_init reads the pages again.
     */
    @Override
    public void attach(MapPath path) throws AttachException {
        PathState state = state(path);
        Outcome o;
        try {
            o = new Identification(state, type).run().toCompletableFuture()
                    .get(ATTACH_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AttachException(path.name() + ": rdac: interrupted while reading its VPD pages");
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("{}: rdac: no answer to its VPD pages ({}); attached anyway", path.name(), e.toString());
            return;
        }
        if (o.refusal()) {
            forget(path.name());
            throw new AttachException(path.name() + ": rdac: " + o.problem() + "; Attach failed ("
                    + o.result().code() + ")");
        }
        if (!o.ok()) {
            LOG.warn("{}: rdac: {}; attached anyway, pg_init reads the pages again", path.name(), o.problem());
            return;
        }
        LOG.info("{}: rdac: LUN {} {}, {}", path.name(), state.lun(), state.access().describe(),
                state.controller().describe());
    }

    /**
     * rdac_activate: check_ownership (VPD C9h), then, when this path's controller must take the LU over (RDAC mode and
     * not the owner; IOSHIP mode, not the owner, but the preferred controller), queue the MODE SELECT on the
     * controller; otherwise OK at once. A C9h that does not come back is SCSI_DH_IO.
     */
    @Override
    public void pgInit(PgInitRequest request) {
        MapPath path = request.path();
        CompletionStage<Outcome> checked;
        try {
            PathState state = state(path);
            Identification id = new Identification(state, type);
            CompletionStage<Outcome> identified = state.identified() ? CompletableFuture.completedStage(Outcome.OK)
                    : id.run();
            checked = identified.thenCompose(o -> o.ok() ? id.checkOwnership() : CompletableFuture.completedStage(o))
                    .thenApply(o -> {
                        if (o.ok() && state.access().needsModeSelect()) {
                            state.controller().queue(state, request);
                            return null; // the controller answers
                        }
                        return o;
                    });
        } catch (RuntimeException e) {
            checked = CompletableFuture.failedStage(e);
        }
        checked.whenComplete((o, failure) -> {
            if (failure != null) {
                LOG.error("{}: rdac: activation failed", path.name(), failure);
                request.complete(PgInitResult.DEV_FAILED);
            } else if (o != null) {
                if (!o.ok()) {
                    LOG.warn("{}: rdac: {}", path.name(), o.problem());
                }
                request.complete(o.result());
            }
        });
    }

    /** rdac_check_sense (see {@link RdacSense#classify}); 05/94/01 also marks the path passive. */
    @Override
    public Set<ErrorFlag> error(PathError error) {
        Set<ErrorFlag> verdict = RdacSense.classify(error);
        if (!error.result().isTransportFailure() && error.sense().map(RdacSense::notOwner).orElse(false)) {
            PathState state = paths.get(error.path().name());
            if (state != null) {
                state.active(false);
            }
            LOG.info("{}: rdac: I/O returned with sense {}: the controller does not own the LU", error.path().name(),
                    error.sense().get().triple());
        }
        return verdict;
    }

    /** What the handler knows of a path, or null (for tests and logs). */
    PathState path(String name) {
        return paths.get(name);
    }

    private void forget(String name) {
        PathState state = paths.remove(name);
        if (state != null && state.identified()) {
            type.release(state.controller());
        }
    }

    /** rdac_bus_detach for every path: the controllers are released. */
    @Override
    public void close() {
        List<String> names = new ArrayList<>(paths.keySet());
        for (String name : names) {
            forget(name);
        }
    }
}
