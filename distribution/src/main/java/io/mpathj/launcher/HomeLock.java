package io.mpathj.launcher;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One container per home: an exclusive lock on {@code mpathj.lock} in the home, held for the container's life.
 * The kernel releases it when the process ends however it ends (a kill -9 included), so a lock that can be taken
 * is never stale; the file holds the owner's process id for the operator and for the client's messages.
 */
final class HomeLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private HomeLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock, or null when another process (a running container) holds it. */
    static HomeLock tryAcquire(Path home) throws IOException {
        FileChannel channel = FileChannel.open(file(home), StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            return null;
        }
        channel.truncate(0);
        channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
        channel.force(false);
        return new HomeLock(channel, lock);
    }

    /** The process id written by the holder, or "?" when it cannot be read. */
    static String owner(Path home) {
        try {
            String pid = Files.readString(file(home), StandardCharsets.US_ASCII).strip();
            return pid.isEmpty() ? "?" : pid;
        } catch (IOException e) {
            return "?";
        }
    }

    private static Path file(Path home) {
        return home.resolve("mpathj.lock");
    }

    @Override
    public void close() throws IOException {
        lock.release();
        channel.close();
    }
}
