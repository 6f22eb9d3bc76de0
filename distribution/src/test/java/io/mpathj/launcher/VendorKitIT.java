package io.mpathj.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a storage vendor does, end to end, at {@code mvn verify}: generate a handler project from the archetype, out
 * of this tree; build it offline ({@code mvn -o verify}: its unit, map, manifest and container tests pass) against
 * the mpathj artifacts this build made; drop its handler and its simulated-array bundle into a running container's
 * {@code deploy/}; create an array of its personality and a map naming its handler; run verified I/O; fail a port
 * group and see the handler's pg_init start the standby controller; then build version 1.0.1 and drop it in under a
 * new file name while I/O runs: 0 errors, and the handler is 1.0.1.
 *
 * <p>The generated project resolves io.mpathj artifacts from a private local repository, never from the user's:
 * this test installs the tree's built poms and jars into {@code target/vendor-kit/repository/io/mpathj} (the local
 * repository layout, written directly) and links every other top-level entry of the build's own local repository
 * into it (third-party plug-ins and libraries, all resolved by the build before this module), so {@code -o} works
 * with nothing installed by {@code mvn install}.
 */
class VendorKitIT {
    private static final Pattern TESTS = Pattern.compile("Tests run: (\\d+), Failures: (\\d+), Errors: (\\d+), "
            + "Skipped: (\\d+)\\s*$", Pattern.MULTILINE);
    private static final String VERSION = System.getProperty("mpathj.version", "0.1.0-SNAPSHOT");
    private static final Path TREE = Path.of(System.getProperty("mpathj.tree", "..")).toAbsolutePath().normalize();

    /** The tree's artifacts the generated project needs: artifact id, module folder, with a jar or pom only. */
    private static final List<String[]> ARTIFACTS = List.of(
            new String[] {"mpathj-parent", ".", "pom"},
            new String[] {"mpathj-bom", "bom", "pom"},
            new String[] {"mpathj-plugin-parent", "plugin-parent", "pom"},
            new String[] {"mpathj-handler-archetype", "archetype", "jar"},
            new String[] {"io.mpathj.api", "api.bundle", "jar"},
            new String[] {"io.mpathj.core", "core.bundle", "jar"},
            new String[] {"io.mpathj.selector.round_robin", "selector.round-robin", "jar"},
            new String[] {"io.mpathj.storage.sim", "storage.sim", "jar"},
            new String[] {"io.mpathj.testkit", "testkit", "jar"});

    @TempDir
    Path dir;

    /** The private local repository: the tree's io.mpathj artifacts over the build's own (see the class comment). */
    private static Path privateRepository(Path work) throws IOException {
        Path repo = PrivateMaven.layeredRepository(work.resolve("repository"), "mpathj");
        for (String[] a : ARTIFACTS) {
            Path module = TREE.resolve(a[1]);
            Path target = Files.createDirectories(repo.resolve("io/mpathj").resolve(a[0]).resolve(VERSION));
            Files.copy(module.resolve("pom.xml"), target.resolve(a[0] + "-" + VERSION + ".pom"));
            if (a[2].equals("jar")) {
                Path jar = module.resolve("target").resolve(a[0] + "-" + VERSION + ".jar");
                assertTrue(Files.isRegularFile(jar), jar + " is built before this module");
                Files.copy(jar, target.resolve(a[0] + "-" + VERSION + ".jar"));
            }
        }
        return repo;
    }

    private static String maven(Path repo, Path in, String... args) throws IOException, InterruptedException {
        PrivateMaven.Result r = PrivateMaven.run(repo, in, args);
        assertEquals(0, r.exit(), () -> r.command() + " failed:\n" + tail(r.out()));
        return r.out();
    }

    private static String tail(String s) {
        return s.length() > 8000 ? s.substring(s.length() - 8000) : s;
    }

    /** Tests run by surefire and failsafe in every module: the summary lines (one per module and plugin). */
    private static int testsRun(String build) {
        Matcher m = TESTS.matcher(build);
        int run = 0;
        while (m.find()) {
            assertEquals("0", m.group(2), tail(build));
            assertEquals("0", m.group(3), tail(build));
            run += Integer.parseInt(m.group(1));
        }
        return run;
    }

    private static void setVersion(Path project, String from, String to) throws IOException {
        try (Stream<Path> poms = Files.walk(project)) {
            for (Path pom : poms.filter(p -> p.getFileName().toString().equals("pom.xml")).toList()) {
                String s = Files.readString(pom);
                Files.writeString(pom, s.replace("<version>" + from + "</version>", "<version>" + to + "</version>"));
            }
        }
    }

    /** Runs a script in the running container (client mode) and returns its output; every line must succeed. */
    private static String client(Launcher mpathj, String... lines) throws IOException, InterruptedException {
        Launcher.Run r = mpathj.script(lines);
        assertEquals(0, r.exit(), r.out() + r.err());
        return r.out();
    }

    private static String awaitOutput(Launcher mpathj, String command, String text, long seconds)
            throws IOException, InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String out;
        do {
            out = mpathj.script(command).out();
            if (out.contains(text)) {
                return out;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < end);
        throw new AssertionError(command + " did not show \"" + text + "\" within " + seconds + " s:\n" + out);
    }

    @Test
    void aGeneratedHandlerBuiltOutOfTreeIsHotDeployedFailsOverAndIsUpgradedUnderLoad() throws Exception {
        long start = System.nanoTime();
        Path work = Files.createDirectories(dir.resolve("vendor"));
        Path repo = privateRepository(dir);

        // 1. generate and build, offline, as a vendor does
        maven(repo, work, "org.apache.maven.plugins:maven-archetype-plugin:3.3.1:generate", "-DinteractiveMode=false",
                "-DarchetypeCatalog=local", "-DarchetypeGroupId=io.mpathj",
                "-DarchetypeArtifactId=mpathj-handler-archetype", "-DarchetypeVersion=" + VERSION,
                "-DgroupId=com.example.storage", "-DartifactId=hpas", "-Dversion=1.0.0",
                "-Dpackage=com.example.storage.hpas", "-DhandlerName=hpas", "-DclassPrefix=Hpas");
        Path project = work.resolve("hpas");
        assertTrue(Files.isRegularFile(project.resolve("README.md")));
        String build = maven(repo, project, "verify");
        // personality 1; handler 5 + map 1; bundle IT 1 + container IT 1
        assertEquals(9, testsRun(build), tail(build));
        Path handler100 = project.resolve("hpas-handler/target/hpas-handler-1.0.0.jar");
        Path sim = project.resolve("hpas-sim/target/hpas-sim-1.0.0.jar");
        assertTrue(Files.isRegularFile(handler100) && Files.isRegularFile(sim));
        Path handler101 = dir.resolve("hpas-handler-1.0.1.jar");
        Files.copy(handler100, dir.resolve("hpas-handler-1.0.0.jar"));
        setVersion(project, "1.0.0", "1.0.1");
        maven(repo, project, "package", "-DskipTests");
        Files.copy(project.resolve("hpas-handler/target/hpas-handler-1.0.1.jar"), handler101);
        long built = System.nanoTime();

        // 2. a running container; the bundles dropped into its deploy/ folder
        Launcher mpathj = new Launcher(Files.createDirectories(dir.resolve("container")));
        try (Launcher.Terminal container = mpathj.terminal()) {
            container.await("g! ", 1, 60);
            Path deploy = Files.createDirectories(mpathj.home.resolve("deploy"));
            Files.copy(sim, deploy.resolve("hpas-sim.jar"));
            Files.copy(dir.resolve("hpas-handler-1.0.0.jar"), deploy.resolve("hpas-handler-1.0.0.jar"));
            awaitOutput(mpathj, "sim:personalities", "hpas", 30);
            awaitOutput(mpathj, "mpath:handlers", "hpas", 30);

            // 3. an array of the vendor's personality, a map naming the vendor's handler, verified I/O
            client(mpathj, "sim:create v hpas 2 2");
            client(mpathj, "mpath:create mpv \"0 1 hpas 2 1 round-robin 0 2 0 sim:v/A0/0 sim:v/A1/0 round-robin 0 2 0 "
                    + "sim:v/B0/0 sim:v/B1/0\"");
            String io = client(mpathj, "mpath:io -s 2 mpv");
            assertTrue(io.contains(" 0 errors, 0 mismatches"), io);

            // 4. controller A's ports fail: the map switches to group 2, the handler's pg_init starts controller B
            client(mpathj, "sim:port v A0 down", "sim:port v A1 down");
            io = client(mpathj, "mpath:io -s 2 mpv");
            assertTrue(io.contains(" 0 errors, 0 mismatches"), io);
            String log = Files.readString(mpathj.home.resolve("mpathj.log"));
            assertTrue(log.contains("sim:v/B0/0: hpas: pg_init activated the passive controller")
                    || log.contains("sim:v/B1/0: hpas: pg_init activated the passive controller"), tail(log));
            String arrays = client(mpathj, "sim:arrays");
            assertTrue(arrays.contains("active"), arrays);

            // 5. version 1.0.1 under a new file name while I/O runs: the map rebinds, no I/O fails
            Launcher load = mpathj.inDir(dir.resolve("load"));
            CompletableFuture<Launcher.Run> running = CompletableFuture.supplyAsync(() -> {
                try {
                    return load.script("mpath:io -s 8 mpv");
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(2500);
            Files.copy(handler101, deploy.resolve("hpas-handler-1.0.1.jar.tmp"));
            Files.move(deploy.resolve("hpas-handler-1.0.1.jar.tmp"), deploy.resolve("hpas-handler-1.0.1.jar"),
                    StandardCopyOption.ATOMIC_MOVE);
            Launcher.Run under = running.get(60, TimeUnit.SECONDS);
            assertEquals(0, under.exit(), under.out() + under.err());
            assertTrue(under.out().contains(" 0 errors, 0 mismatches"), under.out());
            String handlers = awaitOutput(mpathj, "mpath:handlers", "1.0.1", 30);
            assertTrue(handlers.contains("hpas"), handlers);
            container.type("exit\r");
            container.waitFor(30);
        }
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        System.out.printf("VendorKitIT: built out of tree in %d s, container part in %d s%n",
                TimeUnit.NANOSECONDS.toSeconds(built - start), TimeUnit.NANOSECONDS.toSeconds(System.nanoTime()
                        - built));
        assertTrue(seconds <= 180, "the vendor kit test took " + seconds + " s");
    }
}
