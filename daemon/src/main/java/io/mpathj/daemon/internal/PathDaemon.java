package io.mpathj.daemon.internal;

import io.mpathj.api.InvalidArgumentsException;
import io.mpathj.api.checker.CheckResult;
import io.mpathj.api.checker.CheckerState;
import io.mpathj.api.checker.PathChecker;
import io.mpathj.api.checker.PathCheckerType;
import io.mpathj.api.map.GroupView;
import io.mpathj.api.map.MapEvent;
import io.mpathj.api.map.MapView;
import io.mpathj.api.map.Multipath;
import io.mpathj.api.map.PathView;
import io.mpathj.api.path.PathDevice;
import io.mpathj.api.prio.Prioritizer;
import io.mpathj.api.prio.PrioritizerType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The multipathd half over the public map API: per path a checker every polling interval (doubling while the path
 * stays up, up to max_polling_interval; back to polling_interval on a change), reinstate / fail by target message
 * as multipathd's {@code update_path_state}, priorities and {@code failback} by select_path_group and
 * {@code switch_group}, and {@code no_path_retry}. Every state change runs on the {@link DaemonClock}'s one thread;
 * views read volatile fields.
 */
public final class PathDaemon implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PathDaemon.class);
    private static final long SECOND = 1_000_000_000L;
    /** A path's check after a PATH_FAILED from I/O comes at most this often (a flapping path must not spin). */
    private static final long MIN_EVENT_CHECK_NANOS = SECOND;

    private final Multipath multipath;
    private final PluginTypes types;
    private final DaemonClock clock;
    private final Function<String, Settings> settings;
    private final Map<String, MapState> maps = new ConcurrentHashMap<>();
    private Multipath.Subscription subscription;
    private volatile java.util.function.ObjIntConsumer<String> prioListener = (path, prio) -> { };
    private long spread;
    private volatile boolean closed;

    /**
     * @param settings each map's settings by name (defaults with its overrides), asked when a map is adopted and
     *     on {@link #reconfigure()}
     */
    public PathDaemon(Multipath multipath, PluginTypes types, DaemonClock clock, Function<String, Settings> settings) {
        this.multipath = multipath;
        this.types = types;
        this.clock = clock;
        this.settings = settings;
    }

    /** Told of every path priority that changed (path name, new priority), e.g. to regroup group_by_prio maps. */
    public void onPrioChange(java.util.function.ObjIntConsumer<String> listener) {
        prioListener = listener;
    }

    /** Follows map events and adopts every map there is. */
    public void start() {
        subscription = multipath.listen(e -> clock.schedule(0, () -> onEvent(e)));
        clock.schedule(0, () -> multipath.names().forEach(this::adopt));
    }

    /** Settings changed: every map takes its settings again (checkers, prioritizers, intervals). */
    public void reconfigure() {
        clock.schedule(0, () -> new ArrayList<>(maps.keySet()).forEach(this::adopt));
    }

    @Override
    public void close() {
        closed = true;
        if (subscription != null) {
            subscription.close();
        }
        clock.schedule(0, () -> {
            maps.values().forEach(MapState::drop);
            maps.clear();
        });
    }

    /** The maps the daemon follows, for views. */
    public List<MapState> maps() {
        List<MapState> out = new ArrayList<>(maps.values());
        out.sort((a, b) -> a.name.compareTo(b.name));
        return out;
    }

    public Optional<MapState> map(String name) {
        return Optional.ofNullable(maps.get(name));
    }

    /**
     * Brings the views up to date, as multipathd checks a path when it takes it: adopts the maps that exist but
     * the daemon has not taken yet (their MAP_CREATED may still be on its way), checks at once every path that
     * has no verdict yet, and waits (at most {@code waitMillis}) for those first verdicts. So a view asked for
     * right after a create or a start shows checked paths, not {@code undef}.
     */
    public void catchUp(long waitMillis) throws InterruptedException {
        if (closed) {
            return;
        }
        List<String> unseen = multipath.names().stream().filter(n -> !maps.containsKey(n)).toList();
        java.util.concurrent.CountDownLatch adopted = new java.util.concurrent.CountDownLatch(1);
        clock.schedule(0, () -> {
            try {
                unseen.stream().filter(n -> !maps.containsKey(n)).forEach(this::adopt);
                unchecked().forEach(PathState::checkSoon);
            } finally {
                adopted.countDown();
            }
        });
        long deadline = System.nanoTime() + waitMillis * 1_000_000;
        if (!adopted.await(waitMillis, java.util.concurrent.TimeUnit.MILLISECONDS)) {
            return;
        }
        while (!unchecked().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    /** Paths with a checker that has not given a verdict yet. */
    private List<PathState> unchecked() {
        return maps.values().stream().flatMap(m -> m.paths.values().stream())
                .filter(p -> p.checker != null && p.state == null).toList();
    }

    private void onEvent(MapEvent e) {
        if (closed) {
            return;
        }
        switch (e.kind()) {
            case MAP_CREATED, MAP_RELOADED -> adopt(e.map());
            case MAP_REMOVED -> {
                MapState m = maps.remove(e.map());
                if (m != null) {
                    m.drop();
                }
            }
            default -> {
                MapState m = maps.get(e.map());
                if (m == null) {
                    return;
                }
                m.dirty = true;
                if (e.kind() == MapEvent.Kind.PATH_FAILED && e.path() != null) {
                    PathState p = m.paths.get(e.path());
                    if (p != null) {
                        p.checkSoon();
                    }
                }
            }
        }
    }

    /** Takes a map (again): its paths, settings, checkers and prioritizer. Path states survive a re-adoption. */
    private void adopt(String name) {
        Optional<MapView> view = multipath.view(name);
        if (view.isEmpty()) {
            MapState gone = maps.remove(name);
            if (gone != null) {
                gone.drop();
            }
            return;
        }
        Settings s = settings.apply(name);
        MapState old = maps.get(name);
        MapState m = new MapState(name, s, view.get());
        String[] why = {""};
        Optional<PathCheckerType> checkerType = types.checker(s.pathChecker(), why);
        m.checkerProblem = why[0];
        Optional<PrioritizerType> prioType = types.prioritizer(s.prio(), why);
        m.prioProblem = why[0];
        if (prioType.isPresent()) {
            try {
                m.prioritizer = prioType.get().create(s.prioArgs());
            } catch (InvalidArgumentsException e) {
                m.prioProblem = e.getMessage();
            }
        }
        for (PathView pv : view.get().paths()) {
            if (m.paths.containsKey(pv.name())) {
                continue;
            }
            PathState p = new PathState(m, pv.name(), pv.group());
            PathState before = old == null ? null : old.paths.get(pv.name());
            if (before != null) {
                p.state = before.state;
                p.message = before.message;
                p.prio = before.prio;
            }
            p.device = multipath.pathDevice(pv.name()).orElse(null);
            p.checker = checkerType.map(PathCheckerType::create).orElse(null);
            m.paths.put(pv.name(), p);
        }
        if (old != null) {
            old.drop();
        }
        maps.put(name, m);
        applyNoPathRetry(m, view.get());
        long interval = s.pollingInterval() * SECOND;
        for (PathState p : m.paths.values()) {
            // spread the first checks of many maps over one interval, as multipathd spreads its ticks
            p.schedule(old == null ? (spread++ * 7919 % 1000) * interval / 1000 / 4 : 0);
        }
    }

    private void applyNoPathRetry(MapState m, MapView view) {
        int npr = m.settings.noPathRetry();
        if (npr == Settings.NO_PATH_RETRY_FAIL && view.queueIfNoPath()) {
            send(m, "fail_if_no_path");
        } else if ((npr == Settings.NO_PATH_RETRY_QUEUE || npr > 0) && !view.queueIfNoPath()
                && (npr == Settings.NO_PATH_RETRY_QUEUE || view.validPaths() > 0)) {
            send(m, "queue_if_no_path");
        }
    }

    private boolean send(MapState m, String... words) {
        try {
            multipath.message(m.name, words);
            m.dirty = true;
            LOG.info("{}: {}", m.name, String.join(" ", words));
            return true;
        } catch (InvalidArgumentsException e) {
            LOG.warn("{}: {} refused: {}", m.name, String.join(" ", words), e.getMessage());
            m.dirty = true;
            return false;
        }
    }

    /** One map as the daemon sees it. */
    public final class MapState {
        final String name;
        final Settings settings;
        final Map<String, PathState> paths = new LinkedHashMap<>();
        volatile MapView view;
        volatile boolean dirty;
        Prioritizer prioritizer;
        volatile String checkerProblem = "";
        volatile String prioProblem = "";
        /** no_path_retry N: the task that turns queueing off, while in recovery. */
        private DaemonClock.Cancellable retryTask;
        private volatile long retryDeadline;
        /** failback N: the pending switch. */
        private DaemonClock.Cancellable failbackTask;
        private volatile long failbackDeadline;
        private volatile boolean dropped;
        volatile int bestGroup = 1;
        volatile int switches;

        MapState(String name, Settings settings, MapView view) {
            this.name = name;
            this.settings = settings;
            this.view = view;
        }

        public String name() {
            return name;
        }

        public Settings settings() {
            return settings;
        }

        /** The newest view: refreshed when an event or a message made the cached one stale. */
        public MapView view() {
            if (dirty) {
                dirty = false;
                multipath.view(name).ifPresent(v -> view = v);
            }
            return view;
        }

        /** A fresh view, for the shell (the cached one may miss a group switch made by I/O). */
        public MapView currentView() {
            multipath.view(name).ifPresent(v -> view = v);
            return view;
        }

        public List<PathState> paths() {
            return List.copyOf(paths.values());
        }

        public String checkerProblem() {
            return checkerProblem;
        }

        public String prioProblem() {
            return prioProblem;
        }

        /** Seconds left before no_path_retry turns queueing off, or -1 when not in recovery. */
        public long retrySecondsLeft() {
            return retryTask == null ? -1 : Math.max(0, (retryDeadline - clock.nanoTime() + SECOND - 1) / SECOND);
        }

        /** Seconds left before a deferred failback, or -1. */
        public long failbackSecondsLeft() {
            return failbackTask == null ? -1
                    : Math.max(0, (failbackDeadline - clock.nanoTime() + SECOND - 1) / SECOND);
        }

        /**
         * The group's priority as multipath-tools' path_group_prio_update computes it: the integer average of its
         * up/ghost paths' priorities, an undefined one counting as the -1 it is there (PRIO_UNDEF); 0 without such
         * a path.
         */
        public int groupPrio(int group) {
            int sum = 0;
            int enabled = 0;
            for (PathState p : paths.values()) {
                if (p.group == group && p.state != null && p.state.isUsable()) {
                    sum += p.prio;
                    enabled++;
                }
            }
            return enabled > 0 ? sum / enabled : 0;
        }

        private int enabledPaths(int group) {
            int n = 0;
            for (PathState p : paths.values()) {
                if (p.group == group && p.state != null && p.state.isUsable()) {
                    n++;
                }
            }
            return n;
        }

        /** multipath-tools' select_path_group: the highest priority over usable paths; ties: more usable paths. */
        int selectPathGroup() {
            int best = 1;
            int maxPrio = 0;
            int maxEnabled = 1;
            boolean found = false;
            for (GroupView g : view.groups()) {
                int enabled = enabledPaths(g.number());
                if (enabled == 0) {
                    continue;
                }
                int prio = groupPrio(g.number());
                if (!found || prio > maxPrio || (prio == maxPrio && enabled > maxEnabled)) {
                    found = true;
                    maxPrio = prio;
                    maxEnabled = enabled;
                    best = g.number();
                }
            }
            return best;
        }

        int usablePaths() {
            int n = 0;
            for (PathState p : paths.values()) {
                if (p.state != null && p.state.isUsable()) {
                    n++;
                }
            }
            return n;
        }

        /**
         * update_mpp_prio: switch to the best group as failback says. Not before every path of the map has had its
         * first check: multipathd knows every path's priority when it creates a map (pathinfo), while here the
         * first checks complete one by one, and a group whose paths are not checked yet has no usable path; an
         * active/passive array would be switched to its passive controller and back (a trespass each way).
         */
        void updatePrio(boolean newPathUp) {
            MapView v = view();
            bestGroup = selectPathGroup();
            if (v.groups().size() < 2 || settings.failback() == Settings.FAILBACK_MANUAL) {
                return;
            }
            if (paths.values().stream().anyMatch(p -> p.state == null || (p.state.isUsable() && !p.prioritized))) {
                return; // the last first check calls this again
            }
            if (bestGroup == v.currentGroup()) {
                return;
            }
            int fb = settings.failback();
            if (fb > 0) {
                if (failbackTask == null || newPathUp) {
                    if (failbackTask != null) {
                        failbackTask.cancel();
                    }
                    failbackDeadline = clock.nanoTime() + fb * SECOND;
                    failbackTask = clock.schedule(fb * SECOND, this::deferredFailback);
                }
            } else if (fb == Settings.FAILBACK_IMMEDIATE || (newPathUp && followover())) {
                switchGroup();
            }
        }

        private void deferredFailback() {
            failbackTask = null;
            if (dropped) {
                return;
            }
            bestGroup = selectPathGroup();
            if (bestGroup != view().currentGroup()) {
                switchGroup();
            }
        }

        private void cancelFailback() {
            if (failbackTask != null) {
                failbackTask.cancel();
                failbackTask = null;
            }
        }

        /** followover: the path that came up is the first of the best group to do so. */
        private boolean followover() {
            if (settings.failback() != Settings.FAILBACK_FOLLOWOVER) {
                return false;
            }
            for (PathState p : paths.values()) {
                if (p.group == bestGroup && p.newUp) {
                    boolean othersDown = paths.values().stream().filter(o -> o != p && o.group == bestGroup)
                            .allMatch(o -> o.state == CheckerState.DOWN || o.state == CheckerState.SHAKY
                                    || o.state == CheckerState.TIMEOUT);
                    if (othersDown) {
                        return true;
                    }
                }
            }
            return false;
        }

        private void switchGroup() {
            if (send(this, "switch_group", Integer.toString(bestGroup))) {
                switches++;
            }
        }

        /** no_path_retry N: enter recovery when the last path went, leave it when one returns. */
        void updateRecovery() {
            int npr = settings.noPathRetry();
            if (npr <= 0) {
                return;
            }
            int usable = usablePaths();
            if (usable == 0 && retryTask == null) {
                long delay = (long) npr * settings.pollingInterval() * SECOND;
                retryDeadline = clock.nanoTime() + delay;
                retryTask = clock.schedule(delay, () -> {
                    retryTask = null;
                    if (!dropped && usablePaths() == 0) {
                        LOG.warn("{}: no path for {} polling intervals: disable queueing", name, npr);
                        send(this, "fail_if_no_path");
                        retryTask = () -> { }; // stays in recovery until a path returns
                        retryDeadline = clock.nanoTime();
                    }
                });
                LOG.warn("{}: no usable path: queueing for {} polling intervals", name, npr);
            } else if (usable > 0 && retryTask != null) {
                retryTask.cancel();
                retryTask = null;
                if (!view().queueIfNoPath()) {
                    send(this, "queue_if_no_path");
                }
            }
        }

        void drop() {
            dropped = true;
            paths.values().forEach(PathState::drop);
            cancelFailback();
            if (retryTask != null) {
                retryTask.cancel();
                retryTask = null;
            }
        }
    }

    /** One path of one map as the daemon sees it. */
    public final class PathState {
        final MapState map;
        final String name;
        final int group;
        PathDevice device;
        PathChecker checker;
        volatile CheckerState state;
        volatile String message = "";
        volatile int prio = Prioritizer.UNDEFINED;
        /** Seconds until the next regular check. */
        volatile int interval;
        volatile long nextCheck;
        private long lastCheck = Long.MIN_VALUE / 2;
        private DaemonClock.Cancellable task;
        private DaemonClock.Cancellable timeout;
        private boolean inFlight;
        private long sequence;
        private boolean newUp;
        private boolean dropped;
        /** The prioritizer answered once (or there is none): the path's priority counts for group switching. */
        private boolean prioritized;

        PathState(MapState map, String name, int group) {
            this.map = map;
            this.name = name;
            this.group = group;
            this.interval = map.settings.pollingInterval();
        }

        public String name() {
            return name;
        }

        public String mapName() {
            return map.name;
        }

        public int group() {
            return group;
        }

        /** The checker's last verdict, or null before the first. */
        public CheckerState state() {
            return state;
        }

        public String message() {
            return message;
        }

        public int prio() {
            return prio;
        }

        /** Seconds until the next check. */
        public long nextCheckSeconds() {
            return Math.max(0, (nextCheck - clock.nanoTime() + SECOND - 1) / SECOND);
        }

        /** The interval in effect, in seconds. */
        public int interval() {
            return interval;
        }

        void schedule(long delayNanos) {
            if (task != null) {
                task.cancel();
            }
            nextCheck = clock.nanoTime() + delayNanos;
            task = clock.schedule(delayNanos, this::check);
        }

        /** A PATH_FAILED from I/O: check now, or one second after the last check. */
        void checkSoon() {
            if (inFlight || dropped) {
                return;
            }
            long earliest = lastCheck + MIN_EVENT_CHECK_NANOS;
            long now = clock.nanoTime();
            if (nextCheck > Math.max(now, earliest)) {
                schedule(Math.max(0, earliest - now));
            }
        }

        private void check() {
            task = null;
            if (dropped || inFlight) {
                return;
            }
            if (checker == null || device == null) {
                message = checker == null ? map.checkerProblem : "no transport has this path";
                if (device == null) {
                    device = multipath.pathDevice(name).orElse(null);
                }
                schedule(map.settings.pollingInterval() * SECOND);
                return;
            }
            inFlight = true;
            lastCheck = clock.nanoTime();
            long seq = ++sequence;
            Duration limit = Duration.ofSeconds(map.settings.checkerTimeout());
            timeout = clock.schedule(limit.toNanos() + SECOND / 10, () -> checked(seq,
                    CheckResult.of(CheckerState.TIMEOUT, "checker did not answer within " + limit.toSeconds() + " s")));
            checker.check(device, limit).whenComplete((r, e) -> {
                CheckResult result = r != null ? r : CheckResult.of(CheckerState.DOWN, "checker failed: " + e);
                clock.schedule(0, () -> checked(seq, result));
            });
        }

        private void checked(long seq, CheckResult result) {
            if (seq != sequence || !inFlight || dropped) {
                return;
            }
            inFlight = false;
            if (timeout != null) {
                timeout.cancel();
                timeout = null;
            }
            update(result);
        }

        /** multipathd's update_path_state with what dm says of the path. */
        private void update(CheckResult result) {
            CheckerState next = result.state();
            message = result.message();
            int min = map.settings.pollingInterval();
            if (next == CheckerState.PENDING) {
                schedule(Math.min(interval, 1) * SECOND);
                return;
            }
            CheckerState before = state;
            boolean usable = next.isUsable();
            boolean dmActive = map.view().path(name).map(PathView::active).orElse(false);
            newUp = false;
            if (next != before) {
                state = next;
                interval = min;
                if (!usable) {
                    if (dmActive) {
                        failPath();
                    }
                    map.cancelFailback();
                    map.updateRecovery();
                    map.bestGroup = map.selectPathGroup();
                    schedule(interval * SECOND);
                    return;
                }
                if (!dmActive) {
                    reinstate();
                }
                newUp = before == null || !before.isUsable();
            } else if (usable) {
                if (!dmActive) {
                    reinstate();
                } else if (interval != map.settings.maxInterval()) {
                    interval = Math.min(2 * interval, map.settings.maxInterval());
                }
            } else {
                if (dmActive) {
                    failPath();
                }
                interval = min;
            }
            if (usable) {
                map.updateRecovery();
                refreshPrio();
            }
            schedule(interval * SECOND);
        }

        // multipathd's log lines for these (fail_path, reinstate_path and update_queue_mode_*_path in
        // multipathd/main.c), which operators grep for, after the message the map took
        private void failPath() {
            if (send(map, "fail_path", name)) {
                LOG.info("checker failed path {} in map {}", name, map.name);
                logRemainingPaths();
            }
        }

        private void reinstate() {
            if (send(map, "reinstate_path", name)) {
                LOG.info("{}: reinstated", name);
                logRemainingPaths();
            }
        }

        private void logRemainingPaths() {
            multipath.view(map.name).ifPresent(v -> LOG.info("{}: remaining active paths: {}", map.name,
                    v.validPaths()));
        }

        private void refreshPrio() {
            Prioritizer p = map.prioritizer;
            boolean up = newUp;
            if (p == null) {
                boolean first = !prioritized;
                prioritized = true;
                if (up || first) {
                    map.updatePrio(true);
                }
                return;
            }
            long seq = sequence;
            p.priority(device, Duration.ofSeconds(map.settings.checkerTimeout())).whenComplete((v, e) ->
                    clock.schedule(0, () -> {
                        if (dropped || seq != sequence) {
                            return;
                        }
                        int value = v == null ? Prioritizer.UNDEFINED : v;
                        boolean changed = value != prio;
                        boolean first = !prioritized;
                        prio = value;
                        prioritized = true;
                        if (changed) {
                            prioListener.accept(name, value);
                        }
                        if (changed || up || first) {
                            map.updatePrio(up);
                        }
                    }));
        }

        void drop() {
            dropped = true;
            if (task != null) {
                task.cancel();
            }
            if (timeout != null) {
                timeout.cancel();
            }
            if (checker != null) {
                checker.close();
            }
        }
    }
}
