package io.mpathj.bench;

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
import org.osgi.framework.Bundle;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * On-demand load by name: {@code mpath:create} of a CLARiiON table naming {@code emc}, which is not installed but
 * listed in the repository index ({@code HOME/repository/index.xml}); the figure is the whole command: parsing the
 * table, the core's RepositoryLoader reading the index, installing and starting the emc bundle, waiting for its
 * service, and building the map (READ CAPACITY on the simulated array).
 *
 * <p>The container is the real one, embedded ({@link ContainerFixture}: the launcher's {@code Container} from
 * {@code mpathj.jar}); the command runs through Gogo's CommandProcessor as a typed command does, without a terminal
 * or pipe in the way. {@code handler=on-demand} uninstalls emc (and refreshes) after every invocation so each one
 * loads it again; {@code handler=loaded} leaves it installed: the same command without the load, for reference.
 *
 * <p>One fork is one fresh container. The first load in a container is what a user meets (cold classes and code):
 * {@code -f 10 -wi 0 -i 1}. Repeated loads in one container ({@code -f 1 -wi 5 -i 20}) show the warm cost.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class OnDemandLoadBenchmark {
    @Param({"on-demand", "loaded"})
    public String handler;

    private ContainerFixture container;
    private int maps;
    private String created;

    @Setup(Level.Trial)
    public void start() throws Exception {
        container = new ContainerFixture(null);
        if (container.bundle("io.mpathj.handler.emc") != null) {
            throw new IllegalStateException("emc is installed at boot: nothing would be loaded on demand");
        }
        if (handler.equals("loaded")) {
            container.run("mpath:create warmup " + ContainerFixture.EMC_TABLE);
            container.run("mpath:remove warmup");
        }
    }

    @Benchmark
    public String create() {
        created = container.run("mpath:create od" + (++maps) + " " + ContainerFixture.EMC_TABLE);
        return created;
    }

    @TearDown(Level.Invocation)
    public void unload() throws Exception {
        container.removeCreated("od" + maps, created);
        Bundle emc = container.bundle("io.mpathj.handler.emc");
        if (emc == null || emc.getState() != Bundle.ACTIVE) {
            throw new IllegalStateException("the emc bundle is not active after the create");
        }
        if (handler.equals("on-demand")) {
            emc.uninstall();
            Object done = new Object();
            synchronized (done) {
                container.framework.adapt(FrameworkWiring.class).refreshBundles(null, e -> {
                    synchronized (done) {
                        done.notifyAll();
                    }
                });
                done.wait(30_000);
            }
            ContainerFixture.eventually(() -> !container.handlerActive("emc"), "emc to be gone");
        }
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        container.close();
    }
}
