package io.mpathj.api.block;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Block I/O on a multipath map: reads and writes of whole logical blocks. Every I/O completes exactly once: normally
 * when the data moved, or with a {@link BlockIoException} that says why not.
 *
 * <p>Two ways to submit: {@link #submit} with a reusable {@link BlockRequest}, which allocates nothing on the fast
 * path, and the convenient {@link #read}/{@link #write}, which return a stage (one future and one request per I/O).
 */
@ProviderType
public interface BlockDevice {
    String name();

    /** Logical block size in bytes (512 or 4096). */
    int blockSize();

    /** Capacity in logical blocks. */
    long blockCount();

    /**
     * Starts a request; its completion is called exactly once. A range that is not whole blocks inside the device
     * completes with {@link BlockIoException.Reason#INVALID_REQUEST}.
     *
     * @throws IllegalStateException if the request is still in flight (submitted and not yet completed)
     * @throws IllegalArgumentException if the request was never given a buffer
     */
    void submit(BlockRequest request);

    /**
     * Reads {@code dst.remaining()} bytes (a whole number of blocks) starting at {@code lba} into {@code dst} from its
     * position. The buffer's position and limit are left as they were.
     */
    default CompletionStage<Void> read(long lba, ByteBuffer dst) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        submit(new BlockRequest(completing(done)).read(lba, dst));
        return done;
    }

    /** Writes {@code src.remaining()} bytes (a whole number of blocks) starting at {@code lba}. */
    default CompletionStage<Void> write(long lba, ByteBuffer src) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        submit(new BlockRequest(completing(done)).write(lba, src));
        return done;
    }

    private static BlockCompletion completing(CompletableFuture<Void> future) {
        return (request, error) -> {
            if (error == null) {
                future.complete(null);
            } else {
                future.completeExceptionally(error);
            }
        };
    }
}
