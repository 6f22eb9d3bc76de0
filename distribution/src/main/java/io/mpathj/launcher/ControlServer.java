package io.mpathj.launcher;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running container's side of client mode (as {@code multipathd -k} talks to multipathd): a UNIX domain socket,
 * {@code control/mpathj.sock} under the home, on which each connection gets its own Gogo CommandSession and each line
 * it sends runs through {@link ScriptRunner}, printing and failing exactly as in script mode.
 *
 * <p>Only the operator can connect: {@code control/} is created with mode 0700 (so the socket is never reachable by
 * anyone else, not even between bind and chmod), an existing one is refused unless the operator owns it and is
 * reset to 0700, the socket is set to 0600, and each connection's peer credentials (SO_PEERCRED) must name the user
 * the container runs as. A socket file found at start is stale: this container holds the home's lock, so no other
 * container can be serving it.
 */
final class ControlServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ControlServer.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private final Gogo gogo;
    private final boolean debug;
    private final ServerSocketChannel server;
    private final Path socket;
    private final UserPrincipal owner;
    private final Thread acceptor;
    private final Set<SocketChannel> clients = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private ControlServer(Gogo gogo, boolean debug, ServerSocketChannel server, Path socket, UserPrincipal owner) {
        this.gogo = gogo;
        this.debug = debug;
        this.server = server;
        this.socket = socket;
        this.owner = owner;
        acceptor = new Thread(this::accept, "mpathj-control");
        acceptor.setDaemon(true);
    }

    /** Binds the socket (replacing a stale one) and starts accepting clients. */
    static ControlServer start(Path home, Gogo gogo, boolean debug) throws IOException {
        Path socket = Frames.socketPath(home);
        Path dir = socket.getParent();
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        }
        // this process's user (user.name is read from the password entry of its uid), the only one served
        UserPrincipal me = dir.getFileSystem().getUserPrincipalLookupService()
                .lookupPrincipalByName(System.getProperty("user.name"));
        UserPrincipal dirOwner = Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS);
        if (!dirOwner.equals(me)) {
            throw new IOException(dir + " belongs to " + dirOwner.getName() + ", not to " + me.getName()
                    + ": client mode is off (remove it)");
        }
        Files.setPosixFilePermissions(dir, OWNER_ONLY);
        Files.deleteIfExists(socket);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(socket));
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        ControlServer s = new ControlServer(gogo, debug, server, socket, me);
        s.acceptor.start();
        LOG.info("clients are served on {}", socket);
        return s;
    }

    private void accept() {
        while (server.isOpen()) {
            try {
                SocketChannel client = server.accept();
                UnixDomainPrincipal peer = client.getOption(ExtendedSocketOptions.SO_PEERCRED);
                if (!peer.user().equals(owner)) {
                    LOG.warn("refused a client of user {} on {}", peer.user().getName(), socket);
                    client.close();
                    continue;
                }
                clients.add(client);
                Thread t = new Thread(() -> serve(client), "mpathj-client");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (server.isOpen()) {
                    LOG.warn("accepting a client on {}: {}", socket, e.toString());
                }
            }
        }
    }

    /**
     * One client: this thread reads its frames (an interrupt must reach the command while it runs), a second one
     * runs its lines in order. When the client goes away (Ctrl-C in a script, a closed terminal) the running
     * command is interrupted.
     */
    private void serve(SocketChannel channel) {
        Frames frames = new Frames(channel);
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Gogo.Session session = null;
        Thread runner = null;
        try (channel) {
            Frames.Frame mode = frames.read();
            if (mode == null || mode.type() != Frames.MODE) {
                return;
            }
            boolean script = mode.text().equals("script");
            PrintStream out = new PrintStream(new BufferedOutputStream(frames.stream(Frames.OUT), 8192), true,
                    StandardCharsets.UTF_8);
            PrintStream err = new PrintStream(new BufferedOutputStream(frames.stream(Frames.ERR), 8192), true,
                    StandardCharsets.UTF_8);
            session = gogo.open(out, err);
            ScriptRunner lineRunner = new ScriptRunner(session, out, err, script, debug);
            runner = new Thread(() -> runLines(lineRunner, lines, frames), "mpathj-client-commands");
            runner.setDaemon(true);
            runner.start();
            for (Frames.Frame f; (f = frames.read()) != null;) {
                if (f.type() == Frames.LINE) {
                    lines.add(f.text());
                } else if (f.type() == Frames.INTERRUPT) {
                    session.interrupt();
                }
            }
        } catch (IOException e) {
            LOG.debug("client connection ended: {}", e.toString());
        } finally {
            synchronized (clients) {
                clients.remove(channel);
                clients.notifyAll();
            }
            if (session != null) {
                session.interrupt();
                if (runner != null) {
                    runner.interrupt();
                }
                session.close();
            }
        }
    }

    private static void runLines(ScriptRunner runner, BlockingQueue<String> lines, Frames frames) {
        try {
            while (true) {
                String line = lines.take();
                ScriptRunner.Outcome outcome = runner.runLine(line);
                if (outcome == ScriptRunner.Outcome.EXIT) {
                    frames.writeInt(Frames.EXIT, runner.exitStatus());
                } else {
                    frames.writeInt(Frames.DONE, outcome == ScriptRunner.Outcome.FAILED ? 1 : 0);
                }
            }
        } catch (InterruptedException e) {
            // the client went away
        } catch (IOException e) {
            LOG.debug("client went away while a command ran: {}", e.toString());
        }
    }

    /**
     * Stops accepting and waits until the connected clients have gone: a container whose own script has ended stays
     * up for a script or shell that connected to it meanwhile.
     */
    void drain() throws IOException, InterruptedException {
        server.close();
        Files.deleteIfExists(socket);
        synchronized (clients) {
            while (!clients.isEmpty()) {
                clients.wait();
            }
        }
    }

    /** Stops accepting, and ends every client's connection: they report that the container stopped. */
    @Override
    public void close() throws IOException {
        server.close();
        Files.deleteIfExists(socket);
        for (SocketChannel c : clients) {
            c.close();
        }
    }
}
