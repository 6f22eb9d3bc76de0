package io.mpathj.export.nbd.internal;

import io.mpathj.api.block.BlockCompletion;
import io.mpathj.api.block.BlockIoException;
import io.mpathj.api.block.BlockRequest;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One NBD request in flight, reused: its buffer holds the reply header followed by the data (READ) or the payload
 * (WRITE), so a read's data goes from the map to the socket in the same buffer and a reply is one write.
 */
final class Op implements BlockCompletion {
    /** Room for the longest reply header before the data: a structured OFFSET_DATA chunk (20 + 8 bytes). */
    static final int HEADER_ROOM = 32;

    final Connection connection;
    final BlockRequest request = new BlockRequest(this);
    /** Direct, capacity a power of two: {@link #HEADER_ROOM} + the payload size class. */
    final ByteBuffer buffer;
    final int sizeClass;
    int type;
    int flags;
    long cookie;
    long offset;
    long length;
    /** The NBD errno to answer with (0: success) and a message for structured error chunks. */
    int error;
    String message;
    /** FLUSH: writes numbered below this must complete first. WRITE/WRITE_ZEROES: this write's number. */
    long sequence;
    /** The reply as it goes out: a slice of {@link #buffer}. */
    ByteBuffer reply;
    // WRITE_ZEROES: the next byte to zero and the chunk loop's work counter
    long zeroNext;
    final AtomicInteger zeroWork = new AtomicInteger();

    Op(Connection connection, int sizeClass) {
        this.connection = connection;
        this.sizeClass = sizeClass;
        this.buffer = ByteBuffer.allocateDirect(HEADER_ROOM + (1 << sizeClass));
    }

    /** The data area: {@code length} bytes after the header room. */
    ByteBuffer data(int length) {
        return buffer.limit(HEADER_ROOM + length).position(HEADER_ROOM).slice();
    }

    @Override
    public void completed(BlockRequest r, BlockIoException e) {
        connection.completed(this, e);
    }
}
