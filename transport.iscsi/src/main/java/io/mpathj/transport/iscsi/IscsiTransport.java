package io.mpathj.transport.iscsi;

import io.mpathj.api.path.PathDevice;
import io.mpathj.api.path.PathDeviceListener;
import io.mpathj.api.path.PathDeviceProvider;
import io.mpathj.api.scsi.ScsiCommand;
import io.mpathj.transport.iscsi.internal.IscsiPathDevice;
import io.mpathj.transport.iscsi.internal.IsidGenerator;
import io.mpathj.transport.iscsi.internal.discovery.PathDiscovery;
import io.mpathj.transport.iscsi.internal.discovery.PathOpener;
import io.mpathj.transport.iscsi.internal.discovery.ReportLuns;
import io.mpathj.transport.iscsi.internal.discovery.SendTargetsDiscovery;
import io.mpathj.transport.iscsi.internal.session.IoLoop;
import io.mpathj.transport.iscsi.internal.session.Session;
import io.mpathj.transport.iscsi.internal.session.SessionListener;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
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
    /** Paths discovery opened and has not handed out (yet): given back if it does not. */
    private final Set<IscsiPathName> provisional = new HashSet<>();
    /** Sessions discovery started that nobody else has used (yet): logged out with their last provisional path. */
    private final Set<String> provisionalSessions = new HashSet<>();
    /** Guards opening and dropping paths and sessions, so that a path is never handed out with a closed session. */
    private final Object lock = new Object();
    private final List<PathDeviceListener> listeners = new CopyOnWriteArrayList<>();
    /** The paths announced and not withdrawn, in announcement order; guarded by {@link #announcing}. */
    private final Map<IscsiPathName, IscsiPath> announced = new LinkedHashMap<>();
    /** Sessions whose LUNs were reported since they logged in (REPORT LUNS is sent only while someone listens). */
    private final Set<Session> scanned = ConcurrentHashMap.newKeySet();
    /**
     * Serializes changes with their announcements, so each listener sees them in order; taken before
     * {@link #lock}, never inside it.
     */
    private final Object announcing = new Object();
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
        this.pathDiscovery = new PathDiscovery(discovery, new DiscoveryOpener(), config.loginTimeout());
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
        synchronized (lock) {
            IscsiPath path = openLocked(name);
            provisional.remove(name);
            provisionalSessions.remove(sessionKey(name.portal(), name.targetName()));
            return path;
        }
    }

    private IscsiPath openLocked(IscsiPathName name) {
        if (closed) {
            throw new IllegalStateException("iSCSI transport is closed");
        }
        return paths.computeIfAbsent(name,
                n -> new IscsiPathDevice(n, sessionFor(n), config.retryResetUnitAttention()));
    }

    /**
     * Logs in a session to a target through a portal, if there is none yet; it stays until {@link #logout} or
     * {@link #close}. Completes when the session is logged in, or fails when the login does not succeed within the
     * login timeout (the session then keeps trying in the background, and {@link #sessions()} shows why it fails).
     */
    public CompletionStage<Void> login(IscsiPortal portal, String targetName) {
        Session session;
        synchronized (lock) {
            if (closed) {
                return CompletableFuture.failedFuture(new IllegalStateException("iSCSI transport is closed"));
            }
            session = sessionFor(new IscsiPathName(portal, targetName, 0));
            provisionalSessions.remove(sessionKey(portal, targetName));
        }
        return session.whenOnline().orTimeout(config.loginTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Logs out the session to a target through a portal and forgets its paths (a map that still holds one sees it
     * fail with DEVICE_GONE). Completes with the number of paths that used it; fails when there is no such session.
     */
    public CompletionStage<Integer> logout(IscsiPortal portal, String targetName) {
        Session session;
        int dropped = 0;
        List<IscsiPathName> gone = new ArrayList<>();
        synchronized (announcing) {
            synchronized (lock) {
                session = sessions.remove(sessionKey(portal, targetName));
                provisionalSessions.remove(sessionKey(portal, targetName));
                if (session == null) {
                    return CompletableFuture.failedFuture(new IllegalArgumentException("no session to " + portal
                            + "/" + targetName));
                }
                for (var it = paths.entrySet().iterator(); it.hasNext();) {
                    var entry = it.next();
                    if (((IscsiPathDevice) entry.getValue()).session() == session) {
                        it.remove();
                        provisional.remove(entry.getKey());
                        gone.add(entry.getKey());
                        dropped++;
                    }
                }
            }
            withdraw(gone);
        }
        scanned.remove(session);
        int count = dropped;
        return session.close().thenApply(done -> count);
    }

    /** Every session of the transport, in no particular order, each as its I/O thread last saw it. */
    public CompletionStage<List<IscsiSessionInfo>> sessions() {
        List<CompletableFuture<IscsiSessionInfo>> infos = new ArrayList<>();
        synchronized (lock) {
            for (Session session : sessions.values()) {
                int users = (int) paths.values().stream()
                        .filter(p -> ((IscsiPathDevice) p).session() == session).count();
                infos.add(session.info(users));
            }
        }
        return CompletableFuture.allOf(infos.toArray(new CompletableFuture<?>[0]))
                .thenApply(done -> infos.stream().map(CompletableFuture::join).toList());
    }

    /** Discovery's view: paths it opens stay provisional until handed out, and are dropped if they are not. */
    private final class DiscoveryOpener implements PathOpener {
        @Override
        public IscsiPath open(IscsiPathName name) {
            synchronized (lock) {
                if (!paths.containsKey(name)) {
                    provisional.add(name);
                }
                String key = sessionKey(name.portal(), name.targetName());
                if (!sessions.containsKey(key)) {
                    provisionalSessions.add(key);
                }
                return openLocked(name);
            }
        }

        @Override
        public void claim(IscsiPathName name) {
            synchronized (lock) {
                provisional.remove(name);
                provisionalSessions.remove(sessionKey(name.portal(), name.targetName()));
            }
        }

        @Override
        public void abandon(IscsiPathName name) {
            Session unused = null;
            synchronized (announcing) {
                synchronized (lock) {
                    if (!provisional.remove(name)) {
                        return; // someone else opened it meanwhile, or it was never discovery's
                    }
                    IscsiPath path = paths.remove(name);
                    Session session = path == null ? null : ((IscsiPathDevice) path).session();
                    String key = sessionKey(name.portal(), name.targetName());
                    if (session != null && provisionalSessions.contains(key) && paths.values().stream()
                            .noneMatch(p -> ((IscsiPathDevice) p).session() == session)) {
                        provisionalSessions.remove(key);
                        sessions.remove(key, session);
                        scanned.remove(session);
                        unused = session;
                    }
                }
                withdraw(List.of(name));
            }
            if (unused != null) {
                unused.close();
            }
        }
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

    private static String sessionKey(IscsiPortal portal, String targetName) {
        return portal + "/" + targetName;
    }

    private Session sessionFor(IscsiPathName name) {
        return sessions.computeIfAbsent(sessionKey(name.portal(), name.targetName()), key -> {
            Session session = new Session(loop, config, name.portal(), name.targetName(), isids.next(), true,
                    new SessionListener() {
                        @Override
                        public void onLoggedIn(Session s) {
                            if (!listeners.isEmpty()) {
                                scanned.add(s);
                                reportLuns(s);
                            }
                        }
                    });
            session.start();
            return session;
        });
    }

    // ---- announcements ----------------------------------------------------------------------------------------

    /**
     * Follows announcements: the listener first hears of every path announced so far (in one call), then of each
     * change. Calls come from the I/O thread (logins), the caller of {@link #logout}, or of {@link #close}.
     */
    public void addListener(PathDeviceListener listener) {
        List<Session> online;
        synchronized (announcing) {
            listeners.add(listener);
            if (!announced.isEmpty()) {
                listener.pathsAppeared(List.copyOf(announced.values()));
            }
            synchronized (lock) {
                online = sessions.values().stream().filter(Session::isOnline).filter(scanned::add).toList();
            }
        }
        online.forEach(this::reportLuns); // sessions that logged in while nobody listened
    }

    public void removeListener(PathDeviceListener listener) {
        listeners.remove(listener);
    }

    /**
     * REPORT LUNS through LUN 0 of a session that just logged in (on the I/O thread; a reset unit attention is
     * retried), then its new LUNs' paths are opened and announced.
     */
    private void reportLuns(Session session) {
        ByteBuffer data = ByteBuffer.allocate(ReportLuns.LENGTH);
        IscsiPathName lun0 = new IscsiPathName(session.portal(), session.targetName(), 0);
        new IscsiPathDevice(lun0, session, true).execute(ScsiCommand.dataIn(ReportLuns.cdb(ReportLuns.LENGTH), data))
                .whenComplete((result, failure) -> {
                    if (failure != null || !result.isGood()) {
                        LOG.warn("iSCSI session to {}/{}: REPORT LUNS failed ({}): its LUNs are not announced",
                                session.portal(), session.targetName(),
                                failure != null ? failure.toString() : result.describe());
                        return;
                    }
                    announceLuns(session, ReportLuns.parse(data));
                });
    }

    private void announceLuns(Session session, List<Integer> luns) {
        synchronized (announcing) {
            List<PathDevice> fresh = new ArrayList<>();
            synchronized (lock) {
                if (closed || sessions.get(sessionKey(session.portal(), session.targetName())) != session) {
                    return; // logged out (or the transport closed) while REPORT LUNS was under way
                }
                for (int lun : luns) {
                    IscsiPathName name = new IscsiPathName(session.portal(), session.targetName(), lun);
                    IscsiPath path = openLocked(name);
                    if (announced.putIfAbsent(name, path) == null) {
                        fresh.add(path);
                    }
                }
            }
            if (!fresh.isEmpty()) {
                LOG.info("iSCSI session to {}/{}: {} path(s) announced (LUNs {})", session.portal(),
                        session.targetName(), fresh.size(), luns);
                announce(fresh, true);
            }
        }
    }

    /** Announces gone those of these paths that were announced; the caller holds {@link #announcing}. */
    private void withdraw(List<IscsiPathName> names) {
        List<PathDevice> gone = new ArrayList<>();
        for (IscsiPathName name : names) {
            IscsiPath path = announced.remove(name);
            if (path != null) {
                gone.add(path);
            }
        }
        announce(gone, false);
    }

    private void announce(List<PathDevice> devices, boolean appeared) {
        if (devices.isEmpty()) {
            return;
        }
        for (PathDeviceListener l : listeners) {
            try {
                if (appeared) {
                    l.pathsAppeared(devices);
                } else {
                    l.pathsGone(devices);
                }
            } catch (RuntimeException e) {
                LOG.warn("a path device listener failed on {} paths of {}", devices.size(), devices.get(0).name(), e);
            }
        }
    }

    /**
     * Logs out every session (each bounded by the logout timeout), announces their paths gone, and stops the I/O
     * thread.
     */
    @Override
    public void close() {
        List<CompletableFuture<Void>> logouts = new ArrayList<>();
        synchronized (announcing) {
            synchronized (lock) {
                closed = true;
                for (Session session : sessions.values()) {
                    logouts.add(session.close().toCompletableFuture());
                }
            }
            withdraw(new ArrayList<>(announced.keySet()));
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
