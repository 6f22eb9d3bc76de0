package io.mpathj.core.internal.osgi;

import io.mpathj.api.handler.HardwareHandlerType;
import io.mpathj.core.internal.loader.PackageRequirements;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.wiring.BundleRevision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plug-in bundles that are installed but do not serve: a bundle declaring a handler or selector capability
 * ({@code mpathj.hw_handler=NAME}, {@code mpathj.path_selector=NAME}) that did not resolve (with the requirements
 * the framework cannot satisfy, e.g. {@code io.mpathj.api.handler; version=[1.1.0,2.0.0) missing}), or that was
 * started and is not active, or is active but registered no service of its name. Each is logged once at ERROR
 * (a second after it was installed or updated, so a start in progress is not reported) and listed by
 * {@code mpath:handlers} / {@code mpath:selectors} with its state and reason.
 */
final class PluginBundles implements BundleListener, FrameworkListener {
    private static final Logger LOG = LoggerFactory.getLogger(PluginBundles.class);
    private static final long SETTLE_MILLIS = 1000;

    /** One plug-in bundle that does not serve its name. */
    record Problem(String name, Bundle bundle, String state, String reason) {
        String describe() {
            return bundle.getSymbolicName() + " " + bundle.getVersion();
        }
    }

    private final BundleContext context;
    private final ScheduledExecutorService executor;
    private final List<String> namespaces;
    /** Whether a name of a namespace is registered (served by some provider). */
    private final BiPredicate<String, String> served;
    /** The last start failure the framework reported per bundle id. */
    private final Map<Long, String> failures = new ConcurrentHashMap<>();
    /** What was logged per bundle id, so each problem is logged once. */
    private final Map<Long, String> logged = new ConcurrentHashMap<>();

    PluginBundles(BundleContext context, ScheduledExecutorService executor, List<String> namespaces,
            BiPredicate<String, String> served) {
        this.context = context;
        this.executor = executor;
        this.namespaces = List.copyOf(namespaces);
        this.served = served;
    }

    void open() {
        context.addBundleListener(this);
        context.addFrameworkListener(this);
        for (Bundle b : context.getBundles()) {
            check(b);
        }
    }

    void close() {
        context.removeBundleListener(this);
        context.removeFrameworkListener(this);
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        Bundle b = event.getBundle();
        switch (event.getType()) {
            case BundleEvent.UNINSTALLED -> {
                failures.remove(b.getBundleId());
                logged.remove(b.getBundleId());
            }
            case BundleEvent.STARTED -> failures.remove(b.getBundleId());
            case BundleEvent.INSTALLED, BundleEvent.UPDATED, BundleEvent.UNRESOLVED, BundleEvent.RESOLVED,
                    BundleEvent.STOPPED -> later(b);
            default -> {
            }
        }
    }

    @Override
    public void frameworkEvent(FrameworkEvent event) {
        if (event.getType() == FrameworkEvent.ERROR && event.getBundle() != null && event.getThrowable() != null
                && isPlugin(event.getBundle())) {
            failures.put(event.getBundle().getBundleId(), event.getThrowable().getMessage());
            later(event.getBundle());
        }
    }

    private void later(Bundle b) {
        if (!isPlugin(b)) {
            return;
        }
        try {
            executor.schedule(() -> check(b), SETTLE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // shutting down
        }
    }

    /** Logs a bundle's problem once (per bundle and problem). */
    private void check(Bundle b) {
        for (String namespace : namespaces) {
            for (Problem p : problems(b, namespace)) {
                String key = namespace + "=" + p.name() + ":" + p.state() + ":" + p.reason() + "@"
                        + b.getLastModified();
                if (!key.equals(logged.put(b.getBundleId(), key))) {
                    LOG.error("plug-in bundle {} ({} {}) is {}: {}", p.describe(), kind(namespace), p.name(),
                            p.state(), p.reason());
                }
            }
        }
    }

    /** The plug-in bundles of a namespace that do not serve their names. */
    List<Problem> problems(String namespace) {
        List<Problem> out = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            out.addAll(problems(b, namespace));
        }
        return out;
    }

    private List<Problem> problems(Bundle b, String namespace) {
        List<String> names = names(b, namespace);
        if (names.isEmpty()) {
            return List.of();
        }
        String state;
        String reason;
        switch (b.getState()) {
            case Bundle.INSTALLED -> {
                List<String> missing = PackageRequirements.missing(b, context);
                state = "unresolved";
                reason = missing.isEmpty() ? "the framework cannot resolve it (mpathj.log names the requirement)"
                        : String.join(", ", missing);
            }
            case Bundle.RESOLVED -> {
                BundleStartLevel level = b.adapt(BundleStartLevel.class);
                if (level == null || !level.isPersistentlyStarted()) {
                    return List.of(); // stopped on purpose (mpath:unload, or not wanted yet)
                }
                state = "failed";
                reason = "it was started and is not active: " + failures.getOrDefault(b.getBundleId(),
                        "its activator failed (mpathj.log has the exception)");
            }
            case Bundle.ACTIVE -> {
                List<Problem> out = new ArrayList<>();
                for (String name : names) {
                    if (!served.test(namespace, name)) {
                        out.add(new Problem(name, b, "failed", "active but registered no " + kind(namespace) + " "
                                + name + " (its component failed to activate: mpathj.log has the exception)"));
                    }
                }
                return out;
            }
            default -> {
                return List.of(); // starting, stopping or uninstalled: in transition
            }
        }
        List<Problem> out = new ArrayList<>();
        for (String name : names) {
            out.add(new Problem(name, b, state, reason));
        }
        return out;
    }

    private boolean isPlugin(Bundle b) {
        return namespaces.stream().anyMatch(n -> !names(b, n).isEmpty());
    }

    /** The names a bundle's manifest declares in a capability namespace. */
    private static List<String> names(Bundle b, String namespace) {
        if (b.getState() == Bundle.UNINSTALLED) {
            return List.of();
        }
        BundleRevision revision = b.adapt(BundleRevision.class);
        if (revision == null) {
            return List.of();
        }
        return revision.getDeclaredCapabilities(namespace).stream().map(c -> c.getAttributes().get(namespace))
                .filter(String.class::isInstance).map(String.class::cast).toList();
    }

    private static String kind(String namespace) {
        return namespace.equals(HardwareHandlerType.CAPABILITY_NAMESPACE) ? "hardware handler" : "path selector";
    }
}
