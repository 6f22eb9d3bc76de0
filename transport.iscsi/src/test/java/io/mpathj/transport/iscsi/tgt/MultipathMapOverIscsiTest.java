package io.mpathj.transport.iscsi.tgt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.mpathj.api.map.MapView;
import io.mpathj.api.map.OpenMap;
import java.util.function.Supplier;
import io.mpathj.api.map.PathView;
import io.mpathj.core.embedded.EmbeddedMultipath;
import io.mpathj.selector.round_robin.RoundRobin;
import io.mpathj.transport.iscsi.IscsiConfig;
import io.mpathj.transport.iscsi.IscsiPath;
import io.mpathj.transport.iscsi.IscsiPathName;
import io.mpathj.transport.iscsi.IscsiTransport;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The core's multipath map over two iSCSI paths to tgt: a killed connection costs the map a path, not an I/O. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class MultipathMapOverIscsiTest extends TgtTestSupport {
    private static final String INITIATOR = "iqn.2026-11.io.mpathj.test:map";
    private static final int BLOCKS_PER_IO = 16;
    private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2);

    @BeforeAll
    static void startTarget() {
        tgt = TgtTarget.startOrSkip(2);
    }

    @AfterEach
    void stopExecutor() throws InterruptedException {
        executor.shutdownNow();
        executor.awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void mapOverTwoIscsiPathsSurvivesAKilledConnectionAndTakesThePathBack() throws Exception {
        IscsiTransport iscsi = transport(IscsiConfig.builder().initiatorName(INITIATOR)
                .reconnectDelay(Duration.ofMillis(200), Duration.ofSeconds(1)));
        List<IscsiPath> paths = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            IscsiPath path = iscsi.open(new IscsiPathName(tgt.portals().get(i), TgtTarget.IQN, TgtTarget.LUN));
            await(path.whenOnline());
            paths.add(path);
        }
        EmbeddedMultipath engine = new EmbeddedMultipath();
        engine.selector(RoundRobin.NAME, RoundRobin.type()).paths(iscsi);
        engine.create("mpathi",
                "0 0 1 1 round-robin 0 2 0 " + paths.get(0).name() + " " + paths.get(1).name());
        OpenMap map = engine.open("mpathi", "test");
        Supplier<MapView> view = () -> engine.view("mpathi").orElseThrow();

        byte[] pattern = new byte[64 * BLOCKS_PER_IO * TgtTarget.BLOCK_SIZE];
        new Random(5).nextBytes(pattern);
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        Semaphore slots = new Semaphore(8);
        for (int n = 0; n < 400; n++) {
            if (!slots.tryAcquire(10, TimeUnit.SECONDS)) {
                fail("a map write hangs");
            }
            int slot = n % 64;
            ByteBuffer chunk = ByteBuffer.wrap(pattern, slot * BLOCKS_PER_IO * TgtTarget.BLOCK_SIZE,
                    BLOCKS_PER_IO * TgtTarget.BLOCK_SIZE).slice();
            CompletableFuture<Void> w = map.write((long) slot * BLOCKS_PER_IO, chunk).toCompletableFuture();
            w.whenComplete((v, e) -> slots.release());
            writes.add(w);
            if (n == 100) {
                TgtTarget.Conn victim = tgt.connections(1).stream()
                        .filter(c -> c.initiator().equals(INITIATOR)).findFirst().orElseThrow();
                tgt.deleteConnection(1, victim);
            }
        }
        for (CompletableFuture<Void> w : writes) {
            await(w); // throws if the map failed an I/O: the map must fail the path and retry on the other
        }
        ByteBuffer back = ByteBuffer.allocate(pattern.length);
        await(map.read(0, back));
        assertArrayEquals(pattern, back.array());

        PathView failed = view.get().paths().stream().filter(p -> p.failCount() > 0).findFirst()
                .orElseThrow(() -> new AssertionError("no path was failed: " + view.get().paths()));
        IscsiPath killed = paths.stream().filter(p -> p.name().equals(failed.name())).findFirst().orElseThrow();
        await(killed.whenOnline());
        engine.message("mpathi", "reinstate_path", failed.name());
        assertTrue(view.get().paths().stream().allMatch(PathView::active), view.get().paths().toString());
        assertEquals(2, view.get().validPaths());
        ByteBuffer again = ByteBuffer.allocate(4 * BLOCKS_PER_IO * TgtTarget.BLOCK_SIZE);
        await(map.read(0, again));
        map.close();
        engine.remove("mpathi", false);
        engine.close();
    }
}
