package io.mpathj.export.nbd.internal;

import static io.mpathj.export.nbd.internal.Nbd.*;

import io.mpathj.api.InvalidArgumentsException;
import io.mpathj.api.block.BlockIoException;
import io.mpathj.api.map.MapView;
import io.mpathj.api.map.OpenMap;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client: the fixed newstyle handshake, then the transmission phase. One thread reads requests and submits them
 * to the map; a reply is written by whoever completes its request: on the reading thread (a map that completes
 * inline) it joins a batch written before the thread next waits for input; on another thread (a transport's) it is
 * written at once by that thread, with the replies queued meanwhile, in one non-blocking gathering write. The socket
 * is non-blocking so that a map's thread never waits on it: what the socket does not take, or a write another thread
 * is doing, is left to the thread writing or to one pool thread that waits for the socket. The reading thread waits
 * for input (and for room to write its own batch) in selectors of its own.
 *
 * <p>Ordering: requests run concurrently and are answered as they complete. A FLUSH is answered once every write
 * (WRITE, WRITE_ZEROES) received before it on this connection completed; the map has no cache, so a completed write
 * is on the array, FUA holds for every write and a flush's effect is visible on every connection
 * (NBD_FLAG_CAN_MULTI_CONN).
 */
final class Connection {
    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);
    private static final int MIN_CLASS = 12;
    /** Buffers up to 1 MiB are kept for the next request; larger ones (up to 32 MiB) go back to the collector. */
    private static final int MAX_POOLED_CLASS = 20;
    /**
     * At most this many requests, or requests holding this many payload bytes, are in flight per connection; the
     * reader waits for completions before it takes the next request (TCP's flow control does the rest).
     */
    static final int MAX_INFLIGHT = 256;
    static final long MAX_INFLIGHT_BYTES = 128L << 20;
    private static final int OUTBOX_BATCH = 64;
    private static final int MAX_SKIPPED_OPTION = 1 << 20;

    private final NbdServer server;
    private final SocketChannel channel;
    private final int id;
    private final ByteBuffer in = ByteBuffer.allocateDirect(256 * 1024).flip();
    private final ReentrantLock writeLock = new ReentrantLock();
    @SuppressWarnings("unchecked")
    private final ConcurrentLinkedQueue<Op>[] pools = new ConcurrentLinkedQueue[26];
    private final List<Op> outbox = new ArrayList<>();
    /** Replies completed on other threads, waiting for whoever writes next. */
    private final ConcurrentLinkedQueue<Op> foreign = new ConcurrentLinkedQueue<>();
    /** Replies taken for writing and not fully written yet (the first may be partly written); under writeLock. */
    private final ArrayDeque<Op> unsent = new ArrayDeque<>();
    private final ByteBuffer[] gather = new ByteBuffer[OUTBOX_BATCH];
    /** A pool thread is (to be) waiting for the socket to take the unsent replies. */
    private final AtomicBoolean poolWriting = new AtomicBoolean();
    /** {@code unsent.size()} as the last writer left it, for the pool thread's look after unlocking. */
    private volatile int unsentSize;
    private final AtomicInteger inflight = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong inflightBytes = new java.util.concurrent.atomic.AtomicLong();
    private final AtomicBoolean released = new AtomicBoolean();
    private final Object flushLock = new Object();
    private final TreeSet<Long> pendingWrites = new TreeSet<>();
    private final ArrayDeque<Op> flushes = new ArrayDeque<>();
    private Thread reader;
    private Selector readable;
    /** Opened the first time a writer must wait for the socket; used under writeLock. */
    private Selector writable;
    /** The last attempt to read found nothing: the next wait for input starts in the selector. */
    private boolean quiet;
    private boolean noZeroes;
    private boolean structured;
    private boolean transmitting;
    private long writeSequence;
    private volatile boolean waitingForInflight;
    private volatile boolean waitingForRoom;
    private volatile boolean ending;
    private volatile Export export;
    private volatile OpenMap open;
    private int blockSize;
    private long size;

    Connection(NbdServer server, SocketChannel channel, int id) {
        this.server = server;
        this.channel = channel;
        this.id = id;
        for (int i = 0; i < pools.length; i++) {
            pools[i] = new ConcurrentLinkedQueue<>();
        }
    }

    int id() {
        return id;
    }

    /** Ends the connection now (unexport, server stop): requests in flight still complete inside the map. */
    void disconnect() {
        end();
    }

    /** Closes the socket: the client sees the end at once, a thread waiting in a selector wakes up and fails. */
    private void end() {
        try {
            channel.shutdownInput();
            channel.shutdownOutput();
        } catch (IOException e) {
            // closed already or never connected: closing anyway
        }
        NbdServer.closeQuietly(channel);
        Selector r = readable;
        if (r != null) {
            r.wakeup();
        }
        Selector w = writable;
        if (w != null) {
            w.wakeup();
        }
    }

    void run() {
        reader = Thread.currentThread();
        boolean soft = false;
        try {
            channel.configureBlocking(false);
            readable = Selector.open();
            channel.register(readable, SelectionKey.OP_READ);
            if (handshake()) {
                transmission();
                soft = true;
            }
        } catch (ProtocolException e) {
            LOG.info("NBD client {}: {}; disconnected", id, e.getMessage());
        } catch (EOFException | ClosedChannelException e) {
            LOG.debug("NBD client {} gone", id);
        } catch (IOException | RuntimeException e) {
            LOG.info("NBD client {}: {}; disconnected", id, e.toString());
        } finally {
            flushOutbox();
            if (soft) {
                awaitInflight();
            }
            end();
            closeSelectors();
            ending = true;
            maybeRelease();
        }
    }

    /** The socket's descriptor is released once no selector holds it any more. */
    private void closeSelectors() {
        if (readable != null) {
            NbdServer.closeQuietly(readable);
        }
        writeLock.lock();
        try {
            if (writable != null) {
                NbdServer.closeQuietly(writable);
            }
        } finally {
            writeLock.unlock();
        }
    }

    // ---- input

    /** Makes {@code n} bytes readable in {@link #in}, reading (after writing the waiting replies) when needed. */
    private void need(int n) throws IOException {
        if (in.remaining() >= n) {
            return;
        }
        if (transmitting) {
            flushOutbox();
        }
        if (in.capacity() - in.position() < n) {
            in.compact().flip();
        }
        int start = in.position();
        in.position(in.limit()).limit(in.capacity());
        try {
            while (in.position() - start < n) {
                readSome(in);
            }
        } finally {
            in.limit(in.position()).position(start);
        }
    }

    private void skip(long n) throws IOException {
        while (n > 0) {
            int chunk = (int) Math.min(n, in.capacity() / 2);
            need(chunk);
            in.position(in.position() + chunk);
            n -= chunk;
        }
    }

    // ---- handshake

    /** The handshake; true when the transmission phase starts, false after NBD_OPT_ABORT. */
    private boolean handshake() throws IOException {
        ByteBuffer hello = ByteBuffer.allocate(18).putLong(NBDMAGIC).putLong(IHAVEOPT)
                .putShort((short) (FLAG_FIXED_NEWSTYLE | FLAG_NO_ZEROES));
        writeNow(hello.flip());
        need(4);
        int clientFlags = in.getInt();
        if ((clientFlags & ~(FLAG_C_FIXED_NEWSTYLE | FLAG_C_NO_ZEROES)) != 0) {
            throw new ProtocolException("unknown client flags 0x" + Integer.toHexString(clientFlags));
        }
        noZeroes = (clientFlags & FLAG_C_NO_ZEROES) != 0;
        while (true) {
            need(16);
            long magic = in.getLong();
            if (magic != IHAVEOPT) {
                throw new ProtocolException("option without IHAVEOPT magic (0x" + Long.toHexString(magic) + ")");
            }
            int option = in.getInt();
            long length = in.getInt() & 0xFFFFFFFFL;
            if (length > MAX_OPTION) {
                if (length > MAX_SKIPPED_OPTION) {
                    throw new ProtocolException("option " + option + " of " + length + " bytes");
                }
                skip(length);
                optionReply(option, REP_ERR_TOO_BIG, text("option data of " + length + " bytes is too long"));
                continue;
            }
            need((int) length);
            ByteBuffer data = in.slice(in.position(), (int) length);
            in.position(in.position() + (int) length);
            switch (option) {
                case OPT_EXPORT_NAME:
                    exportName(data);
                    return true;
                case OPT_ABORT:
                    optionReply(option, REP_ACK, null);
                    return false;
                case OPT_LIST:
                    list(data);
                    break;
                case OPT_STRUCTURED_REPLY:
                    if (data.hasRemaining()) {
                        optionReply(option, REP_ERR_INVALID, text("NBD_OPT_STRUCTURED_REPLY takes no data"));
                    } else {
                        structured = true;
                        optionReply(option, REP_ACK, null);
                    }
                    break;
                case OPT_INFO:
                case OPT_GO:
                    if (infoOrGo(option, data)) {
                        return true;
                    }
                    break;
                default:
                    optionReply(option, REP_ERR_UNSUP, text("option " + option + " is not supported"));
            }
        }
    }

    private void exportName(ByteBuffer data) throws IOException {
        String name = StandardCharsets.UTF_8.decode(data).toString();
        Optional<Export> e = exportFor(name);
        if (e.isEmpty()) {
            throw new ProtocolException("NBD_OPT_EXPORT_NAME: no export named '" + name + "'");
        }
        try {
            attach(e.get());
        } catch (InvalidArgumentsException x) {
            throw new ProtocolException("NBD_OPT_EXPORT_NAME " + name + ": " + x.getMessage());
        }
        ByteBuffer b = ByteBuffer.allocate(10 + (noZeroes ? 0 : 124)).putLong(size)
                .putShort((short) transmissionFlags());
        writeNow(b.position(b.capacity()).flip());
    }

    private void list(ByteBuffer data) throws IOException {
        if (data.hasRemaining()) {
            optionReply(OPT_LIST, REP_ERR_INVALID, text("NBD_OPT_LIST takes no data"));
            return;
        }
        for (String name : server.exportNames()) {
            byte[] n = name.getBytes(StandardCharsets.UTF_8);
            optionReply(OPT_LIST, REP_SERVER, ByteBuffer.allocate(4 + n.length).putInt(n.length).put(n).flip());
        }
        optionReply(OPT_LIST, REP_ACK, null);
    }

    /** NBD_OPT_INFO or NBD_OPT_GO; true when GO succeeded. */
    private boolean infoOrGo(int option, ByteBuffer data) throws IOException {
        if (data.remaining() < 6) {
            optionReply(option, REP_ERR_INVALID, text("option data shorter than 6 bytes"));
            return false;
        }
        long nameLength = data.getInt() & 0xFFFFFFFFL;
        if (nameLength > data.remaining() - 2) {
            optionReply(option, REP_ERR_INVALID, text("export name length " + nameLength + " beyond the option"));
            return false;
        }
        String name = StandardCharsets.UTF_8.decode(data.slice(data.position(), (int) nameLength)).toString();
        data.position(data.position() + (int) nameLength);
        int requests = data.getShort() & 0xFFFF;
        if (data.remaining() != 2 * requests) {
            optionReply(option, REP_ERR_INVALID, text(requests + " information requests but " + data.remaining()
                    + " bytes for them"));
            return false;
        }
        Set<Integer> asked = new HashSet<>();
        for (int i = 0; i < requests; i++) {
            asked.add(data.getShort() & 0xFFFF);
        }
        Optional<Export> e = exportFor(name);
        Optional<MapView> view = e.flatMap(x -> server.describe(x.name));
        if (view.isEmpty()) {
            optionReply(option, REP_ERR_UNKNOWN, text("no export named '" + name + "' (exports: "
                    + String.join(", ", server.exportNames()) + ")"));
            return false;
        }
        int bs = view.get().blockSize();
        long bytes = view.get().sizeBytes();
        if (option == OPT_GO) {
            try {
                attach(e.get());
            } catch (InvalidArgumentsException x) {
                optionReply(option, REP_ERR_UNKNOWN, text(name + ": " + x.getMessage()));
                return false;
            }
            bs = blockSize;
            bytes = size;
        }
        optionReply(option, REP_INFO, ByteBuffer.allocate(12).putShort((short) INFO_EXPORT).putLong(bytes)
                .putShort((short) transmissionFlags()).flip());
        if (asked.contains(INFO_NAME)) {
            byte[] n = e.get().name.getBytes(StandardCharsets.UTF_8);
            optionReply(option, REP_INFO, ByteBuffer.allocate(2 + n.length).putShort((short) INFO_NAME).put(n)
                    .flip());
        }
        // always sent: requests must be whole logical blocks, a constraint stricter than the default of 1
        optionReply(option, REP_INFO, ByteBuffer.allocate(14).putShort((short) INFO_BLOCK_SIZE).putInt(bs)
                .putInt(Math.max(bs, PREFERRED_BLOCK)).putInt(MAX_PAYLOAD).flip());
        optionReply(option, REP_ACK, null);
        return option == OPT_GO;
    }

    /** The export a name chooses; the empty name is the default export: the only one, when there is one. */
    private Optional<Export> exportFor(String name) {
        if (name.isEmpty()) {
            List<String> names = server.exportNames();
            return names.size() == 1 ? server.find(names.get(0)) : Optional.empty();
        }
        return server.find(name);
    }

    private void attach(Export e) throws InvalidArgumentsException {
        OpenMap o = server.attach(e, this);
        export = e;
        open = o;
        blockSize = o.blockSize();
        size = o.blockCount() * o.blockSize();
    }

    private int transmissionFlags() {
        return FLAG_HAS_FLAGS | FLAG_SEND_FLUSH | FLAG_SEND_FUA | FLAG_SEND_TRIM | FLAG_SEND_WRITE_ZEROES
                | FLAG_CAN_MULTI_CONN | (structured ? FLAG_SEND_DF : 0);
    }

    private static ByteBuffer text(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    private void optionReply(int option, int type, ByteBuffer data) throws IOException {
        int n = data == null ? 0 : data.remaining();
        ByteBuffer b = ByteBuffer.allocate(20 + n).putLong(REPLY_MAGIC).putInt(option).putInt(type).putInt(n);
        if (data != null) {
            b.put(data);
        }
        writeNow(b.flip());
    }

    private void writeNow(ByteBuffer b) throws IOException {
        writeLock.lock();
        try {
            while (b.hasRemaining()) {
                if (channel.write(b) == 0) {
                    awaitWritable();
                }
            }
        } finally {
            writeLock.unlock();
        }
    }

    /** Waits until the socket takes bytes again; under writeLock. */
    private void awaitWritable() throws IOException {
        if (writable == null) {
            writable = Selector.open();
            channel.register(writable, SelectionKey.OP_WRITE);
        }
        writable.select(1000);
        writable.selectedKeys().clear();
        if (!channel.isOpen()) {
            throw new ClosedChannelException();
        }
    }

    // ---- transmission

    private void transmission() throws IOException {
        transmitting = true;
        Export e = export;
        while (true) {
            need(REQUEST_HEADER);
            int magic = in.getInt();
            if (magic != REQUEST_MAGIC) {
                throw new ProtocolException("request without NBD_REQUEST_MAGIC (0x" + Integer.toHexString(magic)
                        + ")");
            }
            int flags = in.getShort() & 0xFFFF;
            int type = in.getShort() & 0xFFFF;
            long cookie = in.getLong();
            long offset = in.getLong();
            long length = in.getInt() & 0xFFFFFFFFL;
            if (type == CMD_DISC) {
                return;
            }
            if (type == CMD_WRITE && length > MAX_PAYLOAD) {
                throw new ProtocolException("write of " + length + " bytes, more than the maximum payload "
                        + MAX_PAYLOAD);
            }
            e.requests.increment();
            String invalid = check(type, flags, offset, length);
            boolean carriesData = (type == CMD_READ || type == CMD_WRITE) && invalid == null;
            Op op = take(carriesData || type == CMD_WRITE ? (int) length : 0);
            awaitRoom(op.buffer.capacity());
            op.type = type;
            op.flags = flags;
            op.cookie = cookie;
            op.offset = offset;
            op.length = length;
            op.error = 0;
            op.message = null;
            if (type == CMD_WRITE) {
                receive(op.data((int) length));
            }
            if (invalid != null) {
                op.error = type == CMD_WRITE || type == CMD_WRITE_ZEROES ? rangeErrno(offset, length) : EINVAL;
                op.message = invalid;
                reply(op);
                continue;
            }
            dispatch(op);
        }
    }

    private int rangeErrno(long offset, long length) {
        boolean aligned = offset % blockSize == 0 && length % blockSize == 0;
        return aligned && (offset > size || length > size - offset) ? ENOSPC : EINVAL;
    }

    /** Why a request is refused before it reaches the map, or null. */
    private String check(int type, int flags, long offset, long length) {
        int allowed = CMD_FLAG_FUA;
        switch (type) {
            case CMD_READ:
                allowed |= structured ? CMD_FLAG_DF : 0;
                break;
            case CMD_WRITE_ZEROES:
                allowed |= CMD_FLAG_NO_HOLE;
                break;
            case CMD_WRITE:
            case CMD_TRIM:
                break;
            case CMD_FLUSH:
                return offset != 0 || length != 0 ? "NBD_CMD_FLUSH with a nonzero offset or length" : flagsProblem(
                        flags, allowed);
            default:
                return "command " + type + " is not supported";
        }
        String f = flagsProblem(flags, allowed);
        if (f != null) {
            return f;
        }
        if (offset % blockSize != 0 || length % blockSize != 0) {
            return "offset " + offset + " and length " + length + " must be multiples of the block size "
                    + blockSize;
        }
        if (offset > size || length > size - offset) {
            return "offset " + offset + " + length " + length + " is beyond the end of the export (" + size
                    + " bytes)";
        }
        if (type == CMD_READ && length > MAX_PAYLOAD) {
            return "read of " + length + " bytes, more than the maximum payload " + MAX_PAYLOAD;
        }
        return null;
    }

    private static String flagsProblem(int flags, int allowed) {
        return (flags & ~allowed) != 0 ? "command flags 0x" + Integer.toHexString(flags & ~allowed)
                + " are not valid here" : null;
    }

    /** Reads a write's payload into its op: what is buffered already, then the rest straight from the socket. */
    private void receive(ByteBuffer dst) throws IOException {
        int buffered = Math.min(in.remaining(), dst.remaining());
        dst.put(in.slice(in.position(), buffered));
        in.position(in.position() + buffered);
        while (dst.hasRemaining()) {
            readSome(dst);
        }
    }

    /**
     * Reads at least one byte, waiting in the selector while the socket has none. After an attempt that found
     * nothing (the client waits for a reply: QD 1) the next wait starts in the selector, until a read brings more
     * than one request header (the client keeps requests coming: read first).
     */
    private void readSome(ByteBuffer dst) throws IOException {
        int n = 0;
        if (!quiet) {
            n = channel.read(dst);
            quiet = n == 0;
        }
        while (n == 0) {
            readable.select();
            readable.selectedKeys().clear();
            n = channel.read(dst);
            if (n > 0) {
                quiet = n < 2 * REQUEST_HEADER;
            }
        }
        if (n < 0) {
            throw new EOFException();
        }
    }

    private void dispatch(Op op) {
        int n = (int) Math.min(op.length, Integer.MAX_VALUE);
        switch (op.type) {
            case CMD_READ:
            case CMD_WRITE:
                boolean write = op.type == CMD_WRITE;
                if (write) {
                    op.sequence = startWrite();
                }
                if (n == 0) {
                    completed(op, null);
                } else {
                    long lba = op.offset / blockSize;
                    submit(op, write ? op.request.write(lba, op.data(n)) : op.request.read(lba, op.data(n)));
                }
                break;
            case CMD_WRITE_ZEROES:
                op.sequence = startWrite();
                op.zeroNext = op.offset;
                op.zeroWork.set(0);
                zeroes(op);
                break;
            case CMD_TRIM:
                // the map has no discard: a trim is a hint a server may ignore (proto.md), after its checks
                reply(op);
                break;
            case CMD_FLUSH:
                flush(op);
                break;
            default:
                throw new IllegalStateException("unchecked command " + op.type);
        }
    }

    private void submit(Op op, io.mpathj.api.block.BlockRequest request) {
        try {
            open.submit(request);
        } catch (RuntimeException x) {
            completed(op, new BlockIoException(BlockIoException.Reason.DEVICE_ERROR, x.toString()));
        }
    }

    /** WRITE_ZEROES: chunk after chunk from the shared zero buffer, looping instead of recursing on inline ends. */
    private void zeroes(Op op) {
        if (op.zeroWork.getAndIncrement() != 0) {
            return;
        }
        do {
            long left = op.offset + op.length - op.zeroNext;
            if (op.error != 0 || left == 0) {
                finishWrite(op);
                return;
            }
            int n = (int) Math.min(left, server.zeroes.capacity());
            long lba = op.zeroNext / blockSize;
            op.zeroNext += n;
            submit(op, op.request.write(lba, server.zeroes.duplicate().limit(n)));
        } while (op.zeroWork.decrementAndGet() != 0);
    }

    /** A map request ended. */
    void completed(Op op, BlockIoException e) {
        if (e != null && op.error == 0) {
            op.error = e.reason() == BlockIoException.Reason.INVALID_REQUEST ? EINVAL : EIO;
            op.message = e.getMessage();
        }
        if (op.type == CMD_WRITE_ZEROES) {
            zeroes(op);
        } else if (op.type == CMD_WRITE) {
            finishWrite(op);
        } else {
            reply(op);
        }
    }

    private long startWrite() {
        long seq = writeSequence++;
        synchronized (flushLock) {
            pendingWrites.add(seq);
        }
        return seq;
    }

    private void finishWrite(Op op) {
        List<Op> ready = null;
        synchronized (flushLock) {
            pendingWrites.remove(op.sequence);
            while (!flushes.isEmpty() && (pendingWrites.isEmpty()
                    || pendingWrites.first() >= flushes.peekFirst().sequence)) {
                if (ready == null) {
                    ready = new ArrayList<>(2);
                }
                ready.add(flushes.pollFirst());
            }
        }
        reply(op);
        if (ready != null) {
            ready.forEach(this::reply);
        }
    }

    /** Answered once the writes received before it completed (each is then on the array: there is no cache). */
    private void flush(Op op) {
        op.sequence = writeSequence;
        synchronized (flushLock) {
            if (!pendingWrites.isEmpty() && pendingWrites.first() < op.sequence) {
                flushes.addLast(op);
                return;
            }
        }
        reply(op);
    }

    // ---- replies

    private void reply(Op op) {
        Export e = export;
        ByteBuffer b = op.buffer;
        if (op.error != 0) {
            e.errors.increment();
            if (structured) {
                byte[] m = op.message == null ? new byte[0] : op.message.getBytes(StandardCharsets.UTF_8);
                int mlen = Math.min(m.length, b.capacity() - 26);
                b.clear().putInt(STRUCTURED_REPLY_MAGIC).putShort((short) REPLY_FLAG_DONE)
                        .putShort((short) REPLY_TYPE_ERROR).putLong(op.cookie).putInt(6 + mlen).putInt(op.error)
                        .putShort((short) mlen).put(m, 0, mlen);
                op.reply = b.flip();
            } else {
                op.reply = simple(b, op.error, op.cookie);
            }
        } else if (op.type == CMD_READ && op.length > 0) {
            e.bytesRead.add(op.length);
            int end = Op.HEADER_ROOM + (int) op.length;
            if (structured) {
                b.clear().position(Op.HEADER_ROOM - 28);
                b.putInt(STRUCTURED_REPLY_MAGIC).putShort((short) REPLY_FLAG_DONE)
                        .putShort((short) REPLY_TYPE_OFFSET_DATA).putLong(op.cookie).putInt(8 + (int) op.length)
                        .putLong(op.offset);
                op.reply = b.limit(end).position(Op.HEADER_ROOM - 28);
            } else {
                b.clear().position(Op.HEADER_ROOM - 16);
                b.putInt(SIMPLE_REPLY_MAGIC).putInt(0).putLong(op.cookie);
                op.reply = b.limit(end).position(Op.HEADER_ROOM - 16);
            }
        } else if (op.type == CMD_READ && structured) {
            b.clear().putInt(STRUCTURED_REPLY_MAGIC).putShort((short) REPLY_FLAG_DONE)
                    .putShort((short) REPLY_TYPE_NONE).putLong(op.cookie).putInt(0);
            op.reply = b.flip();
        } else {
            if (op.type == CMD_WRITE || op.type == CMD_WRITE_ZEROES) {
                e.bytesWritten.add(op.length);
            }
            op.reply = simple(b, 0, op.cookie);
        }
        send(op);
    }

    private static ByteBuffer simple(ByteBuffer b, int error, long cookie) {
        return b.clear().putInt(SIMPLE_REPLY_MAGIC).putInt(error).putLong(cookie).flip();
    }

    private void send(Op op) {
        if (Thread.currentThread() == reader) {
            outbox.add(op);
            if (outbox.size() >= OUTBOX_BATCH) {
                flushOutbox();
            }
            return;
        }
        foreign.add(op);
        writeForeign(false);
    }

    /** The reading thread's batch, with whatever else is waiting; this thread may wait for the socket. */
    private void flushOutbox() {
        if (outbox.isEmpty()) {
            return;
        }
        List<Op> done = new ArrayList<>(outbox.size());
        writeLock.lock();
        try {
            unsent.addAll(outbox);
            outbox.clear();
            writeOut(true, done);
        } finally {
            writeLock.unlock();
        }
        done.forEach(this::recycle);
        writeForeign(true); // replies that came in while the lock was held
    }

    /**
     * Writes the replies waiting, unless another thread is writing (it writes them after it lets go of the lock:
     * each holder looks at the queue again after unlocking). A thread that may not wait ({@code mayWait} false: a
     * map's) leaves what the socket does not take to one pool thread.
     */
    private void writeForeign(boolean mayWait) {
        while (!foreign.isEmpty()) {
            if (!writeLock.tryLock()) {
                return;
            }
            List<Op> done = new ArrayList<>();
            boolean all;
            try {
                all = writeOut(mayWait, done);
            } finally {
                writeLock.unlock();
            }
            done.forEach(this::recycle);
            if (!all) {
                handToPool();
                return;
            }
        }
    }

    /** The socket is full: one pool thread waits for it and writes the rest (and what comes meanwhile). */
    private void handToPool() {
        if (!poolWriting.compareAndSet(false, true)) {
            return;
        }
        Runnable drain = () -> {
            while (true) {
                List<Op> done = new ArrayList<>();
                writeLock.lock();
                try {
                    writeOut(true, done);
                } finally {
                    writeLock.unlock();
                }
                done.forEach(this::recycle);
                poolWriting.set(false);
                // a map's thread that found the lock held, or the socket full, meanwhile left its replies to us
                if ((foreign.isEmpty() && unsentSize == 0) || !poolWriting.compareAndSet(false, true)) {
                    return;
                }
            }
        };
        try {
            server.execute(drain);
        } catch (RejectedExecutionException x) {
            drain.run(); // the server is stopping: the socket is closed, the write fails at once
        }
    }

    /**
     * Under writeLock: writes the unsent replies and the foreign ones in gathering writes as far as the socket
     * takes them (waiting for it when {@code mayWait}); the ops fully written (or dropped because the socket failed)
     * go to {@code done}, to be recycled after unlocking. False when replies are left unsent.
     */
    private boolean writeOut(boolean mayWait, List<Op> done) {
        try {
            return writeUnsent(mayWait, done);
        } finally {
            unsentSize = unsent.size();
        }
    }

    private boolean writeUnsent(boolean mayWait, List<Op> done) {
        try {
            while (true) {
                Op op;
                while (unsent.size() < OUTBOX_BATCH && (op = foreign.poll()) != null) {
                    unsent.add(op);
                }
                if (unsent.isEmpty()) {
                    return true;
                }
                if (!channel.isOpen()) {
                    throw new ClosedChannelException();
                }
                int count = 0;
                for (Op o : unsent) {
                    if (count == OUTBOX_BATCH) {
                        break;
                    }
                    gather[count++] = o.reply;
                }
                long written = channel.write(gather, 0, count);
                java.util.Arrays.fill(gather, 0, count, null);
                while (!unsent.isEmpty() && !unsent.peekFirst().reply.hasRemaining()) {
                    done.add(unsent.pollFirst());
                }
                if (written == 0 && !unsent.isEmpty()) {
                    if (!mayWait) {
                        return false;
                    }
                    awaitWritable();
                }
            }
        } catch (IOException x) {
            LOG.debug("NBD client {}: replies not sent: {}", id, x.toString());
            end();
            done.addAll(unsent);
            unsent.clear();
            Op op;
            while ((op = foreign.poll()) != null) {
                done.add(op);
            }
            return true;
        }
    }

    // ---- ops and the end

    private Op take(int length) {
        int cls = Math.max(MIN_CLASS, 32 - Integer.numberOfLeadingZeros(Math.max(length, 1) - 1));
        Op op = pools[cls].poll();
        return op != null ? op : new Op(this, cls);
    }

    private void recycle(Op op) {
        op.reply = null;
        inflightBytes.addAndGet(-op.buffer.capacity());
        if (op.sizeClass <= MAX_POOLED_CLASS) {
            pools[op.sizeClass].offer(op);
        }
        int left = inflight.decrementAndGet();
        if (waitingForRoom) {
            synchronized (this) {
                notifyAll();
            }
        }
        if (left == 0) {
            if (waitingForInflight) {
                synchronized (this) {
                    notifyAll();
                }
            }
            if (ending) {
                maybeRelease();
            }
        }
    }

    /**
     * Counts a request in flight, first waiting (after sending the replies ready) while the connection is at its
     * bound of requests or bytes; one request is always let through, whatever its size.
     */
    private void awaitRoom(int bytes) {
        if (inflight.get() >= MAX_INFLIGHT || inflightBytes.get() + bytes > MAX_INFLIGHT_BYTES) {
            flushOutbox();
            synchronized (this) {
                waitingForRoom = true;
                try {
                    while (inflight.get() > 0 && (inflight.get() >= MAX_INFLIGHT
                            || inflightBytes.get() + bytes > MAX_INFLIGHT_BYTES)) {
                        wait();
                    }
                } catch (InterruptedException x) {
                    Thread.currentThread().interrupt();
                } finally {
                    waitingForRoom = false;
                }
            }
        }
        inflightBytes.addAndGet(bytes);
        inflight.incrementAndGet();
    }

    /** After NBD_CMD_DISC: every request received is answered before the connection closes (proto.md). */
    private synchronized void awaitInflight() {
        waitingForInflight = true;
        while (inflight.get() > 0) {
            try {
                wait();
            } catch (InterruptedException x) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Gives the map back once the connection ended and its last request completed. */
    private void maybeRelease() {
        if (inflight.get() == 0 && released.compareAndSet(false, true)) {
            Export e = export;
            OpenMap o = open;
            if (o != null) {
                o.close();
            }
            if (e != null) {
                e.clients.remove(this);
            }
        }
    }
}
