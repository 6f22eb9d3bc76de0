package io.mpathj.transport.iscsi.internal.session;

import io.mpathj.transport.iscsi.internal.pdu.Digests;
import io.mpathj.transport.iscsi.internal.pdu.Pdu;
import io.mpathj.transport.iscsi.internal.pdu.PduDecoder;
import io.mpathj.transport.iscsi.internal.pdu.PduEncoder;
import io.mpathj.transport.iscsi.internal.pdu.ProtocolException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;

/**
 * One TCP connection carrying PDUs, non-blocking on the {@link IoLoop}. It frames and unframes PDUs and reports
 * what happens to a {@link Listener}; it knows nothing about sessions. Used by the holder of the loop's lock only.
 * PDUs are queued and written by the loop before it lets go of its lock: the PDUs of one round (the commands a burst
 * of submissions started, the Data-Out answering several R2Ts) go out in one gathering write.
 */
final class Connection implements IoLoop.ReadyHandler {
    /** Gathering writes hand the kernel at most this many buffers at once. */
    private static final int MAX_GATHER = 64;

    /** What the connection reports, always on the I/O thread. */
    interface Listener {
        void onConnected();

        /** A whole PDU; its data segment is valid only during this call. */
        void onPdu(Pdu pdu);

        /** The connection is gone, for good; called once. */
        void onClosed(String reason);
    }

    private final IoLoop loop;
    private final InetSocketAddress address;
    private final Listener listener;
    private final ByteBuffer receiveBuffer;
    private final ArrayDeque<ByteBuffer> sendQueue = new ArrayDeque<>();
    private final ByteBuffer[] gather = new ByteBuffer[MAX_GATHER];
    private SocketChannel channel;
    private SelectionKey key;
    private IoLoop.Timer connectTimer;
    private Digests digests = Digests.NONE;
    private boolean closed;
    /** PDUs queued since the last flush, and the loop told so. */
    private boolean flushPending;
    /** A write failed on a thread other than the I/O thread; the close it causes is the I/O thread's to do. */
    private boolean writeFailed;

    /** {@code maxPduLength}: the largest PDU the peer may send us, digests included; the receive buffer holds one. */
    Connection(IoLoop loop, InetSocketAddress address, int maxPduLength, Listener listener) {
        this.loop = loop;
        this.address = address;
        this.listener = listener;
        this.receiveBuffer = ByteBuffer.allocateDirect(maxPduLength);
    }

    /** Starts connecting; {@link Listener#onConnected()} or {@link Listener#onClosed} follows. */
    void connect(long timeoutMillis) {
        try {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
            boolean connected = channel.connect(address);
            key = loop.register(channel, connected ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT, this);
            if (connected) {
                listener.onConnected();
            } else {
                connectTimer = loop.schedule(timeoutMillis,
                        () -> close("no TCP connection to " + address + " within " + timeoutMillis + " ms"));
            }
        } catch (IOException | RuntimeException e) {
            close("cannot connect to " + address + ": " + e);
        }
    }

    /** Digests apply from the first full-feature PDU on (RFC 7143 §13.1). */
    void useDigests(Digests negotiated) {
        this.digests = negotiated;
    }

    boolean isClosed() {
        return closed;
    }

    /**
     * Queues a PDU for writing, before the loop lets go of its lock; its data segment must stay unchanged until
     * written.
     */
    void send(Pdu pdu) {
        if (closed) {
            return;
        }
        for (ByteBuffer buffer : PduEncoder.encode(pdu, digests)) {
            sendQueue.add(buffer);
        }
        if (!flushPending) {
            flushPending = true;
            loop.unflushed(this);
        }
    }

    @Override
    public void onReady(SelectionKey readyKey) {
        if (closed) {
            return;
        }
        if (readyKey.isConnectable()) {
            finishConnect();
            return;
        }
        if (readyKey.isReadable()) {
            read();
        }
        if (!closed && readyKey.isValid() && readyKey.isWritable()) {
            flush();
        }
    }

    private void finishConnect() {
        try {
            channel.finishConnect();
            connectTimer.cancel();
            key.interestOps(SelectionKey.OP_READ);
            listener.onConnected();
        } catch (IOException e) {
            close("cannot connect to " + address + ": " + e.getMessage());
        }
    }

    private void read() {
        try {
            int n = channel.read(receiveBuffer);
            if (n < 0) {
                close("connection closed by the target");
                return;
            }
            receiveBuffer.flip();
            Pdu pdu;
            while (!closed && (pdu = PduDecoder.decode(receiveBuffer, digests, receiveBuffer.capacity())) != null) {
                listener.onPdu(pdu);
            }
            receiveBuffer.compact();
        } catch (IOException e) {
            close("read failed: " + e.getMessage());
        } catch (ProtocolException e) {
            close("protocol error: " + e.getMessage());
        }
    }

    /** Writes what the socket takes now; the rest waits for OP_WRITE. */
    void flush() {
        flushPending = false;
        if (closed || writeFailed || key == null) {
            return;
        }
        try {
            while (!sendQueue.isEmpty()) {
                int count = 0;
                for (ByteBuffer buffer : sendQueue) {
                    if (count == MAX_GATHER) {
                        break;
                    }
                    gather[count++] = buffer;
                }
                long written = channel.write(gather, 0, count);
                while (!sendQueue.isEmpty() && !sendQueue.peek().hasRemaining()) {
                    sendQueue.poll();
                }
                if (written == 0) {
                    break;
                }
            }
            java.util.Arrays.fill(gather, null);
            int ops = sendQueue.isEmpty() ? SelectionKey.OP_READ : SelectionKey.OP_READ | SelectionKey.OP_WRITE;
            if (key.interestOps() != ops) {
                key.interestOps(ops);
                loop.wakeIfOther();
            }
        } catch (IOException e) {
            java.util.Arrays.fill(gather, null);
            if (loop.inLoop()) {
                close("write failed: " + e.getMessage());
            } else {
                // an inline submitter: closing would complete every command on its thread, which may hold locks
                writeFailed = true;
                String reason = "write failed: " + e.getMessage();
                loop.execute(() -> close(reason));
            }
        }
    }

    /** Closes the socket and tells the listener, once. Safe to call again. */
    void close(String reason) {
        if (closed) {
            return;
        }
        if (!writeFailed && key != null && !sendQueue.isEmpty() && channel.isConnected()) {
            try {
                // what was queued before the close still goes out as far as the socket takes it (a Logout…)
                channel.write(sendQueue.toArray(new ByteBuffer[0]));
            } catch (IOException e) {
                // closing anyway
            }
        }
        closed = true;
        sendQueue.clear();
        if (connectTimer != null) {
            connectTimer.cancel();
        }
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            reason += " (close: " + e.getMessage() + ")";
        }
        listener.onClosed(reason);
    }
}
