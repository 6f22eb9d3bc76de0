package io.mpathj.transport.iscsi;

import io.mpathj.api.path.PathDevice;
import io.mpathj.api.path.PathDeviceProvider;
import io.mpathj.transport.iscsi.internal.IscsiPathDevice;
import io.mpathj.transport.iscsi.internal.IsidGenerator;
import io.mpathj.transport.iscsi.internal.discovery.PathDiscovery;
import io.mpathj.transport.iscsi.internal.discovery.SendTargetsDiscovery;
import io.mpathj.transport.iscsi.internal.session.IoLoop;
import io.mpathj.transport.iscsi.internal.session.Session;
import io.mpathj.transport.iscsi.internal.session.SessionListener;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The iSCSI transport: resolves {@code iscsi:HOST:PORT/IQN/LUN} names to paths. The first path to a portal and
 * target logs in a session (in the background); further LUNs on it share that session. All sessions run on one
 * I/O thread.
 *
 * <pre>{@code
 * IscsiConfig config = IscsiConfig.builder().initiatorName("iqn.2026-11.example:host1").build();
 * try (IscsiTransport iscsi = new IscsiTransport(config)) {
 *     IscsiPath path = iscsi.open(IscsiPathName.parse("iscsi:10.0.0.1:3260/iqn.2026-11.example:array/1")
 *             .orElseThrow());
 *     path.whenOnline().toCompletableFuture().get(10, TimeUnit.SECONDS);
 *     ScsiResult r = path.execute(ScsiCommand.noData(Cdbs.testUnitReady())).toCompletableFuture().get();
 * }
 * }</pre>
 */
public final class IscsiTransport implements PathDeviceProvider, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IscsiTransport.class);

    private final IscsiConfig config;
    private final IoLoop loop;
    private final IsidGenerator isids;
    private final SendTargetsDiscovery discovery;
    private final PathDiscovery pathDiscovery;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Map<IscsiPathName, IscsiPath> paths = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** A transport with its own daemon I/O thread named {@code mpathj-iscsi-io}. */
    public IscsiTransport(IscsiConfig config) {
        this(config, runnable -> {
            Thread thread = new Thread(runnable, "mpathj-iscsi-io");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** A transport whose one I/O thread comes from {@code threadFactory}. */
    public IscsiTransport(IscsiConfig config, ThreadFactory threadFactory) {
        this.config = config;
        this.loop = new IoLoop(threadFactory);
        this.isids = new IsidGenerator(new SecureRandom());
        this.discovery = new SendTargetsDiscovery(loop, config, isids::next);
        this.pathDiscovery = new PathDiscovery(discovery, this::open, config.loginTimeout());
    }

    @Override
    public String scheme() {
        return IscsiPathName.SCHEME;
    }

    /** The path for a name, creating it (and logging in its session in the background) on first use. */
    @Override
    public Optional<PathDevice> resolve(String name) {
        return IscsiPathName.parse(name).filter(n -> !closed).map(this::open);
    }

    /** The path for a name, creating it on first use; {@link IscsiPath#whenOnline()} tells when it can carry I/O. */
    public IscsiPath open(IscsiPathName name) {
        if (closed) {
            throw new IllegalStateException("iSCSI transport is closed");
        }
        return paths.computeIfAbsent(name,
                n -> new IscsiPathDevice(n, sessionFor(n), config.retryResetUnitAttention()));
    }

    /** Every path opened so far. */
    public List<IscsiPath> paths() {
        return new ArrayList<>(paths.values());
    }

    /** SendTargets discovery on one portal (RFC 7143 appendix C); bounded by the login timeout per step. */
    public CompletionStage<List<DiscoveredTarget>> discover(IscsiPortal portal) {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("iSCSI transport is closed"));
        }
        return discovery.discover(portal);
    }

    /**
     * Every portal × target × LUN reachable from these portals: SendTargets on each, then REPORT LUNS through LUN 0
     * of every target on every portal reported for it. Portals or nexuses that fail are left out and logged.
     */
    public CompletionStage<List<IscsiPath>> discoverPaths(List<IscsiPortal> portals) {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("iSCSI transport is closed"));
        }
        return pathDiscovery.discover(portals);
    }

    private Session sessionFor(IscsiPathName name) {
        return sessions.computeIfAbsent(name.portal() + "/" + name.targetName(), key -> {
            Session session = new Session(loop, config, name.portal(), name.targetName(), isids.next(), true,
                    SessionListener.NONE);
            session.start();
            return session;
        });
    }

    /** Logs out every session (each bounded by the logout timeout) and stops the I/O thread. */
    @Override
    public void close() {
        closed = true;
        List<CompletableFuture<Void>> logouts = new ArrayList<>();
        for (Session session : sessions.values()) {
            logouts.add(session.close().toCompletableFuture());
        }
        long waitMillis = config.logoutTimeout().toMillis() + 1_000;
        try {
            CompletableFuture.allOf(logouts.toArray(new CompletableFuture<?>[0])).get(waitMillis,
                    TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("iSCSI transport: not every session logged out cleanly", e);
        }
        loop.close(waitMillis);
    }
}
