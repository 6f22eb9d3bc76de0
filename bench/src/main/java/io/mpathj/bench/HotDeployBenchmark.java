package io.mpathj.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Hot deploy: from the emc handler jar being copied into {@code HOME/deploy/} of a running container to a map using
 * emc being created. That covers FileInstall noticing the file (it polls), installing and starting the bundle, SCR
 * activating the handler's component and registering its service, the core binding it, and {@code mpath:create} of a
 * CLARiiON table naming {@code emc}.
 *
 * <p>The container is the real one, embedded ({@link ContainerFixture}: the launcher's {@code Container} from
 * {@code mpathj.jar}, with the distribution's FileInstall settings). Embedding rather than driving a child process
 * keeps the measurement free of pipe round trips: the benchmark thread waits on a service tracker for the handler's
 * service, then checks {@code mpath:handlers} (the core binds the service in the same event delivery) and creates
 * the map. The copy is the first timed action, as {@code cp} would be.
 *
 * <p>FileInstall scans every {@code felix.fileinstall.poll} ms and acts on a new file only when two scans in a row saw
 * it with the same checksum (so that it does not install a half-copied jar): the figure is one to two polls plus the
 * install work. Every invocation first waits a random time in [0, poll) (not timed), so the copies are spread evenly
 * over the poll cycle rather than phase-locked to it (the teardown's own wait for the uninstall ends just after a
 * scan): the average is about 1.5 polls plus the work, the maximum (p100) about 2 polls plus the work. Between
 * invocations the map is removed and the jar deleted, and the teardown waits until FileInstall has uninstalled it.
 *
 * <p>{@code poll} empty means the distribution's default; other values set {@code felix.fileinstall.poll} (ms).
 * One fork is one fresh container; {@code -f 5 -wi 0 -i 1} gives the first deploy of fresh containers, and
 * {@code -f 1 -wi 3 -i 20} repeated deploys into one.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class HotDeployBenchmark {
    private static final String HANDLER_FILTER = "(&(objectClass=io.mpathj.api.handler.HardwareHandlerType)"
            + "(mpathj.hardware.handler.name=emc))";

    /** FileInstall's poll interval in ms; empty: the distribution's default. */
    @Param({""})
    public String poll;

    private ContainerFixture container;
    private ServiceTracker<Object, Object> emc;
    private Path source;
    private Path deployed;
    private long pollMillis;
    private int maps;
    private String created;

    @Setup(Level.Trial)
    public void start() throws Exception {
        container = new ContainerFixture(poll);
        String effective = container.context.getProperty("felix.fileinstall.poll");
        pollMillis = Long.parseLong(effective);
        source = container.home.resolve("repository").resolve("io.mpathj.handler.emc.jar");
        if (!Files.isRegularFile(source)) {
            throw new IllegalStateException("the container has no " + source + ": the distribution carries emc in "
                    + "bundles/repository/");
        }
        deployed = container.home.resolve("deploy").resolve("emc.jar");
        emc = new ServiceTracker<>(container.context, container.context.createFilter(HANDLER_FILTER), null);
        emc.open(true);
        if (emc.getService() != null) {
            throw new IllegalStateException("emc is already registered before anything was deployed");
        }
    }

    @Setup(Level.Invocation)
    public void spreadOverThePollCycle() throws InterruptedException {
        Thread.sleep(ThreadLocalRandom.current().nextLong(pollMillis));
    }

    @Benchmark
    public String deploy() throws Exception {
        Files.copy(source, deployed);
        if (emc.waitForService(30_000) == null) {
            throw new IllegalStateException("emc.jar copied into deploy/ registered no handler within 30 s");
        }
        ContainerFixture.eventually(() -> container.handlerActive("emc"), "the core to bind emc");
        created = container.run("mpath:create hd" + (++maps) + " " + ContainerFixture.EMC_TABLE);
        return created;
    }

    @TearDown(Level.Invocation)
    public void undeploy() throws Exception {
        container.removeCreated("hd" + maps, created);
        Files.delete(deployed);
        ContainerFixture.eventually(() -> emc.getService() == null && container.bundle("io.mpathj.handler.emc") == null,
                "FileInstall to uninstall emc.jar");
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        emc.close();
        container.close();
    }
}
