package io.mpathj.storage.sim.internal;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The bytes behind a logical unit. Transfers use absolute buffer indexes so that the caller's position and limit stay
 * as they were.
 */
interface BlockStore extends AutoCloseable {
    /** Copies {@code length} bytes at byte {@code offset} of the LU into {@code dst} from index {@code dstIndex}. */
    void read(long offset, ByteBuffer dst, int dstIndex, int length) throws IOException;

    /** Copies {@code length} bytes of {@code src} from index {@code srcIndex} to byte {@code offset} of the LU. */
    void write(long offset, ByteBuffer src, int srcIndex, int length) throws IOException;

    @Override
    void close() throws IOException;
}
