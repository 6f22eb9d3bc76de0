package io.mpathj.export.nbd.internal;

import io.mpathj.storage.sim.AccessState;
import io.mpathj.storage.sim.SimArray;
import io.mpathj.storage.sim.SimArrayBuilder;
import io.mpathj.storage.sim.SimArrayRegistry;
import io.mpathj.storage.sim.SystemSimTime;
import io.mpathj.testkit.EngineHarness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Stream;

/**
 * A map {@code mpatha} over a simulated array "a" (ports P0 and P1 in one active group, a memory LU; the map queues
 * when no path is left) exported by an {@link NbdServer} on a UNIX socket in a fresh folder.
 */
final class NbdRig implements AutoCloseable {
    static final String MAP = "mpatha";
    final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sim-time");
        t.setDaemon(true);
        return t;
    });
    final SimArray array;
    final EngineHarness engine;
    final NbdServer server;
    final Path dir;
    final Path socket;

    NbdRig(long blocks, int blockSize) throws Exception {
        array = SimArrayBuilder.alua("a", new SystemSimTime(scheduler)).powerOnUnitAttention(false)
                .portGroup(1, AccessState.ACTIVE_OPTIMIZED, true, "P0", "P1").memoryLu(0, blocks, blockSize)
                .build();
        SimArrayRegistry arrays = new SimArrayRegistry();
        arrays.add(array);
        engine = new EngineHarness().paths(arrays);
        engine.multipath().create(MAP, "1 queue_if_no_path 0 1 1 round-robin 0 2 0 sim:a/P0/0 sim:a/P1/0");
        server = new NbdServer(engine.multipath());
        dir = Files.createTempDirectory(Path.of("/tmp"), "nbd");
        socket = server.listenUnix(dir.resolve("s/nbd.sock"));
        server.export(MAP);
    }

    /** The libnbd URI of the map's export. */
    String uri() {
        return "nbd+unix:///" + MAP + "?socket=" + socket;
    }

    int openCount() {
        return engine.multipath().view(MAP).orElseThrow().openCount();
    }

    @Override
    public void close() throws Exception {
        server.close();
        engine.close();
        array.close();
        scheduler.shutdownNow();
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // temp folder
                }
            });
        }
    }
}
