package io.mpathj.daemon.internal.assembly;

import io.mpathj.api.InvalidArgumentsException;
import io.mpathj.api.map.MapEvent;
import io.mpathj.api.map.MapView;
import io.mpathj.api.map.Multipath;
import io.mpathj.api.map.PathView;
import io.mpathj.api.path.PathDevice;
import io.mpathj.api.path.PathDeviceListener;
import io.mpathj.api.prio.Prioritizer;
import io.mpathj.api.prio.PrioritizerType;
import io.mpathj.daemon.internal.PluginTypes;
import io.mpathj.daemon.internal.conf.BlacklistVerdict;
import io.mpathj.daemon.internal.conf.EffectiveSettings;
import io.mpathj.daemon.internal.conf.MergedConfig;
import io.mpathj.daemon.internal.conf.PathIdentity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps that assemble themselves, as multipathd's uevent handling and {@code coalesce_paths}: path devices
 * announced by the transports are identified ({@link PathIdentifier}), filtered by the blacklist, prioritized,
 * grouped by WWID; each WWID that {@code find_multipaths} admits becomes a map named by its multipaths alias, its
 * binding ({@code user_friendly_names}) or its WWID, with a table built from the merged configuration
 * ({@link Grouping}, {@link TableBuilder}). The map is created, reloaded when its table text would change (paths
 * come or go, a priority changes under group_by_prio, the configuration or a bundle's device rules change), and
 * removed without force when its last path is gone (kept while it is open). A WWID whose paths are in a map the
 * assembly did not make (a hand-written map) is left alone.
 *
 * <p>Everything runs on one thread, {@code mpathj-assembly}; announcements only enqueue.
 */
public final class Assembler implements PathDeviceListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Assembler.class);
    /** Assembly waits for identifications in flight, but no longer than this after the first change. */
    private static final long SETTLE_MAX_MILLIS = 1000;
    private static final long SETTLE_DELAY_MILLIS = 20;
    private static final long BUSY_RETRY_SECONDS = 5;

    /** Told which settings an assembled map has, before it is created or reloaded, and when it is gone. */
    public interface Sink {
        void assembled(String map, EffectiveSettings settings);

        void disassembled(String map);
    }

    /** The configuration the assembly uses; replaced as a whole on reconfigure and on device rule changes. */
    public record Config(MergedConfig merged, Bindings bindings, WwidsFile wwids) {
    }

    /** An assembled map: its name, the table it was loaded with, its settings. */
    private record Assembled(String name, String table, EffectiveSettings settings) {
    }

    private final Multipath multipath;
    private final PluginTypes types;
    private final Sink sink;
    private final PathIdentifier identifier = new PathIdentifier();
    private final ScheduledExecutorService executor;
    private final Map<String, Long> generation = new HashMap<>();
    private final Map<String, IdentifiedPath> paths = new HashMap<>();
    private final Map<String, Integer> prios = new HashMap<>();
    private final Map<String, Set<String>> byWwid = new HashMap<>();
    private final Map<String, Assembled> maps = new HashMap<>();
    private final Map<String, String> notAssembled = new TreeMap<>();
    private final Set<String> dirty = new LinkedHashSet<>();
    /** Per INQUIRY vendor, the on-demand load of its device rules (asked once per vendor). */
    private final Map<String, CompletableFuture<Void>> vendorRules = new ConcurrentHashMap<>();
    /** Runs those loads, which block while a bundle is installed and started. */
    private final ExecutorService loads;
    private Config config;
    private int inFlight;
    private long firstDirtyNanos;
    private boolean settleScheduled;
    private Multipath.Subscription subscription;
    private volatile boolean closed;

    public Assembler(Multipath multipath, PluginTypes types, Config config, Sink sink) {
        this.multipath = multipath;
        this.types = types;
        this.config = config;
        this.sink = sink;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mpathj-assembly");
            t.setDaemon(true);
            return t;
        });
        this.loads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "mpathj-assembly-rules");
            t.setDaemon(true);
            return t;
        });
    }

    /** Follows map events (a map removed by someone else is forgotten). */
    public void start() {
        subscription = multipath.listen(e -> {
            if (e.kind() == MapEvent.Kind.MAP_REMOVED) {
                run(() -> forgetRemoved(e.map()));
            }
        });
    }

    private void forgetRemoved(String name) {
        maps.entrySet().removeIf(en -> {
            if (en.getValue().name().equals(name)) {
                LOG.info("{}: map removed from outside the assembly; its WWID {} is assembled again on its next "
                        + "path change", name, en.getKey());
                sink.disassembled(name);
                return true;
            }
            return false;
        });
    }

    @Override
    public void pathsAppeared(List<? extends PathDevice> devices) {
        List<PathDevice> copy = List.copyOf(devices);
        run(() -> copy.forEach(this::identify));
    }

    @Override
    public void pathsGone(List<? extends PathDevice> devices) {
        List<String> names = devices.stream().map(PathDevice::name).toList();
        run(() -> names.forEach(this::forget));
    }

    /** A new configuration (multipath.conf re-read, device rules changed): every path and map is looked at again. */
    public void reconfigure(Config fresh) {
        run(() -> {
            config = fresh;
            new ArrayList<>(paths.values()).forEach(p -> identify(p.device()));
        });
    }

    private void run(Runnable task) {
        if (closed) {
            return;
        }
        try {
            executor.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.error("assembly failed", e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing
        }
    }

    /** Computes on the assembly's thread, which owns its state. Never completes once the assembly is closed. */
    private <T> CompletableFuture<T> later(java.util.function.Supplier<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        run(() -> {
            try {
                result.complete(task.get());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    // ---- identification ----

    private void identify(PathDevice device) {
        String name = device.name();
        long gen = generation.merge(name, 1L, Long::sum);
        inFlight++;
        identifier.identify(device).thenCompose(outcome -> {
            if (outcome.path() == null) {
                return CompletableFuture.completedFuture(new Object[] {outcome, Prioritizer.UNDEFINED});
            }
            // a vendor's rules bundle is loaded only for paths the assembly may make a map of (find_multipaths
            // admits the WWID, or its map exists): hand-written maps and strict mode load nothing
            IdentifiedPath p = outcome.path();
            return later(() -> maps.containsKey(p.wwid()) || refusal(p.wwid(), Integer.MAX_VALUE) == null)
                    .thenCompose(candidate -> candidate ? vendorRules(p.identity().vendor())
                            : CompletableFuture.<Void>completedFuture(null))
                    .thenCompose(loaded -> prioritize(p))
                    .thenApply(prio -> new Object[] {outcome, prio});
        }).whenComplete((r, e) -> run(() -> {
            inFlight--;
            if (generation.getOrDefault(name, 0L) != gen) {
                markDirty(null);
                return;
            }
            if (e != null || ((PathIdentifier.Outcome) r[0]).path() == null) {
                String why = e != null ? e.toString() : ((PathIdentifier.Outcome) r[0]).why();
                LOG.info("{}: not identified: {}", name, why);
                drop(name);
                markDirty(null);
                return;
            }
            identified(((PathIdentifier.Outcome) r[0]).path(), (Integer) r[1]);
        }));
    }

    /**
     * The first path of a vendor has the repository's device rules for that vendor loaded (a vendor bundle declares
     * {@code mpathj.device_rules=VENDOR}), as the kernel loads a device handler module by its alias; its paths wait
     * for the load. A bundle that registers rules makes every path be identified again (reconfigure), so the maps
     * are built with its rules. Completes at once without a loader (plain tests) and for a vendor asked before.
     */
    private CompletableFuture<Void> vendorRules(String vendor) {
        if (vendor == null || vendor.isEmpty() || !types.loadsOnDemand()) {
            return CompletableFuture.completedFuture(null);
        }
        return vendorRules.computeIfAbsent(vendor, v -> CompletableFuture.runAsync(() -> {
            String said = types.loadDeviceRules(v);
            LOG.debug("device rules for vendor {}: {}", v, said);
        }, loads).exceptionally(e -> {
            LOG.warn("device rules for vendor {} could not be loaded: {}", vendor, e.toString());
            return null;
        }));
    }

    /** The path's priority by the prioritizer its settings name (prio, prio_args), UNDEFINED when there is none. */
    private CompletableFuture<Integer> prioritize(IdentifiedPath p) {
        EffectiveSettings s = config.merged().settingsFor(p.identity());
        String[] why = {""};
        try {
            var type = types.prioritizer(s.value("prio") == null ? "const" : s.value("prio"), why);
            if (type.isEmpty()) {
                return CompletableFuture.completedFuture(Prioritizer.UNDEFINED);
            }
            String args = s.value("prio_args");
            Prioritizer prio = type.get().create(args == null ? "" : args);
            return prio.priority(p.device(), Duration.ofSeconds(10)).toCompletableFuture()
                    .exceptionally(x -> Prioritizer.UNDEFINED);
        } catch (InvalidArgumentsException | RuntimeException e) {
            return CompletableFuture.completedFuture(Prioritizer.UNDEFINED);
        }
    }

    private void identified(IdentifiedPath p, int prio) {
        IdentifiedPath before = paths.put(p.name(), p);
        if (before != null && !before.wwid().equals(p.wwid())) {
            Set<String> old = byWwid.get(before.wwid());
            if (old != null) {
                old.remove(p.name());
            }
            markDirty(before.wwid());
        }
        byWwid.computeIfAbsent(p.wwid(), w -> new HashSet<>()).add(p.name());
        prios.put(p.name(), prio);
        markDirty(p.wwid());
    }

    private void forget(String name) {
        generation.merge(name, 1L, Long::sum);
        drop(name);
    }

    private void drop(String name) {
        IdentifiedPath p = paths.remove(name);
        prios.remove(name);
        if (p != null) {
            Set<String> s = byWwid.get(p.wwid());
            if (s != null) {
                s.remove(name);
            }
            markDirty(p.wwid());
        }
    }

    /** The daemon's checker saw a path's priority change: group_by_prio maps may need another table. */
    public void prioChanged(String pathName, int prio) {
        run(() -> {
            IdentifiedPath p = paths.get(pathName);
            Integer old = prios.get(pathName);
            if (p != null && (old == null || old != prio)) {
                prios.put(pathName, prio);
                markDirty(p.wwid());
            }
        });
    }

    // ---- assembly ----

    private void markDirty(String wwid) {
        if (wwid != null) {
            if (dirty.isEmpty()) {
                firstDirtyNanos = System.nanoTime();
            }
            dirty.add(wwid);
        }
        if (!settleScheduled && !dirty.isEmpty()) {
            settleScheduled = true;
            executor.schedule(() -> run(this::settle), SETTLE_DELAY_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void settle() {
        settleScheduled = false;
        if (dirty.isEmpty()) {
            return;
        }
        if (inFlight > 0 && System.nanoTime() - firstDirtyNanos < TimeUnit.MILLISECONDS.toNanos(SETTLE_MAX_MILLIS)) {
            markDirty(null); // wait for the identifications in flight, so a batch makes each map once
            return;
        }
        List<String> work = new ArrayList<>(dirty);
        dirty.clear();
        Map<String, String> claims = claims();
        for (String wwid : work) {
            try {
                evaluate(wwid, claims);
            } catch (RuntimeException e) {
                LOG.error("assembling WWID {} failed", wwid, e);
            }
        }
    }

    /** WWID → name of the map that is not the assembly's and holds a path of that WWID (hand-written maps). */
    private Map<String, String> claims() {
        Set<String> ours = new HashSet<>();
        maps.values().forEach(a -> ours.add(a.name()));
        Map<String, String> claims = new HashMap<>();
        for (MapView v : multipath.views()) {
            if (ours.contains(v.name())) {
                continue;
            }
            for (PathView pv : v.paths()) {
                IdentifiedPath p = paths.get(pv.name());
                if (p != null) {
                    claims.putIfAbsent(p.wwid(), v.name());
                }
            }
        }
        return claims;
    }

    private void evaluate(String wwid, Map<String, String> claims) {
        List<IdentifiedPath> ps = new ArrayList<>();
        for (String n : byWwid.getOrDefault(wwid, Set.of())) {
            IdentifiedPath p = paths.get(n);
            BlacklistVerdict v = config.merged().isBlacklisted(p.identity());
            if (v.blacklisted()) {
                LOG.debug("{}: {}", n, v.reason());
            } else {
                ps.add(p);
            }
        }
        ps.sort(Comparator.comparing(IdentifiedPath::name));
        if (ps.isEmpty() && byWwid.containsKey(wwid) && byWwid.get(wwid).isEmpty()) {
            byWwid.remove(wwid);
        }
        Assembled current = maps.get(wwid);
        String claimant = claims.get(wwid);
        if (current == null && claimant != null) {
            notAssembled.put(wwid, "claimed by map " + claimant + ", which the assembly did not make");
            return;
        }
        if (ps.isEmpty()) {
            if (current != null) {
                removeMap(wwid, current);
            } else {
                notAssembled.remove(wwid);
            }
            return;
        }
        List<PathIdentity> ids = ps.stream().map(IdentifiedPath::identity).toList();
        EffectiveSettings settings = config.merged().settingsForMap(wwid, ids);
        if (current == null) {
            String why = refusal(wwid, ps.size());
            if (why != null) {
                notAssembled.put(wwid, why);
                return;
            }
        }
        List<Grouping.Prioritized> prioritized = ps.stream()
                .map(p -> new Grouping.Prioritized(p, prios.getOrDefault(p.name(), Prioritizer.UNDEFINED))).toList();
        String table = TableBuilder.table(settings, Grouping.group(settings.value("path_grouping_policy"),
                prioritized));
        if (current != null && table.equals(current.table())) {
            if (!settings.all().equals(current.settings().all())) {
                maps.put(wwid, new Assembled(current.name(), table, settings));
                sink.assembled(current.name(), settings);
            }
            return;
        }
        String name = current != null ? current.name() : name(wwid, settings);
        sink.assembled(name, settings);
        try {
            if (current == null) {
                multipath.create(name, table);
                LOG.info("{}: created over {} path(s) of WWID {}: {}", name, ps.size(), wwid, table);
                config.wwids().remember(wwid);
            } else {
                multipath.reload(name, table, null);
                LOG.info("{}: reloaded ({} path(s)): {}", name, ps.size(), table);
            }
            maps.put(wwid, new Assembled(name, table, settings));
            notAssembled.remove(wwid);
        } catch (InvalidArgumentsException | RuntimeException e) {
            LOG.warn("{}: cannot {} the map of WWID {}: {} (table {})", name, current == null ? "create" : "reload",
                    wwid, e.getMessage(), table);
            notAssembled.put(wwid, (current == null ? "create" : "reload") + " refused: " + e.getMessage());
            if (current == null) {
                sink.disassembled(name);
            }
        }
    }

    /** Why find_multipaths does not admit a WWID that has no map yet, or null when it does. */
    private String refusal(String wwid, int paths) {
        var setting = config.merged().global("find_multipaths");
        String mode = setting == null ? "strict" : setting.value();
        boolean known = config.wwids().contains(wwid);
        return switch (mode) {
            case "off", "greedy" -> null;
            case "on", "smart" -> known || paths >= 2 ? null
                    : "find_multipaths " + mode + ": one path, and the WWID is not in the wwids file";
            default -> known ? null : "find_multipaths strict: the WWID is not in the wwids file";
        };
    }

    /** The map's name: the multipaths alias, else the binding (user_friendly_names), else the WWID. */
    private String name(String wwid, EffectiveSettings settings) {
        // asked of a few names only: not a set of every map's name per map (1,000 maps at once made that O(n²))
        java.util.function.Predicate<String> existing = n -> multipath.view(n).isPresent()
                || maps.values().stream().anyMatch(a -> a.name().equals(n));
        String alias = settings.value("alias");
        if (alias != null && !alias.isBlank()) {
            if (!existing.test(alias)) {
                return alias;
            }
            LOG.warn("alias {} of WWID {} is the name of another map; the map is named by its WWID", alias, wwid);
            return wwid;
        }
        if ("yes".equals(settings.value("user_friendly_names"))) {
            String prefix = settings.value("alias_prefix");
            String bound = config.bindings().bind(wwid, prefix == null ? "mpath" : prefix, existing);
            if (!existing.test(bound)) {
                return bound;
            }
            LOG.warn("binding {} of WWID {} is the name of another map; the map is named by its WWID", bound, wwid);
        }
        return wwid;
    }

    private void removeMap(String wwid, Assembled current) {
        try {
            multipath.remove(current.name(), false);
            LOG.info("{}: removed, the last path of WWID {} is gone", current.name(), wwid);
            maps.remove(wwid);
            notAssembled.remove(wwid);
            sink.disassembled(current.name());
        } catch (InvalidArgumentsException e) {
            if (multipath.view(current.name()).isEmpty()) {
                maps.remove(wwid);
                sink.disassembled(current.name());
                return;
            }
            LOG.info("{}: last path gone but the map stays: {} (tried again in {} s)", current.name(),
                    e.getMessage(), BUSY_RETRY_SECONDS);
            notAssembled.put(wwid, "no paths, kept: " + e.getMessage());
            executor.schedule(() -> run(() -> markDirty(wwid)), BUSY_RETRY_SECONDS, TimeUnit.SECONDS);
        }
    }

    // ---- views ----

    /**
     * One line per WWID the assembly knows: {@code WWID NAME paths=N policy handler} for maps, or
     * {@code WWID - paths=N: why not} for the others; then the paths that are waiting for identification.
     */
    public String describe() {
        return call(() -> {
            StringBuilder sb = new StringBuilder();
            Set<String> wwids = new java.util.TreeSet<>(byWwid.keySet());
            wwids.addAll(maps.keySet());
            for (String w : wwids) {
                Assembled a = maps.get(w);
                int n = byWwid.getOrDefault(w, Set.of()).size();
                if (a != null) {
                    sb.append(w).append(' ').append(a.name()).append(" paths=").append(n).append(' ')
                            .append(a.settings().value("path_grouping_policy")).append(" hwhandler=")
                            .append(TableBuilder.handlerOf(a.table()));
                    String note = notAssembled.get(w);
                    sb.append(note == null ? "" : " (" + note + ")").append('\n');
                } else {
                    sb.append(w).append(" - paths=").append(n).append(": ")
                            .append(notAssembled.getOrDefault(w, "waiting")).append('\n');
                }
            }
            if (inFlight > 0) {
                sb.append(inFlight).append(" path(s) being identified\n");
            }
            return sb.toString();
        });
    }

    /** What identification found for the first of these paths it knows, for views (multipath -ll's map line). */
    public Optional<PathIdentity> identityOf(List<String> pathNames) {
        return call(() -> pathNames.stream().map(paths::get).filter(java.util.Objects::nonNull)
                .map(IdentifiedPath::identity).findFirst());
    }

    /** The assembled maps by WWID → name, for tests and views. */
    public Map<String, String> assembledMaps() {
        return call(() -> {
            Map<String, String> m = new TreeMap<>();
            maps.forEach((w, a) -> m.put(w, a.name()));
            return m;
        });
    }

    /**
     * Waits until no path is being identified, at most {@code waitMillis}: a view asked for right after paths
     * appeared then shows what their identification found, every time, not depending on which came first. (Not
     * {@link #isSettled()}: a map that stays busy keeps its WWID unassembled for as long, and a view must not wait.)
     */
    public void awaitIdentified(long waitMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        while (call(() -> inFlight > 0) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    /** Whether nothing is waiting: no identification in flight, no change unassembled. */
    public boolean isSettled() {
        return call(() -> inFlight == 0 && dirty.isEmpty());
    }

    private <T> T call(java.util.concurrent.Callable<T> c) {
        try {
            return executor.submit(c).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        closed = true;
        if (subscription != null) {
            subscription.close();
        }
        executor.shutdownNow();
        loads.shutdownNow();
    }
}
