package io.mpathj.storage.sim.internal;

import java.nio.ByteBuffer;

/**
 * An LU in memory: 1 MiB segments allocated on first write (unwritten space reads as zeros). Each segment is copied
 * under one of 64 striped monitors, so I/O to different regions never contends and nothing allocates per transfer.
 */
final class MemoryBlockStore implements BlockStore {
    private static final int SEGMENT_SHIFT = 20;
    private static final int SEGMENT_SIZE = 1 << SEGMENT_SHIFT;
    private static final int STRIPES = 64;

    private final byte[][] segments;
    private final Object[] stripes = new Object[STRIPES];

    MemoryBlockStore(long capacityBytes) {
        long count = (capacityBytes + SEGMENT_SIZE - 1) >>> SEGMENT_SHIFT;
        if (count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("capacity too large for memory: " + capacityBytes);
        }
        segments = new byte[(int) count][];
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Object();
        }
    }

    @Override
    public void read(long offset, ByteBuffer dst, int dstIndex, int length) {
        copy(offset, dst, dstIndex, length, false);
    }

    @Override
    public void write(long offset, ByteBuffer src, int srcIndex, int length) {
        copy(offset, src, srcIndex, length, true);
    }

    /** Walks the segments the range covers, copying each under its stripe's monitor. */
    private void copy(long offset, ByteBuffer buf, int index, int length, boolean toStore) {
        while (length > 0) {
            int seg = (int) (offset >>> SEGMENT_SHIFT);
            int within = (int) (offset & (SEGMENT_SIZE - 1));
            int n = Math.min(length, SEGMENT_SIZE - within);
            synchronized (stripes[seg & (STRIPES - 1)]) {
                byte[] s = segments[seg];
                if (toStore) {
                    if (s == null) {
                        s = new byte[SEGMENT_SIZE];
                        segments[seg] = s;
                    }
                    buf.get(index, s, within, n);
                } else if (s == null) {
                    for (int i = 0; i < n; i++) {
                        buf.put(index + i, (byte) 0);
                    }
                } else {
                    buf.put(index, s, within, n);
                }
            }
            offset += n;
            index += n;
            length -= n;
        }
    }

    @Override
    public void close() {
        // memory is reclaimed with the array
    }
}
