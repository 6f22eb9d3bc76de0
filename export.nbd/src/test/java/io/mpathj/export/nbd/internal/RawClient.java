package io.mpathj.export.nbd.internal;

import static io.mpathj.export.nbd.internal.Nbd.*;

import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** A minimal NBD client speaking raw bytes, for the protocol tests: nothing is checked that the test does not ask. */
final class RawClient implements AutoCloseable {
    final SocketChannel channel;

    /** An option reply: its type and data. */
    record OptionReply(int option, int type, byte[] data) {
        String text() {
            return new String(data, StandardCharsets.UTF_8);
        }
    }

    /** A transmission reply: simple (type -1) or one structured chunk. */
    record Reply(long cookie, int error, int type, int flags, byte[] data) {
    }

    RawClient(Path socket) throws IOException {
        channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(socket));
    }

    /** Reads the server's greeting; returns the handshake flags. */
    int greeting() throws IOException {
        ByteBuffer b = read(18);
        if (b.getLong() != NBDMAGIC || b.getLong() != IHAVEOPT) {
            throw new IOException("not an NBD newstyle server");
        }
        return b.getShort() & 0xFFFF;
    }

    void clientFlags(int flags) throws IOException {
        write(ByteBuffer.allocate(4).putInt(flags).flip());
    }

    void option(int option, ByteBuffer data) throws IOException {
        int n = data == null ? 0 : data.remaining();
        ByteBuffer b = ByteBuffer.allocate(16 + n).putLong(IHAVEOPT).putInt(option).putInt(n);
        if (data != null) {
            b.put(data);
        }
        write(b.flip());
    }

    OptionReply optionReply() throws IOException {
        ByteBuffer h = read(20);
        if (h.getLong() != REPLY_MAGIC) {
            throw new IOException("bad option reply magic");
        }
        int option = h.getInt();
        int type = h.getInt();
        int n = h.getInt();
        byte[] data = new byte[n];
        read(n).get(data);
        return new OptionReply(option, type, data);
    }

    static ByteBuffer goData(String name, int... infos) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(4 + n.length + 2 + 2 * infos.length).putInt(n.length).put(n)
                .putShort((short) infos.length);
        for (int i : infos) {
            b.putShort((short) i);
        }
        return b.flip();
    }

    /** Handshake up to the transmission phase with NBD_OPT_GO (and structured replies when asked). */
    RawClient connect(String export, boolean structured) throws IOException {
        greeting();
        clientFlags(FLAG_C_FIXED_NEWSTYLE | FLAG_C_NO_ZEROES);
        if (structured) {
            option(OPT_STRUCTURED_REPLY, null);
            expect(optionReply(), REP_ACK);
        }
        option(OPT_GO, goData(export, INFO_BLOCK_SIZE));
        OptionReply r;
        while ((r = optionReply()).type() == REP_INFO) {
            // information
        }
        expect(r, REP_ACK);
        return this;
    }

    private static void expect(OptionReply r, int type) throws IOException {
        if (r.type() != type) {
            throw new IOException("option " + r.option() + " answered " + Integer.toHexString(r.type()) + ": "
                    + r.text());
        }
    }

    void request(int flags, int type, long cookie, long offset, int length, ByteBuffer payload) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(28).putInt(REQUEST_MAGIC).putShort((short) flags).putShort((short) type)
                .putLong(cookie).putLong(offset).putInt(length).flip();
        if (payload == null) {
            write(b);
        } else {
            write(ByteBuffer.allocate(28 + payload.remaining()).put(b).put(payload).flip());
        }
    }

    /** A simple reply; {@code readLength} data bytes follow a successful read. */
    Reply simpleReply(int readLength) throws IOException {
        ByteBuffer h = read(16);
        if (h.getInt() != SIMPLE_REPLY_MAGIC) {
            throw new IOException("bad simple reply magic");
        }
        int error = h.getInt();
        long cookie = h.getLong();
        byte[] data = new byte[error == 0 ? readLength : 0];
        read(data.length).get(data);
        return new Reply(cookie, error, -1, 0, data);
    }

    /** One reply of either kind, told apart by its magic. */
    Reply anyReply(int readLength) throws IOException {
        ByteBuffer m = read(4);
        int magic = m.getInt();
        if (magic == SIMPLE_REPLY_MAGIC) {
            ByteBuffer h = read(12);
            int error = h.getInt();
            long cookie = h.getLong();
            return new Reply(cookie, error, -1, 0, new byte[0]);
        }
        if (magic != STRUCTURED_REPLY_MAGIC) {
            throw new IOException("bad reply magic " + Integer.toHexString(magic));
        }
        ByteBuffer h = read(16);
        int flags = h.getShort() & 0xFFFF;
        int type = h.getShort() & 0xFFFF;
        long cookie = h.getLong();
        int n = h.getInt();
        ByteBuffer p = read(n);
        int error = 0;
        byte[] data;
        if (type == REPLY_TYPE_ERROR) {
            error = p.getInt();
            data = new byte[p.getShort() & 0xFFFF];
            p.get(data);
        } else if (type == REPLY_TYPE_OFFSET_DATA) {
            p.getLong();
            data = new byte[n - 8];
            p.get(data);
        } else {
            data = new byte[0];
        }
        return new Reply(cookie, error, type, flags, data);
    }

    void write(ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            channel.write(b);
        }
    }

    ByteBuffer read(int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            if (channel.read(b) < 0) {
                throw new EOFException("closed by the server after " + b.position() + " of " + n + " bytes");
            }
        }
        return b.flip();
    }

    /** Whether the server closed the connection: reads until end of stream (bytes before it are ignored). */
    boolean closedByServer() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4096);
        try {
            while (true) {
                b.clear();
                if (channel.read(b) < 0) {
                    return true;
                }
            }
        } catch (IOException e) {
            return e.getMessage() != null && e.getMessage().contains("reset");
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
