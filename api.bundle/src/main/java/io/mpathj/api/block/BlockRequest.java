package io.mpathj.api.block;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * One block I/O that its owner fills, submits, and reuses once it completed (the kernel's {@code struct bio}).
 * Reusing a request is what lets a device serve it without allocating: the device keeps its per-request state
 * here ({@link #deviceContext()}, dm's per-bio data) and finds it again on the next submission.
 *
 * <p>A request is owned by one submitter at a time: fill it, submit it, and touch it again only after its completion
 * was called. A device refuses a request that is still in flight with {@link IllegalStateException}.
 */
public final class BlockRequest {
    private final BlockCompletion completion;
    private long lba;
    private ByteBuffer buffer;
    private boolean write;
    private Object deviceContext;

    /** A request whose every completion goes to {@code completion}. */
    public BlockRequest(BlockCompletion completion) {
        this.completion = Objects.requireNonNull(completion, "completion");
    }

    /**
     * Makes this a read of {@code dst.remaining()} bytes (whole blocks) starting at {@code lba}, into {@code dst}
     * from its position. The buffer's position and limit are left as they are.
     */
    public BlockRequest read(long lba, ByteBuffer dst) {
        return set(lba, dst, false);
    }

    /** Makes this a write of {@code src.remaining()} bytes (whole blocks) starting at {@code lba}. */
    public BlockRequest write(long lba, ByteBuffer src) {
        return set(lba, src, true);
    }

    private BlockRequest set(long lba, ByteBuffer buffer, boolean write) {
        this.lba = lba;
        this.buffer = Objects.requireNonNull(buffer, "buffer");
        this.write = write;
        return this;
    }

    public long lba() {
        return lba;
    }

    /** The data buffer, or null before {@link #read} or {@link #write} was called. */
    public ByteBuffer buffer() {
        return buffer;
    }

    public boolean isWrite() {
        return write;
    }

    public BlockCompletion completion() {
        return completion;
    }

    /** For block device implementations: the state the device that last ran this request left with it. */
    public Object deviceContext() {
        return deviceContext;
    }

    /** For block device implementations: keeps per-request state for the next submission. */
    public void setDeviceContext(Object context) {
        this.deviceContext = context;
    }

    @Override
    public String toString() {
        return (write ? "write" : "read") + " lba " + lba + " bytes " + (buffer == null ? 0 : buffer.remaining());
    }
}
