package io.mpathj.launcher;

import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * The client protocol on the container's UNIX domain socket: frames of one type byte, a 4-byte length and that many
 * bytes. Client to container: {@link #MODE} ({@code script} or {@code interactive}, first), {@link #LINE} (one
 * command line), {@link #INTERRUPT} (Ctrl-C). Container to client: {@link #OUT} and {@link #ERR} (what the command
 * prints), then {@link #DONE} (the line's outcome: 0 ran or skipped, 1 failed) or {@link #EXIT} (the status asked for
 * by {@code exit N}). Reads and writes go straight to the channel, which allows one reader and one writer at once
 * (the streams of {@code Channels} would serialize them on one lock, and a waiting read would block every write).
 */
final class Frames {
    static final byte MODE = 'M';
    static final byte LINE = 'C';
    static final byte INTERRUPT = 'I';
    static final byte OUT = 'O';
    static final byte ERR = 'E';
    static final byte DONE = 'S';
    static final byte EXIT = 'X';
    private static final int MAX = 1 << 20;

    private final SocketChannel channel;
    private final ByteBuffer header = ByteBuffer.allocate(5);

    /** One received frame. */
    record Frame(byte type, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    /**
     * The socket's path under a home. (Here, not in ControlServer, so a client never loads a class that makes a
     * logger: slf4j would start before the container has set where the log goes.)
     */
    static java.nio.file.Path socketPath(java.nio.file.Path home) {
        return home.resolve("control").resolve("mpathj.sock");
    }

    Frames(SocketChannel channel) {
        this.channel = channel;
    }

    /** The next frame; null at the end of the stream. Called by one thread at a time. */
    Frame read() throws IOException {
        header.clear();
        if (!fill(header, true)) {
            return null;
        }
        header.flip();
        byte type = header.get();
        int length = header.getInt();
        if (length < 0 || length > MAX) {
            throw new IOException("bad frame length " + length + " on the mpathj socket");
        }
        ByteBuffer payload = ByteBuffer.allocate(length);
        fill(payload, false);
        return new Frame(type, payload.array());
    }

    private boolean fill(ByteBuffer b, boolean endAllowed) throws IOException {
        while (b.hasRemaining()) {
            if (channel.read(b) < 0) {
                if (endAllowed && b.position() == 0) {
                    return false;
                }
                throw new EOFException("the mpathj socket closed in the middle of a frame");
            }
        }
        return true;
    }

    synchronized void write(byte type, byte[] payload, int offset, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(5 + length);
        b.put(type).putInt(length).put(payload, offset, length).flip();
        while (b.hasRemaining()) {
            channel.write(b);
        }
    }

    void write(byte type, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        write(type, bytes, 0, bytes.length);
    }

    void writeInt(byte type, int value) throws IOException {
        write(type, Integer.toString(value));
    }

    /** An output stream whose bytes become frames of this type (what a command prints). */
    OutputStream stream(byte type) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (len > 0) {
                    Frames.this.write(type, b, off, len);
                }
            }
        };
    }
}
