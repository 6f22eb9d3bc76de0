package io.mpathj.storage.sim.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** An LU in a file, through positional reads and writes (thread-safe without locks). Not on the fast path. */
final class FileBlockStore implements BlockStore {
    private final FileChannel channel;

    FileBlockStore(Path file, long capacityBytes) throws IOException {
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        if (channel.size() < capacityBytes) {
            // one byte at the end makes the file the LU's size (sparse where the file system allows)
            channel.write(ByteBuffer.wrap(new byte[1]), capacityBytes - 1);
        }
    }

    @Override
    public void read(long offset, ByteBuffer dst, int dstIndex, int length) throws IOException {
        ByteBuffer window = dst.duplicate().limit(dstIndex + length).position(dstIndex);
        while (window.hasRemaining()) {
            if (channel.read(window, offset + window.position() - dstIndex) < 0) {
                throw new IOException("unexpected end of file");
            }
        }
    }

    @Override
    public void write(long offset, ByteBuffer src, int srcIndex, int length) throws IOException {
        ByteBuffer window = src.duplicate().limit(srcIndex + length).position(srcIndex);
        while (window.hasRemaining()) {
            channel.write(window, offset + window.position() - srcIndex);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
