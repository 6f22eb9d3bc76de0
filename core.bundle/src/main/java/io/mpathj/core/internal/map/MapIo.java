package io.mpathj.core.internal.map;

import io.mpathj.api.scsi.ScsiCommand;
import io.mpathj.api.scsi.ScsiResult;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * One block I/O submitted to a map, from submission to its single completion. It is its own completion callback
 * for the path's command, so the fast path allocates no lambda.
 */
final class MapIo implements BiConsumer<ScsiResult, Throwable> {
    final MultipathMap map;
    final ScsiCommand command;
    final long nrBytes;
    final long submittedNanos;
    final CompletableFuture<Void> future = new CompletableFuture<>();
    /** Tries so far on the current path: a retry budget belongs to a path, a failover starts it afresh. */
    int attempts;
    /**
     * Retries in a row that failed no path and bypassed no group: after a few they are spaced out, so a storm of
     * unit attentions cannot spin; a failover (a path failed) starts the count again.
     */
    int retriesWithoutProgress;
    /** The path of the current try, and when it started. */
    PgPath path;
    long startNanos;

    MapIo(MultipathMap map, ScsiCommand command, long nrBytes) {
        this.map = map;
        this.command = command;
        this.nrBytes = nrBytes;
        this.submittedNanos = System.nanoTime();
    }

    @Override
    public void accept(ScsiResult result, Throwable failure) {
        map.onPathCompletion(this, result, failure);
    }
}
