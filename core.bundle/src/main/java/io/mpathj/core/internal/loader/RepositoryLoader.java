package io.mpathj.core.internal.loader;

import io.mpathj.api.handler.HardwareHandlerType;
import io.mpathj.api.selector.PathSelectorType;
import io.mpathj.core.internal.registry.TypeLoader;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.InvalidSyntaxException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code request_module("dm-%s")} analogue: a table names a handler or selector that nobody provides, so look
 * for a bundle that declares the capability {@code mpathj.hw_handler;mpathj.hw_handler=NAME} (or
 * {@code mpathj.path_selector}) in the configured repository indexes, install and start the highest version, and
 * wait a bounded time for its service. Concurrent requests for one name share one load. Bundles come only from the
 * configured indexes.
 */
public final class RepositoryLoader implements TypeLoader {
    private static final Logger LOG = LoggerFactory.getLogger(RepositoryLoader.class);
    private static final long POLL_MILLIS = 10;

    private final BundleContext context;
    private final List<URI> indexes;
    private final Predicate<String> handlerAvailable;
    private final Predicate<String> selectorAvailable;
    private final long waitMillis;
    private final Map<String, CompletableFuture<String>> inflight = new ConcurrentHashMap<>();

    /**
     * @param indexes the repository index files to search, in order
     * @param handlerAvailable whether a hardware handler of a name is registered (the loader waits for it)
     * @param selectorAvailable the same for path selectors
     * @param waitMillis how long to wait for the service after starting the bundle
     */
    public RepositoryLoader(BundleContext context, List<URI> indexes, Predicate<String> handlerAvailable,
            Predicate<String> selectorAvailable, long waitMillis) {
        this.context = context;
        this.indexes = List.copyOf(indexes);
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
            mine.complete(describeIndexes());
            throw e;
        } finally {
            inflight.remove(namespace + "=" + name, mine);
        }
    }

    private String loadOnce(String kind, String namespace, String name, Predicate<String> available) {
        String searched = describeIndexes();
        if (!isName(name)) {
            return searched; // nothing a filter could safely match
        }
        for (URI location : indexes) {
            List<IndexedBundle> found;
            try {
                found = RepositoryIndex.read(location).providers(namespace, "(" + namespace + "=" + name + ")");
            } catch (IOException | InvalidSyntaxException e) {
                LOG.warn("repository {} cannot be searched: {}", location, e.getMessage());
                continue;
            }
            if (found.isEmpty()) {
                continue;
            }
            IndexedBundle best = found.get(0);
            try {
                Bundle bundle = context.installBundle(best.content().toString());
                bundle.start();
                LOG.info("loaded {} {} on demand: {} {} from {}", kind, name, best.symbolicName(), best.version(),
                        location);
            } catch (BundleException | SecurityException | IllegalStateException e) {
                LOG.error("loading {} {} from {} failed: {}", kind, name, best.content(), e.getMessage());
                return searched + " (" + best.symbolicName() + " " + best.version() + " would not start: "
                        + e.getMessage() + ")";
            }
            if (waitFor(available, name)) {
                return searched;
            }
            return searched + " (" + best.symbolicName() + " started but registered no " + kind + " " + name
                    + " within " + waitMillis + " ms)";
        }
        return searched;
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

    private String describeIndexes() {
        return indexes.isEmpty() ? "no repositories are configured" : "repositories " + String.join(", ",
                indexes.stream().map(URI::toString).toList());
    }
}
