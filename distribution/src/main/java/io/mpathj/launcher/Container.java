package io.mpathj.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.startlevel.BundleStartLevel;

/**
 * The Felix container: framework properties, the bundles carried in this jar ({@code bundles/boot/} started,
 * {@code bundles/repository/} copied to the home for on-demand loading), and the default configuration files.
 */
final class Container {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Container.class);
    /** slf4j lives on the launcher's class path and is exported by the system bundle, at both API versions. */
    private static final String SYSTEM_PACKAGES = "org.slf4j;version=2.0.17,org.slf4j.spi;version=2.0.17,"
            + "org.slf4j.helpers;version=2.0.17,org.slf4j.event;version=2.0.17";
    static final String MAP_FACTORY_PID = "io.mpathj.map";
    static final String ARRAY_FACTORY_PID = "io.mpathj.sim.array";
    /** The embedded default: a two-group ALUA array and a map over its four paths, alua + round-robin. */
    static final String DEFAULT_TABLE = "0 1 alua 2 1 round-robin 0 2 0 sim:array1/A0/0 sim:array1/A1/0 "
            + "round-robin 0 2 0 sim:array1/B0/0 sim:array1/B1/0";

    private static final String INTERACTIVE_SHELL = "org.apache.felix.gogo.jline";
    private static final String FILE_INSTALL = "org.apache.felix.fileinstall";

    private final Path home;
    private final boolean interactive;
    private Bundle shell;

    Container(Path home, boolean interactive) {
        this.home = home;
        this.interactive = interactive;
    }

    Framework start() throws IOException, BundleException {
        Path etc = home.resolve("etc");
        Path deploy = home.resolve("deploy");
        Files.createDirectories(deploy);
        if (!Files.isDirectory(etc)) {
            Files.createDirectories(etc);
            writeDefaults(etc);
        }
        // ConfigAdmin keeps its copy of the configurations in a folder emptied at every start, so FileInstall
        // re-reads etc/ and etc/ alone decides which maps and arrays exist: a file removed while the container was
        // stopped is gone, an edited one takes its new contents (maps made with mpath:create are never persisted)
        Path configCache = home.resolve("felix-cache").resolve("configadmin");
        deleteTree(configCache);
        Map<String, Object> props = new HashMap<>();
        props.put(Constants.FRAMEWORK_STORAGE, home.resolve("felix-cache").toString());
        props.put(Constants.FRAMEWORK_BEGINNING_STARTLEVEL, "5");
        props.put("felix.cm.dir", configCache.toString());
        // the framework's own messages (a bundle that cannot resolve, with the missing requirement) go to the log
        props.put("felix.log.logger", new FrameworkLog());
        props.put("felix.log.level", "3");
        // FileInstall logs through java.util.logging, which the launcher sends to the log
        props.put("felix.fileinstall.log.default", "jul");
        // Felix EventAdmin has no LogService here and prints its warnings on stdout, where a script would show them;
        // at a stop it warns that the framework's own events were cut short ("Event Task Processing Interrupted"),
        // which is no news: errors only
        props.put("org.apache.felix.eventadmin.LogLevel", "1");
        props.put("gosh.home", writeShellProfile().toString());
        props.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, SYSTEM_PACKAGES);
        props.put("felix.fileinstall.dir", deploy + "," + etc);
        // FileInstall acts on a new file only once two scans in a row saw it unchanged, so a jar copied into deploy/
        // is installed one to two polls later: 250 ms keeps hot deploy under a second (HotDeployBenchmark), for a
        // scan of two small folders four times a second (about 0.1 % of a core more than 1000 ms: BENCHMARKS.md)
        props.put("felix.fileinstall.poll", System.getProperty("felix.fileinstall.poll", "250"));
        props.put("felix.fileinstall.noInitialDelay", "true");
        props.put("felix.fileinstall.log.level", "3");
        // the files in etc/ are the source of truth; FileInstall must not rewrite them from ConfigAdmin
        props.put("felix.fileinstall.enableConfigSave", "false");
        props.put("gosh.args", interactive ? "" : "--nointeractive");
        props.put("mpathj.repository", home.resolve("repository").resolve("index.xml").toUri().toString());
        // bundles that keep files in the home (the NBD server's socket) find it here
        props.put("mpathj.home", home.toString());
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("felix.")
                || k.startsWith("mpathj.") || k.startsWith("org.osgi.")).forEach(k -> props.put(k,
                System.getProperty(k)));

        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).iterator().next();
        @SuppressWarnings({"unchecked", "rawtypes"}) // Felix takes object values (the logger) in its map
        Framework framework = factory.newFramework((Map) props);
        framework.init();
        BundleContext context = framework.getBundleContext();
        context.addFrameworkListener(FrameworkLog::frameworkEvent);
        copyRepository(home.resolve("repository"), resources("bundles/repository/", ".jar", ".xml"));
        List<Bundle> bundles = new ArrayList<>();
        // the digest of each boot jar as last installed, in the system bundle's data area of felix-cache: a restart
        // updates only the bundles whose jar changed (a new build), not all of them every time
        Path digestFile = context.getDataFile("boot-digests.properties").toPath();
        Properties digests = new Properties();
        if (Files.isRegularFile(digestFile)) {
            try (InputStream in = Files.newInputStream(digestFile)) {
                digests.load(in);
            }
        }
        for (Map.Entry<String, byte[]> e : resources("bundles/boot/", ".jar").entrySet()) {
            String location = "mpathj:boot/" + e.getKey();
            String digest = digest(e.getValue());
            Bundle existing = context.getBundle(location);
            if (existing != null && digest.equals(digests.getProperty(location))) {
                bundles.add(existing);
            } else {
                bundles.add(installOrUpdate(context, location, e.getValue()));
                digests.setProperty(location, digest);
            }
        }
        Files.createDirectories(digestFile.getParent());
        try (java.io.OutputStream out = Files.newOutputStream(digestFile)) {
            digests.store(out, "SHA-256 of the boot bundles as installed by the launcher");
        }
        Bundle fileInstall = null;
        for (Bundle b : bundles) {
            if (INTERACTIVE_SHELL.equals(b.getSymbolicName())) {
                // the jline shell is started only by startShell(), transiently: an older felix-cache may still
                // mark it as started, and it would then run its profile without a terminal in a script
                b.stop();
                shell = b;
            } else if (FILE_INSTALL.equals(b.getSymbolicName())) {
                // FileInstall is started last, transiently (stopped here for a felix-cache that marks it started):
                // the configurations of etc/ then reach maps whose handlers and selectors are already registered,
                // instead of failing and waiting for core's retry a second later
                b.stop();
                fileInstall = b;
            }
        }
        for (Bundle b : bundles) {
            b.adapt(BundleStartLevel.class).setStartLevel(startLevel(b.getSymbolicName()));
        }
        framework.start();
        bundles.sort(java.util.Comparator.comparingInt(b -> startLevel(b.getSymbolicName())));
        for (Bundle b : bundles) {
            // the jline shell needs a terminal; scripts run through the command processor instead
            if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null && b != shell && b != fileInstall) {
                b.start();
            }
        }
        if (fileInstall != null) {
            fileInstall.start(Bundle.START_TRANSIENT);
        }
        return framework;
    }

    /**
     * Start levels, so that a container starts and stops in the order its parts depend on each other: the
     * framework's own services first, then the plug-ins (selectors, handlers, transports), then the core, which
     * finds them all when it activates, then the users of the maps: the daemon (multipathd) that drives them and
     * the NBD export that serves them; FileInstall comes last (started transiently above). Stopping runs the other
     * way: NBD clients give their maps back and the daemon lets go before the core removes them, and the core
     * removes its maps before the plug-ins leave, so no map is left to miss them.
     */
    static int startLevel(String symbolicName) {
        if (symbolicName.equals(FILE_INSTALL)) {
            return 5;
        }
        if (symbolicName.equals("io.mpathj.daemon") || symbolicName.equals("io.mpathj.export.nbd")) {
            return 4;
        }
        if (symbolicName.equals("io.mpathj.core")) {
            return 3;
        }
        return symbolicName.startsWith("io.mpathj.") ? 2 : 1;
    }

    /** Starts the interactive jline shell (its prompt appears): once the configured maps have settled. */
    void startShell() throws BundleException {
        if (!interactive || shell == null) {
            throw new IllegalStateException("the container was not started for the interactive shell");
        }
        shell.start(Bundle.START_TRANSIENT);
    }

    /** The launcher's gosh_profile, written at every start to {@code shell/etc/} under the home (gosh.home). */
    private Path writeShellProfile() throws IOException {
        Path dir = home.resolve("shell");
        Files.createDirectories(dir.resolve("etc"));
        Map<String, byte[]> profile = resources("shell/", "gosh_profile");
        Files.write(dir.resolve("etc").resolve("gosh_profile"), profile.get("gosh_profile"));
        return dir;
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }

    private static void writeDefaults(Path etc) throws IOException {
        Files.writeString(etc.resolve(ARRAY_FACTORY_PID + "-array1.cfg"), String.join("\n",
                "# the embedded default array: port groups A (active/optimized, preferred) and B (standby)",
                "name=array1", "personality=alua", "tpgs=both", "port_groups=2", "ports_per_group=2", "luns=1",
                "lun_blocks=2097152", "block_size=512", ""), StandardCharsets.UTF_8);
        Files.writeString(etc.resolve(MAP_FACTORY_PID + "-mpatha.cfg"), String.join("\n",
                "# the embedded default map over array1's four paths",
                "name=mpatha", "table=" + DEFAULT_TABLE, ""), StandardCharsets.UTF_8);
        Files.writeString(etc.resolve("io.mpathj.daemon.cfg"), String.join("\n",
                "# the daemon (multipathd) defaults; per map: io.mpathj.daemon.map-NAME.cfg with map=NAME",
                "polling_interval=5", "max_polling_interval=20", "checker_timeout=30", "path_checker=tur",
                "prio=alua", "prio_args=", "failback=manual", "#no_path_retry=queue", ""), StandardCharsets.UTF_8);
    }

    private static String digest(byte[] jar) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(jar));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private static Bundle installOrUpdate(BundleContext context, String location, byte[] jar)
            throws BundleException {
        Bundle existing = context.getBundle(location);
        if (existing == null) {
            return context.installBundle(location, new java.io.ByteArrayInputStream(jar));
        }
        existing.update(new java.io.ByteArrayInputStream(jar));
        return existing;
    }

    /**
     * The plug-in bundles that are not started at boot: they are loaded on demand from here. A file is (re)written
     * only when it is missing or still holds what the launcher shipped last time (its digest is kept in
     * {@code repository/.shipped.properties}): a file the operator edited or replaced (an index listing a vendor's
     * bundles, a patched jar) is left alone, with a warning when the build ships a different one.
     */
    static void copyRepository(Path repository, Map<String, byte[]> shipped) throws IOException {
        Files.createDirectories(repository);
        Path record = repository.resolve(".shipped.properties");
        Properties digests = new Properties();
        if (Files.isRegularFile(record)) {
            try (InputStream in = Files.newInputStream(record)) {
                digests.load(in);
            }
        }
        for (Map.Entry<String, byte[]> e : shipped.entrySet()) {
            Path target = repository.resolve(e.getKey());
            String digest = digest(e.getValue());
            if (Files.isRegularFile(target)) {
                String current = digest(Files.readAllBytes(target));
                if (current.equals(digest)) {
                    digests.setProperty(e.getKey(), digest);
                    continue;
                }
                if (!current.equals(digests.getProperty(e.getKey()))) {
                    LOG.warn("repository/{} was changed by hand: kept (the build ships another one; delete the file "
                            + "to take it)", e.getKey());
                    continue;
                }
            }
            Path tmp = repository.resolve(e.getKey() + ".tmp");
            Files.write(tmp, e.getValue());
            Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            digests.setProperty(e.getKey(), digest);
        }
        try (java.io.OutputStream out = Files.newOutputStream(record)) {
            digests.store(out, "SHA-256 of the files the launcher last wrote here; a file that differs was edited");
        }
    }

    /** Jar files under a resource folder of this launcher's own jar (or class folder, when run from a build). */
    private static Map<String, byte[]> resources(String folder, String... suffixes) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        Path source;
        try {
            source = Path.of(Container.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IOException("cannot locate the launcher's jar", e);
        }
        if (Files.isDirectory(source)) {
            Path dir = source.resolve(folder);
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path f : files.filter(p -> endsWithAny(p.toString(), suffixes)).toList()) {
                        out.put(f.getFileName().toString(), Files.readAllBytes(f));
                    }
                }
            }
            return out;
        }
        try (JarFile jar = new JarFile(source.toFile())) {
            for (JarEntry e : java.util.Collections.list(jar.entries())) {
                String name = e.getName();
                if (name.startsWith(folder) && endsWithAny(name, suffixes) && name.indexOf('/', folder.length()) < 0) {
                    try (InputStream in = jar.getInputStream(e)) {
                        out.put(name.substring(folder.length()), in.readAllBytes());
                    }
                }
            }
        }
        return out;
    }

    private static boolean endsWithAny(String name, String... suffixes) {
        for (String s : suffixes) {
            if (name.endsWith(s)) {
                return true;
            }
        }
        return false;
    }
}
