package io.mpathj.api.block;

import org.osgi.annotation.versioning.ConsumerType;

/** Called once when a {@link BlockRequest} ends (the kernel's {@code bi_end_io}). */
@ConsumerType
@FunctionalInterface
public interface BlockCompletion {
    /**
     * The request ended: {@code error} is null when the data moved, else the reason it did not. The request may be
     * submitted again from here on. This may run on the submitting thread before {@code submit} returns (a device
     * that completes inline) or on a transport thread; it must not block.
     */
    void completed(BlockRequest request, BlockIoException error);
}
