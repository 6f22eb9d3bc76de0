package io.mpathj.storage.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpathj.api.scsi.Cdbs;
import io.mpathj.api.scsi.ScsiCommand;
import io.mpathj.api.map.MapView;
import io.mpathj.api.map.OpenMap;
import io.mpathj.api.map.PathView;
import io.mpathj.core.embedded.EmbeddedMultipath;
import io.mpathj.selector.round_robin.RoundRobin;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The core's multipath map over four sim paths in two ALUA port groups, through a port failure and the failure of
 * the whole active group: every I/O completes, data stays consistent, the map fails exactly the dead paths and
 * moves to the group the array promoted by itself. No hardware handler: this is the map and the array alone.
 */
class MultipathMapOverSimTest {
    private static final String TABLE = "0 0 2 1"
            + " round-robin 0 2 1 sim:a/A0/0 1 sim:a/A1/0 1"
            + " round-robin 0 2 1 sim:a/B0/0 1 sim:a/B1/0 1";
    private static final long IO_TIMEOUT_SECONDS = 10;

    private final SimArray array = SimArrayBuilder.alua("a", new ManualSimTime())
            .portGroup(1, AccessState.ACTIVE_OPTIMIZED, true, "A0", "A1")
            .portGroup(2, AccessState.STANDBY, false, "B0", "B1")
            .memoryLu(0, 2048, 512)
            .build(); // with power-on unit attentions, as a real array after boot
    private final EmbeddedMultipath multipath = new EmbeddedMultipath();
    private OpenMap map;

    @BeforeEach
    void createMap() throws Exception {
        SimArrayRegistry sim = new SimArrayRegistry();
        sim.add(array);
        multipath.selector(RoundRobin.NAME, RoundRobin.type()).paths(sim);
        multipath.create("mpatha", TABLE);
        map = multipath.open("mpatha", "test");
    }

    @AfterEach
    void removeMap() throws Exception {
        map.close();
        multipath.remove("mpatha", false);
        multipath.close();
    }

    private MapView view() {
        return multipath.view("mpatha").orElseThrow();
    }

    private void write(long lba, byte[] data) throws Exception {
        map.write(lba, ByteBuffer.wrap(data)).toCompletableFuture().get(IO_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    private byte[] read(long lba, int blocks) throws Exception {
        ByteBuffer buf = ByteBuffer.allocate(blocks * 512);
        map.read(lba, buf).toCompletableFuture().get(IO_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        return buf.array();
    }

    private Map<String, PathView> paths() {
        return view().paths().stream().collect(Collectors.toMap(PathView::name, Function.identity()));
    }

    /** What the LU holds, read on a path of the given port directly, bypassing the map. */
    private byte[] onArray(String port, long lba, int blocks) {
        ByteBuffer buf = ByteBuffer.allocate(blocks * 512);
        array.clearUnitAttentions();
        assertTrue(Scsi.run(TestArrays.path(array, port, 0), ScsiCommand.dataIn(Cdbs.read10(lba, blocks), buf))
                .isGood());
        return buf.array();
    }

    @Test
    void theMapRidesThroughAPortFailureAndAGroupFailover() throws Exception {
        assertEquals(512, map.blockSize());
        assertEquals(2048, map.blockCount(), "the core learned the size from the sim's READ CAPACITY(16)");

        // healthy: round-robin over A0 and A1, nothing on the standby group
        for (int i = 0; i < 8; i++) {
            write(i * 8L, Scsi.patterned(4096, i));
        }
        for (int i = 0; i < 8; i++) {
            assertArrayEquals(Scsi.patterned(4096, i), read(i * 8L, 8), "extent " + i);
        }
        Map<String, PathView> healthy = paths();
        assertTrue(healthy.get("sim:a/A0/0").ios() > 0 && healthy.get("sim:a/A1/0").ios() > 0);
        assertEquals(0, healthy.get("sim:a/B0/0").ios() + healthy.get("sim:a/B1/0").ios());

        // port A0 fails: the map fails that path and carries on over A1
        array.port("A0").faults().linkDown();
        for (int i = 0; i < 8; i++) {
            write(100 + i * 8L, Scsi.patterned(4096, 100 + i));
        }
        Map<String, PathView> onePortDown = paths();
        assertFalse(onePortDown.get("sim:a/A0/0").active());
        assertEquals(1, onePortDown.get("sim:a/A0/0").failCount());
        assertTrue(onePortDown.get("sim:a/A1/0").active());
        assertEquals(AccessState.ACTIVE_OPTIMIZED, array.alua().state(0, 1), "one port down is no failover");
        assertEquals(3, view().validPaths());

        // port A1 fails too: the array promotes group 2 by itself, the map fails A1 and moves to group 2
        array.port("A1").faults().linkDown();
        assertEquals(AccessState.ACTIVE_OPTIMIZED, array.alua().state(0, 2));
        for (int i = 0; i < 8; i++) {
            assertArrayEquals(Scsi.patterned(4096, i), read(i * 8L, 8), "extent " + i + " after failover");
            assertArrayEquals(Scsi.patterned(4096, 100 + i), read(100 + i * 8L, 8), "extent " + (100 + i));
        }
        write(500, Scsi.patterned(4096, 500));
        Map<String, PathView> failedOver = paths();
        assertFalse(failedOver.get("sim:a/A1/0").active());
        assertTrue(failedOver.get("sim:a/B0/0").active() && failedOver.get("sim:a/B1/0").active());
        assertTrue(failedOver.get("sim:a/B0/0").ios() + failedOver.get("sim:a/B1/0").ios() >= 17);
        assertEquals(2, view().validPaths());
        assertEquals(0, view().queuedIos());

        // the array holds what the map wrote, whichever port one asks
        assertArrayEquals(Scsi.patterned(4096, 500), onArray("B1", 500, 8));
        array.port("A0").faults().linkUp();
        assertEquals(AccessState.STANDBY, array.alua().state(0, 1), "group 1 comes back demoted");
    }
}
