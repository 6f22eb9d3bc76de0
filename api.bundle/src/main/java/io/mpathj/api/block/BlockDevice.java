package io.mpathj.api.block;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Block I/O on a multipath map: reads and writes of whole logical blocks. Each call's stage completes exactly once:
 * normally when the data moved, or exceptionally with a {@link BlockIoException} that says why not.
 */
@ProviderType
public interface BlockDevice {
    String name();

    /** Logical block size in bytes (512 or 4096). */
    int blockSize();

    /** Capacity in logical blocks. */
    long blockCount();

    /**
     * Reads {@code dst.remaining()} bytes (a whole number of blocks) starting at {@code lba} into {@code dst} from its
     * position. The buffer's position and limit are left as they were.
     */
    CompletionStage<Void> read(long lba, ByteBuffer dst);

    /** Writes {@code src.remaining()} bytes (a whole number of blocks) starting at {@code lba}. */
    CompletionStage<Void> write(long lba, ByteBuffer src);
}
