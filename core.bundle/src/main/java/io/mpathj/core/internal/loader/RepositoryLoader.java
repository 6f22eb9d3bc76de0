package io.mpathj.core.internal.loader;

import io.mpathj.api.handler.HardwareHandlerType;
import io.mpathj.api.selector.PathSelectorType;
import io.mpathj.core.internal.registry.TypeLoader;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.wiring.BundleRevision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code request_module("dm-%s")} analogue: a table names a handler or selector that nobody provides, so look
 * for a bundle that declares the capability {@code mpathj.hw_handler;mpathj.hw_handler=NAME} (or
 * {@code mpathj.path_selector}) in the configured repository indexes, install and start the highest version among
 * all of them whose {@code io.mpathj.api} imports resolve against the running API, and wait a bounded time for its
 * service. A bundle of that name that is already installed but stopped is started again (or, when an index has a
 * higher version, updated to it) rather than installed a second time. Concurrent requests for one name share one
 * load. Bundles come only from the configured indexes.
 */
public final class RepositoryLoader implements TypeLoader {
    private static final Logger LOG = LoggerFactory.getLogger(RepositoryLoader.class);
    private static final long POLL_MILLIS = 10;

    private final BundleContext context;
    private final Supplier<List<URI>> indexes;
    private final Predicate<String> handlerAvailable;
    private final Predicate<String> selectorAvailable;
    private final long waitMillis;
    private final Map<String, CompletableFuture<String>> inflight = new ConcurrentHashMap<>();

    /**
     * @param indexes the repository index files to search, asked at every load (the list can change)
     * @param handlerAvailable whether a hardware handler of a name is registered (the loader waits for it)
     * @param selectorAvailable the same for path selectors
     * @param waitMillis how long to wait for the service after starting the bundle
     */
    public RepositoryLoader(BundleContext context, Supplier<List<URI>> indexes, Predicate<String> handlerAvailable,
            Predicate<String> selectorAvailable, long waitMillis) {
        this.context = context;
        this.indexes = indexes;
        this.handlerAvailable = handlerAvailable;
        this.selectorAvailable = selectorAvailable;
        this.waitMillis = waitMillis;
    }

    @Override
    public String load(String kind, String name) {
        boolean handler = kind.equals("hardware handler");
        String namespace = handler ? HardwareHandlerType.CAPABILITY_NAMESPACE : PathSelectorType.CAPABILITY_NAMESPACE;
        return load(kind, namespace, name, handler ? handlerAvailable : selectorAvailable);
    }

    /**
     * The public {@code PluginLoader}: installs and starts the provider of a capability of any namespace (path
     * checkers, prioritizers) without waiting for a service; the caller waits for its own kind.
     */
    public String loadCapability(String namespace, String name) {
        return load(namespace, namespace, name, n -> true);
    }

    private String load(String kind, String namespace, String name, Predicate<String> available) {
        CompletableFuture<String> mine = new CompletableFuture<>();
        CompletableFuture<String> running = inflight.putIfAbsent(namespace + "=" + name, mine);
        if (running != null) {
            return running.join(); // someone is loading this name: share the outcome
        }
        try {
            String searched = loadOnce(kind, namespace, name, available);
            mine.complete(searched);
            return searched;
        } catch (RuntimeException e) {
            mine.complete(describeIndexes(indexes.get()));
            throw e;
        } finally {
            inflight.remove(namespace + "=" + name, mine);
        }
    }

    private String loadOnce(String kind, String namespace, String name, Predicate<String> available) {
        List<URI> searchedIndexes = indexes.get();
        String searched = describeIndexes(searchedIndexes);
        if (!isName(name)) {
            return searched; // nothing a filter could safely match
        }
        List<Map<String, Object>> exports = PackageRequirements.exports(context);
        List<String> incompatible = new ArrayList<>();
        Candidate best = best(searchedIndexes, namespace, name, exports, incompatible);
        Bundle installed = installedProvider(context, namespace, name);
        String what;
        try {
            if (installed != null && (best == null || installed.getVersion().compareTo(best.bundle().version()) >= 0)) {
                // installed but stopped (mpath:unload, a failed start, or an older load): start it again
                List<String> missing = PackageRequirements.missing(installed, context);
                if (!missing.isEmpty()) {
                    return searched + " (" + describe(installed) + " is installed but cannot resolve: "
                            + String.join(", ", missing) + ")";
                }
                installed.start();
                what = "started the installed " + describe(installed);
            } else if (best != null && installed != null) {
                String before = describe(installed);
                try (InputStream in = best.bundle().content().toURL().openStream()) {
                    installed.update(in);
                }
                installed.start();
                what = "replaced the installed " + before + " with " + best.describe();
            } else if (best != null) {
                Bundle bundle = context.installBundle(best.bundle().content().toString());
                bundle.start();
                what = "loaded " + best.describe();
            } else {
                return searched + (incompatible.isEmpty() ? "" : " (incompatible with the running API: "
                        + String.join("; ", incompatible) + ")");
            }
        } catch (BundleException | IOException | SecurityException | IllegalStateException e) {
            String which = best != null ? best.describe() : describe(installed);
            LOG.error("loading {} {} ({}) failed: {}", kind, name, which, e.getMessage());
            return searched + " (" + which + " would not start: " + e.getMessage() + ")";
        }
        LOG.info("{} {} on demand: {}", kind, name, what);
        if (waitFor(available, name)) {
            return searched;
        }
        return searched + " (" + what + " but it registered no " + kind + " " + name + " within " + waitMillis
                + " ms)";
    }

    /** An index's bundle and where it was found. */
    private record Candidate(URI index, IndexedBundle bundle) {
        String describe() {
            return bundle.symbolicName() + " " + bundle.version() + " from " + index;
        }
    }

    /**
     * The highest version among every index of a bundle that provides the name and whose {@code io.mpathj.api}
     * imports resolve against the running API; on equal versions the first index wins. The others that provide it
     * but would not resolve are added to {@code incompatible}, with what they miss.
     */
    private static Candidate best(List<URI> indexes, String namespace, String name, List<Map<String, Object>> exports,
            List<String> incompatible) {
        Candidate best = null;
        for (URI location : indexes) {
            List<IndexedBundle> found;
            try {
                found = RepositoryIndex.read(location).providers(namespace, "(" + namespace + "=" + name + ")");
            } catch (IOException | InvalidSyntaxException e) {
                LOG.warn("repository {} cannot be searched: {}", location, e.getMessage());
                continue;
            }
            for (IndexedBundle b : found) {
                List<String> missing = PackageRequirements.missingApi(b.requirements(), exports);
                if (!missing.isEmpty()) {
                    incompatible.add(b.symbolicName() + " " + b.version() + " from " + location + " needs "
                            + String.join(", ", missing));
                } else if (best == null || b.version().compareTo(best.bundle().version()) > 0) {
                    best = new Candidate(location, b);
                }
            }
        }
        return best;
    }

    /** The highest version of an installed bundle that declares the capability {@code namespace=name}. */
    static Bundle installedProvider(BundleContext context, String namespace, String name) {
        Bundle best = null;
        for (Bundle b : context.getBundles()) {
            if (b.getState() == Bundle.UNINSTALLED || !provides(b, namespace, name)) {
                continue;
            }
            if (best == null || b.getVersion().compareTo(best.getVersion()) > 0) {
                best = b;
            }
        }
        return best;
    }

    /** Whether a bundle's manifest declares the capability {@code namespace=name}. */
    static boolean provides(Bundle bundle, String namespace, String name) {
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        return revision != null && revision.getDeclaredCapabilities(namespace).stream()
                .anyMatch(c -> name.equals(c.getAttributes().get(namespace)));
    }

    private static String describe(Bundle bundle) {
        return bundle.getSymbolicName() + " " + bundle.getVersion();
    }

    private boolean waitFor(Predicate<String> available, String name) {
        long end = System.nanoTime() + waitMillis * 1_000_000L;
        while (!available.test(name)) {
            if (System.nanoTime() > end) {
                return false;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** Handler and selector names are plain words; anything else never reaches an LDAP filter. */
    private static boolean isName(String name) {
        return !name.isEmpty() && name.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-' || c == '_'
                || c == '.');
    }

    private static String describeIndexes(List<URI> indexes) {
        return indexes.isEmpty() ? "no repositories are configured" : "repositories " + String.join(", ",
                indexes.stream().map(URI::toString).toList());
    }
}
