package io.mpathj.bench;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.launch.Framework;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The real container, embedded in the benchmark JVM: the launcher's {@code Container} is loaded from the built
 * executable jar ({@code distribution/target/mpathj.jar}), so it starts exactly the bundles, framework properties and
 * embedded default configuration a user gets, on a fresh home in a temporary folder. Only the OSGi framework classes
 * come from the benchmark's class path (the same pinned Felix version), so the benchmark can use the framework API
 * without reflection. Commands are run through Gogo's CommandProcessor service, the way the shell runs them.
 */
final class ContainerFixture implements AutoCloseable {
    private static final String PROCESSOR = "org.apache.felix.service.command.CommandProcessor";
    private static final long WAIT_MILLIS = 30_000;
    /** A table over the CLARiiON array {@code cx} that {@link #ContainerFixture} creates, naming handler emc. */
    static final String EMC_TABLE = "\"0 1 emc 2 1 round-robin 0 2 0 sim:cx/A0/0 sim:cx/A1/0 round-robin 0 2 0 "
            + "sim:cx/B0/0 sim:cx/B1/0\"";

    final Path home;
    final Framework framework;
    final BundleContext context;
    private final URLClassLoader launcher;
    private final ServiceTracker<Object, Object> processor;
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final Object session;
    private final Method execute;

    /**
     * Starts the container in script mode (no interactive shell) and waits until the default map {@code mpatha}
     * exists, then creates the simulated CLARiiON {@code cx} (two groups of two ports) for tables naming emc.
     *
     * @param poll FileInstall's poll interval in ms, or null for the distribution's default
     */
    ContainerFixture(String poll) throws Exception {
        Path jar = locateJar();
        home = Files.createTempDirectory("mpathj-bench-home-");
        System.setProperty("org.slf4j.simpleLogger.logFile", home.resolve("mpathj.log").toString());
        if (poll != null && !poll.isEmpty()) {
            System.setProperty("felix.fileinstall.poll", poll);
        } else {
            System.clearProperty("felix.fileinstall.poll");
        }
        launcher = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ContainerFixture.class.getClassLoader());
        Class<?> type = Class.forName("io.mpathj.launcher.Container", true, launcher);
        Constructor<?> constructor = type.getDeclaredConstructor(Path.class, boolean.class);
        constructor.setAccessible(true);
        Object container = constructor.newInstance(home, false);
        Method start = type.getDeclaredMethod("start");
        start.setAccessible(true);
        try {
            framework = (Framework) start.invoke(container);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("the container did not start: " + e.getCause(), e.getCause());
        } finally {
            System.clearProperty("felix.fileinstall.poll");
        }
        context = framework.getBundleContext();
        processor = new ServiceTracker<>(context, context.createFilter("(objectClass=" + PROCESSOR + ")"), null);
        processor.open(true);
        Object p = processor.waitForService(WAIT_MILLIS);
        if (p == null) {
            throw new IllegalStateException("the Gogo command processor did not start within 30 s");
        }
        Class<?> processorType = processor.getServiceReference().getBundle().loadClass(PROCESSOR);
        PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);
        session = processorType.getMethod("createSession", java.io.InputStream.class, java.io.OutputStream.class,
                java.io.OutputStream.class).invoke(p, new ByteArrayInputStream(new byte[0]), out, out);
        execute = session.getClass().getMethod("execute", CharSequence.class);
        execute.setAccessible(true);
        eventually(() -> tryRun("mpath:table mpatha") != null, "the default map mpatha");
        run("sim:create cx clariion 2 2");
    }

    /** {@code -Dmpathj.jar=PATH}, else {@code distribution/target/mpathj.jar} from the repository root or bench/. */
    static Path locateJar() {
        String configured = System.getProperty("mpathj.jar");
        if (configured != null) {
            Path p = Paths.get(configured);
            if (!Files.isRegularFile(p)) {
                throw new IllegalStateException("mpathj.jar=" + p.toAbsolutePath() + " does not exist: build it with "
                        + "mvn -B -q -o -pl distribution install -DskipTests");
            }
            return p.toAbsolutePath();
        }
        for (String candidate : new String[] {"distribution/target/mpathj.jar", "../distribution/target/mpathj.jar"}) {
            Path p = Paths.get(candidate).toAbsolutePath().normalize();
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new IllegalStateException("distribution/target/mpathj.jar not found from " + Paths.get("")
                .toAbsolutePath() + ": run from the repository root after mvn -B -q -o -pl distribution install "
                + "-DskipTests, or give -Dmpathj.jar=PATH");
    }

    /** Runs a Gogo command; its result as text. A failed command throws IllegalStateException with its message. */
    String run(String command) {
        try {
            Object result = execute.invoke(session, command);
            return result == null ? "" : String.valueOf(result);
        } catch (InvocationTargetException e) {
            Throwable t = e.getCause();
            throw new IllegalStateException(command + ": " + (t.getMessage() == null ? t : t.getMessage()), t);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Like {@link #run}, but null when the command fails. */
    String tryRun(String command) {
        try {
            return run(command);
        } catch (IllegalStateException e) {
            return null;
        }
    }

    /** Whether {@code mpath:handlers} lists a handler of this name as active (a table naming it will use it). */
    boolean handlerActive(String name) {
        String handlers = run("mpath:handlers");
        return handlers.matches("(?s)(.*\\n)?" + name + " +\\S+ +\\S+ +active.*");
    }

    /** The installed bundle of this symbolic name, or null. */
    Bundle bundle(String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        return null;
    }

    /** Checks that {@code createOutput} reports the map {@code name} created (the invocation's proof), then removes it. */
    void removeCreated(String name, String createOutput) {
        if (!createOutput.startsWith("created " + name + ":")) {
            throw new IllegalStateException("mpath:create did not create the map: " + createOutput);
        }
        run("mpath:remove " + name);
    }

    static void eventually(BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("timed out after 30 s waiting for " + what);
            }
            Thread.sleep(1);
        }
    }

    @Override
    public void close() throws Exception {
        processor.close();
        framework.stop();
        framework.waitForStop(WAIT_MILLIS);
        launcher.close();
        deleteTree(home);
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
