package io.mpathj.core.internal.map;

import io.mpathj.api.block.BlockRequest;
import io.mpathj.api.path.PathCompletion;
import io.mpathj.api.scsi.Cdbs;
import io.mpathj.api.scsi.DataDirection;
import io.mpathj.api.scsi.ScsiCommand;
import io.mpathj.api.scsi.ScsiResult;
import java.nio.ByteBuffer;

/**
 * A map's per-request state (dm-mpath's {@code struct dm_mpath_io}, which the kernel keeps in the bio's front pad):
 * it lives in the {@link BlockRequest}'s device context and is reused by every later submission of that request, so
 * the fast path allocates nothing. It is also the completion callback of the path's command.
 */
final class MapIo implements PathCompletion {
    final MultipathMap map;
    private final byte[] cdb = new byte[16];
    /** Built again only when the request's buffer or direction changes; its CDB array is rewritten per I/O. */
    private ScsiCommand command;
    BlockRequest request;
    long nrBytes;
    /** Between submit and completion; a second submit of the same request meanwhile is refused. */
    boolean inFlight;
    /** A command of this I/O is out on a path: its first completion is taken, a second one is refused. */
    boolean onPath;
    /** Tries so far on the current path: a retry budget belongs to a path, a failover starts it afresh. */
    int attempts;
    /**
     * Retries in a row that failed no path and bypassed no group: after a few they are spaced out, so a storm of
     * unit attentions cannot spin; a failover (a path failed) starts the count again.
     */
    int retriesWithoutProgress;
    /**
     * When the first try failed: the retry budget runs from then, not from submission, so the fast path never
     * reads the clock. The difference is at most one try (the kernel's budget starts at allocation). 0 before.
     */
    long firstErrorNanos;
    /** The path of the current try, and when it started (0 unless the group's selector times I/O). */
    PgPath path;
    long startNanos;
    /**
     * The thread inside {@code dispatch} while it sends the current try (set before {@code execute}, cleared when
     * it returns), else null: a completion running on that thread is inline. Only ever compared with the current
     * thread, which sees its own writes and never another thread's write of itself, so plain fields suffice.
     */
    Thread dispatchingThread;
    /** Set to the dispatching thread by an inline completion that wants an immediate retry; that thread clears it. */
    Thread retryInlineOn;

    MapIo(MultipathMap map) {
        this.map = map;
    }

    /** Readies this state for a new submission of {@code r}: {@code blocks} blocks, {@code bytes} bytes. */
    void start(BlockRequest r, int blocks, int bytes) {
        ByteBuffer buffer = r.buffer();
        Cdbs.readWrite16(cdb, r.isWrite(), r.lba(), blocks);
        if (command == null || command.data() != buffer
                || (command.direction() == DataDirection.TO_DEVICE) != r.isWrite()) {
            command = r.isWrite() ? ScsiCommand.dataOut(cdb, buffer) : ScsiCommand.dataIn(cdb, buffer);
        }
        request = r;
        nrBytes = bytes;
        attempts = 0;
        retriesWithoutProgress = 0;
        firstErrorNanos = 0;
        path = null;
        startNanos = 0;
        inFlight = true;
    }

    ScsiCommand command() {
        return command;
    }

    @Override
    public void completed(ScsiResult result) {
        if (!onPath) {
            map.pathCompletedTwice(this, result);
            return;
        }
        onPath = false;
        map.onPathCompletion(this, result);
    }

    @Override
    public void completedExceptionally(Throwable failure) {
        map.pathBrokeContract(this, "completed exceptionally", failure);
    }
}
