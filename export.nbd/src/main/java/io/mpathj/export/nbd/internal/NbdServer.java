package io.mpathj.export.nbd.internal;

import io.mpathj.api.InvalidArgumentsException;
import io.mpathj.api.map.Multipath;
import io.mpathj.api.map.OpenMap;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An NBD server for multipath maps: exports named after maps, listeners (UNIX domain sockets, TCP), one thread per
 * connection reading requests and submitting them to the map. Every connection that chose an export holds its map
 * open ({@link Multipath#open}) until it ends and its last request completed.
 */
public final class NbdServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NbdServer.class);
    /** WRITE_ZEROES writes from this (never written to) in chunks of its size. */
    private static final int ZERO_CHUNK = 1 << 20;

    private final Multipath multipath;
    private final Map<String, Export> exports = new TreeMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicInteger connectionIds = new AtomicInteger();
    private final AtomicInteger threadIds = new AtomicInteger();
    private final ExecutorService threads;
    final ByteBuffer zeroes = ByteBuffer.allocateDirect(ZERO_CHUNK);
    private volatile boolean closed;

    private record Listener(ServerSocketChannel channel, SocketAddress address, Path socketFile) {
    }

    public NbdServer(Multipath multipath) {
        this.multipath = multipath;
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "mpathj-nbd-" + threadIds.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Listens on a UNIX domain socket: its folder is created 0700 when missing, a stale socket is replaced and the
     * new one is made 0600, so only this user reaches it.
     */
    public synchronized Path listenUnix(Path socket) throws IOException {
        Path dir = socket.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
        }
        Files.deleteIfExists(socket);
        ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.bind(UnixDomainSocketAddress.of(socket));
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        start(new Listener(channel, UnixDomainSocketAddress.of(socket), socket));
        return socket;
    }

    /** Listens on TCP; returns the address bound (port 0 picks a free port). */
    public synchronized InetSocketAddress listenTcp(InetSocketAddress address) throws IOException {
        ServerSocketChannel channel = ServerSocketChannel.open();
        try {
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.bind(address);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        InetSocketAddress bound = (InetSocketAddress) channel.getLocalAddress();
        start(new Listener(channel, bound, null));
        return bound;
    }

    private void start(Listener listener) {
        listeners.add(listener);
        threads.execute(() -> accept(listener));
        LOG.info("NBD served on {}", describe(listener.address()));
    }

    /** Where clients connect, as NBD URIs ({@code nbd+unix:///?socket=…}, {@code nbd://127.0.0.1:10809}). */
    public List<String> addresses() {
        List<String> out = new ArrayList<>();
        for (Listener l : listeners) {
            out.add(describe(l.address()));
        }
        return out;
    }

    private static String describe(SocketAddress a) {
        if (a instanceof UnixDomainSocketAddress u) {
            return "nbd+unix:///EXPORT?socket=" + u.getPath();
        }
        InetSocketAddress i = (InetSocketAddress) a;
        return "nbd://" + i.getAddress().getHostAddress() + ":" + i.getPort() + "/EXPORT";
    }

    private void accept(Listener listener) {
        while (listener.channel().isOpen()) {
            SocketChannel client;
            try {
                client = listener.channel().accept();
            } catch (IOException e) {
                if (listener.channel().isOpen() && !closed) {
                    LOG.warn("accepting an NBD client on {}: {}", describe(listener.address()), e.toString());
                }
                continue;
            }
            try {
                if (listener.socketFile() == null) {
                    client.setOption(StandardSocketOptions.TCP_NODELAY, true);
                }
                Connection c = new Connection(this, client, connectionIds.incrementAndGet());
                threads.execute(c::run);
            } catch (IOException | RuntimeException e) {
                LOG.warn("NBD client not served: {}", e.toString());
                closeQuietly(client);
            }
        }
    }

    /**
     * Exports a map under its name.
     *
     * @throws InvalidArgumentsException when there is no such map or it is exported already
     */
    public void export(String map) throws InvalidArgumentsException {
        export(map, true);
    }

    /**
     * Exports a map under its name; with {@code mapMustExist} false the export may name a map that does not exist
     * yet (a configured export, read before the map's own file): clients are told it is unknown until it exists.
     */
    public synchronized void export(String map, boolean mapMustExist) throws InvalidArgumentsException {
        if (mapMustExist && multipath.view(map).isEmpty()) {
            throw new InvalidArgumentsException("no map named " + map);
        }
        if (exports.containsKey(map)) {
            throw new InvalidArgumentsException(map + " is exported already");
        }
        exports.put(map, new Export(map));
        LOG.info("map {} exported over NBD", map);
    }

    /**
     * Ends an export: new clients are refused and the connected ones are disconnected (their requests in flight
     * complete first, then each gives its open of the map back). Returns how many clients were disconnected.
     */
    public int unexport(String map) throws InvalidArgumentsException {
        Export e;
        synchronized (this) {
            e = exports.remove(map);
        }
        if (e == null) {
            throw new InvalidArgumentsException(map + " is not exported");
        }
        int n = 0;
        for (Connection c : e.clients) {
            c.disconnect();
            n++;
        }
        LOG.info("map {} no longer exported ({} clients disconnected)", map, n);
        return n;
    }

    /** The exports with their counters, by name. */
    public synchronized List<Export.ExportStats> exports() {
        return exports.values().stream().map(Export::stats).toList();
    }

    synchronized List<String> exportNames() {
        return List.copyOf(exports.keySet());
    }

    synchronized Optional<Export> find(String name) {
        return Optional.ofNullable(exports.get(name));
    }

    /** The size and block size of an export, or empty when it is not exported or its map is gone. */
    Optional<io.mpathj.api.map.MapView> describe(String name) {
        if (find(name).isEmpty()) {
            return Optional.empty();
        }
        return multipath.view(name);
    }

    /** Opens an export's map for a connection; registers the connection as its client. */
    OpenMap attach(Export export, Connection connection) throws InvalidArgumentsException {
        OpenMap open = multipath.open(export.name, "nbd client " + connection.id());
        synchronized (this) {
            if (closed || exports.get(export.name) != export) {
                open.close();
                throw new InvalidArgumentsException(export.name + " is no longer exported");
            }
            export.clients.add(connection);
        }
        return open;
    }

    void execute(Runnable task) {
        threads.execute(task);
    }

    static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    /** Stops listening and disconnects every client. */
    @Override
    public void close() {
        List<Export> all;
        synchronized (this) {
            closed = true;
            all = new ArrayList<>(exports.values());
        }
        for (Listener l : listeners) {
            closeQuietly(l.channel());
            if (l.socketFile() != null) {
                try {
                    Files.deleteIfExists(l.socketFile());
                } catch (IOException e) {
                    LOG.debug("socket {} not removed: {}", l.socketFile(), e.toString());
                }
            }
        }
        listeners.clear();
        for (Export e : all) {
            e.clients.forEach(Connection::disconnect);
        }
        threads.shutdown();
        try {
            threads.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
