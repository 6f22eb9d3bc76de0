package io.mpathj.core.testing;

/** A logical unit's contents in memory, shared by every path to it. */
public final class MemoryDisk {
    final byte[] data;
    final int blockSize;

    public MemoryDisk(int blockSize, int blocks) {
        this.blockSize = blockSize;
        this.data = new byte[blockSize * blocks];
    }

    public long blocks() {
        return data.length / blockSize;
    }

    public byte[] block(long lba) {
        byte[] b = new byte[blockSize];
        synchronized (data) {
            System.arraycopy(data, (int) (lba * blockSize), b, 0, blockSize);
        }
        return b;
    }
}
