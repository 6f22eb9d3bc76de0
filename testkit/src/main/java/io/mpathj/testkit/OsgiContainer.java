package io.mpathj.testkit;

import io.mpathj.api.map.Multipath;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.util.tracker.ServiceTracker;

/**
 * An OSGi container in the test's JVM with the bundle under test, for a plug-in's container test (JUnit 5, no Pax
 * Exam): Felix with SCR and EventAdmin, mpathj's core and round-robin selector, and the bundles the test adds (its
 * own jar, e.g. {@code target/my-handler-1.0.0.jar}). Every platform bundle is found on the test's class path by its
 * {@code Bundle-SymbolicName} (the test kit's dependencies bring them), as a jar or an exploded folder.
 *
 * <p>The test and the bundles share the API's classes: mpathj's API ({@code io.mpathj.api.*}), slf4j and (when it is on
 * the class path) the simulator's packages are exported by the system bundle from the test's class path instead of
 * being installed, so the test can get the {@link Multipath} service, register a {@code PathDeviceProvider} (e.g. a
 * {@code SimArrayRegistry} with the vendor's personality) and call plug-in services directly.
 *
 * <pre>{@code
 * try (OsgiContainer osgi = OsgiContainer.builder().bundle(Path.of("target/my-handler-1.0.0.jar")).start()) {
 *     osgi.register(PathDeviceProvider.class, arrays, Map.of(PathDeviceProvider.SCHEME_PROPERTY, "sim"));
 *     osgi.multipath().create("m", "0 1 my_handler 1 1 round-robin 0 1 0 sim:a/P0/0");
 * }
 * }</pre>
 */
public final class OsgiContainer implements AutoCloseable {
    /** The platform installed by default, in install order (symbolic names). */
    public static final List<String> PLATFORM = List.of(
            "org.osgi.util.function",
            "org.osgi.util.promise",
            "org.osgi.service.component",
            "org.apache.felix.scr",
            "org.apache.felix.eventadmin",
            "io.mpathj.core",
            "io.mpathj.selector.round_robin");

    /** The bundles whose packages the system bundle exports from the class path (when they are on it). */
    public static final List<String> SHARED = List.of("io.mpathj.api", "slf4j.api", "io.mpathj.storage.sim");

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Framework framework;
    private final Path storage;
    private final List<Bundle> installed;
    private final List<TestMap> maps = new java.util.concurrent.CopyOnWriteArrayList<>();

    private OsgiContainer(Framework framework, Path storage, List<Bundle> installed) {
        this.framework = framework;
        this.storage = storage;
        this.installed = installed;
    }

    /** What goes into the container. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds and starts a container. */
    public static final class Builder {
        private final List<String> platform = new ArrayList<>(PLATFORM);
        private final List<String> shared = new ArrayList<>(SHARED);
        private final List<Path> bundles = new ArrayList<>();
        private final Map<String, String> properties = new HashMap<>();

        private Builder() {
        }

        /** Installs and starts this bundle (a jar or an exploded folder) after the platform, e.g. the one under test. */
        public Builder bundle(Path jarOrFolder) {
            bundles.add(jarOrFolder.toAbsolutePath());
            return this;
        }

        /** Also installs the bundle with this symbolic name from the class path (e.g. org.apache.felix.configadmin). */
        public Builder platformBundle(String symbolicName) {
            platform.add(symbolicName);
            return this;
        }

        /** Also exports this class-path bundle's packages from the system bundle instead of installing it. */
        public Builder share(String symbolicName) {
            shared.add(symbolicName);
            platform.remove(symbolicName);
            return this;
        }

        /** A framework property (e.g. {@code felix.log.level}). */
        public Builder property(String key, String value) {
            properties.put(key, value);
            return this;
        }

        /**
         * Starts the framework and every bundle; fails with the bundle and its reason when one does not resolve or
         * start.
         */
        public OsgiContainer start() throws IOException, BundleException {
            Map<String, Path> onClassPath = classPathBundles();
            List<String> systemPackages = new ArrayList<>();
            for (String bsn : shared) {
                Path p = onClassPath.get(bsn);
                if (p != null) {
                    for (ManifestChecker.Clause c : ManifestChecker.of(p).clauses("Export-Package")) {
                        String v = c.attribute("version");
                        systemPackages.add(c.path() + (v == null ? "" : ";version=\"" + v + "\""));
                    }
                }
            }
            Path storage = Files.createTempDirectory("mpathj-osgi");
            Map<String, String> config = new HashMap<>();
            config.put(Constants.FRAMEWORK_STORAGE, storage.toString());
            config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
            config.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, String.join(",", new LinkedHashSet<>(systemPackages)));
            config.put("felix.log.level", "1");
            config.putAll(properties);
            FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class, OsgiContainer.class.getClassLoader())
                    .findFirst().orElseThrow(() -> new IllegalStateException(
                            "no OSGi framework on the class path (org.apache.felix.framework)"));
            Framework framework = factory.newFramework(config);
            framework.start();
            List<Bundle> installed = new ArrayList<>();
            try {
                BundleContext context = framework.getBundleContext();
                for (String bsn : platform) {
                    Path p = onClassPath.get(bsn);
                    if (p == null) {
                        throw new IllegalStateException("bundle " + bsn + " is not on the test class path; there: "
                                + onClassPath.keySet());
                    }
                    installed.add(install(context, p));
                }
                for (Path p : bundles) {
                    installed.add(install(context, p));
                }
                // resolved together before any starts: the core reports a plug-in bundle it sees unresolved
                framework.adapt(FrameworkWiring.class).resolveBundles(installed);
                for (Bundle b : installed) {
                    if (b.getState() == Bundle.INSTALLED) {
                        try {
                            b.start(); // throws with the missing requirement
                        } catch (BundleException e) {
                            throw new BundleException(b.getSymbolicName() + " " + b.getVersion() + " from "
                                    + b.getLocation() + " does not resolve: " + e.getMessage(), e);
                        }
                    }
                }
                for (Bundle b : installed) {
                    if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                        try {
                            b.start();
                        } catch (BundleException e) {
                            throw new BundleException(b.getSymbolicName() + " " + b.getVersion() + " from "
                                    + b.getLocation() + " did not start: " + e.getMessage(), e);
                        }
                    }
                }
            } catch (BundleException | RuntimeException e) {
                stop(framework, storage);
                throw e;
            }
            return new OsgiContainer(framework, storage, Collections.unmodifiableList(installed));
        }

        private static Bundle install(BundleContext context, Path p) throws BundleException {
            String url = Files.isDirectory(p) ? "reference:" + p.toUri() : p.toUri().toString();
            return context.installBundle(url);
        }
    }

    /**
     * Every bundle on the class path by symbolic name: jars and folders with a {@code META-INF/MANIFEST.MF} naming a
     * {@code Bundle-SymbolicName}. The first of a name wins, as on the class path.
     */
    public static Map<String, Path> classPathBundles() throws IOException {
        Map<String, Path> out = new LinkedHashMap<>();
        Enumeration<URL> manifests = OsgiContainer.class.getClassLoader().getResources("META-INF/MANIFEST.MF");
        for (URL url : Collections.list(manifests)) {
            Manifest m;
            try (InputStream in = url.openStream()) {
                m = new Manifest(in);
            }
            String bsn = m.getMainAttributes().getValue(Constants.BUNDLE_SYMBOLICNAME);
            Path location = location(url);
            if (bsn != null && location != null) {
                out.putIfAbsent(bsn.split(";")[0].trim(), location);
            }
        }
        return out;
    }

    private static Path location(URL manifest) {
        try {
            String s = manifest.toString();
            if (s.startsWith("jar:file:")) {
                return Path.of(new URI(s.substring(4, s.indexOf("!/"))));
            }
            if (s.startsWith("file:")) {
                return Path.of(manifest.toURI()).getParent().getParent();
            }
        } catch (URISyntaxException | IllegalArgumentException e) {
            // not a file: ignore
        }
        return null;
    }

    /** The system bundle's context: install, look up services, register the test's own. */
    public BundleContext context() {
        return framework.getBundleContext();
    }

    /** The installed bundles (platform first, then the test's), in install order. */
    public List<Bundle> bundles() {
        return installed;
    }

    /** The installed bundle with this symbolic name (the newest version if several). */
    public Bundle bundle(String symbolicName) {
        Bundle found = null;
        for (Bundle b : context().getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())
                    && (found == null || b.getVersion().compareTo(found.getVersion()) > 0)) {
                found = b;
            }
        }
        if (found == null) {
            throw new AssertionError("no bundle " + symbolicName + " is installed");
        }
        return found;
    }

    /** Installs and starts another bundle (a hot deploy). */
    public Bundle install(Path jarOrFolder) throws BundleException {
        Bundle b = Builder.install(context(), jarOrFolder.toAbsolutePath());
        b.start();
        return b;
    }

    /**
     * The service of {@code type} matching {@code filter} (LDAP syntax, or null for any), waiting for it as long as
     * {@code timeout}: DS activates components asynchronously.
     */
    public <T> T service(Class<T> type, String filter, Duration timeout) throws InterruptedException {
        String f = "(" + Constants.OBJECTCLASS + "=" + type.getName() + ")";
        if (filter != null) {
            f = "(&" + f + filter + ")";
        }
        ServiceTracker<T, T> tracker;
        try {
            tracker = new ServiceTracker<>(context(), context().createFilter(f), null);
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException("bad filter " + filter + ": " + e.getMessage(), e);
        }
        tracker.open();
        try {
            T service = tracker.waitForService(timeout.toMillis());
            if (service == null) {
                throw new AssertionError("no " + f + " service within " + timeout + "; bundles: " + states());
            }
            return service;
        } finally {
            tracker.close();
        }
    }

    /** The map API ({@code Multipath}), waiting for the core to register it. */
    public Multipath multipath() throws InterruptedException {
        return service(Multipath.class, null, START_TIMEOUT);
    }

    /**
     * Creates a map through the container's {@link Multipath} and opens it for the test's I/O; the open is given
     * back and the map removed when the container closes.
     */
    public TestMap create(String name, String table) throws InterruptedException,
            io.mpathj.api.InvalidArgumentsException {
        Multipath multipath = multipath();
        multipath.create(name, table);
        TestMap map = new TestMap(multipath, name);
        maps.add(map);
        return map;
    }

    /** Registers a service from the test (e.g. a {@code PathDeviceProvider}) with these properties. */
    public <T> ServiceRegistration<T> register(Class<T> type, T service, Map<String, ?> properties) {
        Dictionary<String, Object> d = new Hashtable<>(properties);
        return context().registerService(type, service, d);
    }

    /** The service references of {@code type} registered now. */
    public List<ServiceReference<?>> references(Class<?> type) {
        try {
            ServiceReference<?>[] refs = context().getAllServiceReferences(type.getName(), null);
            return refs == null ? List.of() : List.of(refs);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every bundle with its state, for failure messages. */
    public String states() {
        StringBuilder s = new StringBuilder();
        for (Bundle b : context().getBundles()) {
            s.append(s.length() == 0 ? "" : ", ").append(b.getSymbolicName()).append(' ').append(b.getVersion())
                    .append(' ').append(switch (b.getState()) {
                        case Bundle.ACTIVE -> "ACTIVE";
                        case Bundle.RESOLVED -> "RESOLVED";
                        case Bundle.INSTALLED -> "INSTALLED";
                        case Bundle.STARTING -> "STARTING";
                        case Bundle.STOPPING -> "STOPPING";
                        default -> "UNINSTALLED";
                    });
        }
        return s.toString();
    }

    /** Refreshes the framework's wiring (after an uninstall or update), waiting for it. */
    public void refresh() throws InterruptedException {
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        framework.adapt(FrameworkWiring.class).refreshBundles(null, e -> done.countDown());
        done.await();
    }

    /** Stops the framework and deletes its storage. */
    @Override
    public void close() {
        for (TestMap map : maps) {
            map.release();
            try {
                multipath().remove(map.name(), true);
            } catch (Exception e) {
                // the framework stops anyway
            }
        }
        stop(framework, storage);
    }

    private static void stop(Framework framework, Path storage) {
        try {
            framework.stop();
            framework.waitForStop(START_TIMEOUT.toMillis());
        } catch (BundleException e) {
            throw new IllegalStateException("the framework did not stop: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try (Stream<Path> files = Files.walk(storage)) {
                for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
            } catch (IOException e) {
                // a temp folder left behind is harmless
            }
        }
    }

}
