package io.mpathj.core.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpathj.api.InvalidArgumentsException;
import io.mpathj.api.StatusType;
import io.mpathj.api.block.BlockIoException;
import io.mpathj.api.map.GroupView;
import io.mpathj.api.map.MapEvent;
import io.mpathj.api.map.MapEvent.Kind;
import io.mpathj.api.map.MapView;
import io.mpathj.api.map.Multipath;
import io.mpathj.api.map.OpenMap;
import io.mpathj.core.testing.MemoryDisk;
import io.mpathj.core.testing.MemoryPaths;
import io.mpathj.selector.round_robin.RoundRobin;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The public map API over the engine: views, opens, messages and the events that mirror dm's uevents. */
class EmbeddedMultipathTest {
    private static final String TABLE = "0 0 2 1 round-robin 0 2 0 m:a m:b round-robin 0 1 0 m:c";

    private final ExecutorService transport = Executors.newFixedThreadPool(2);
    private final MemoryPaths paths = new MemoryPaths(new MemoryDisk(512, 1024), transport);
    private final EmbeddedMultipath multipath = new EmbeddedMultipath();
    private final LinkedBlockingQueue<MapEvent> events = new LinkedBlockingQueue<>();
    private Multipath.Subscription subscription;

    @BeforeEach
    void setUp() {
        paths.add("a");
        paths.add("b");
        paths.add("c");
        multipath.selector(RoundRobin.NAME, RoundRobin.type()).paths(paths);
        subscription = multipath.listen(events::add);
    }

    @AfterEach
    void tearDown() throws Exception {
        subscription.close();
        multipath.close();
        transport.shutdownNow();
    }

    private MapEvent next() throws InterruptedException {
        MapEvent e = events.poll(5, TimeUnit.SECONDS);
        assertTrue(e != null, "an event came");
        return e;
    }

    @Test
    void pathFailuresAndReinstatesAreEventsWithTheValidPathCountAsDmUeventsHaveIt() throws Exception {
        multipath.create("m", TABLE);
        MapEvent created = next();
        assertEquals(Kind.MAP_CREATED, created.kind());
        assertEquals(3, created.validPaths());

        multipath.message("m", "fail_path", "m:b");
        MapEvent failed = next();
        assertEquals(new MapEvent(Kind.PATH_FAILED, "m", created.sequence() + 1, "m:b", 1, 2, ""), failed);
        assertEquals("io/mpathj/dm/PATH_FAILED", failed.topic());
        assertEquals("multipath", failed.properties().get("DM_TARGET"));
        assertEquals("PATH_FAILED", failed.properties().get("DM_ACTION"));
        assertEquals("m:b", failed.properties().get("DM_PATH"));
        assertEquals(2, failed.properties().get("DM_NR_VALID_PATHS"));
        assertEquals(failed.sequence(), failed.properties().get("DM_SEQNUM"));
        assertEquals("m", failed.properties().get("DM_NAME"));

        multipath.message("m", "reinstate_path", "m:b");
        assertEquals(new MapEvent(Kind.PATH_REINSTATED, "m", failed.sequence() + 1, "m:b", 1, 3, ""), next());

        multipath.message("m", "fail_if_no_path"); // the table's default already: no change, no event
        multipath.message("m", "queue_if_no_path");
        MapEvent queueing = next();
        assertEquals(Kind.QUEUEING_CHANGED, queueing.kind());
        assertEquals("queue_if_no_path", queueing.detail());
        assertEquals(null, events.poll(200, TimeUnit.MILLISECONDS), "nothing else happened");
    }

    @Test
    void theFirstIoSwitchesToAGroupAndRemoveIsTheLastEvent() throws Exception {
        multipath.create("m", TABLE);
        assertEquals(Kind.MAP_CREATED, next().kind());
        try (OpenMap map = multipath.open("m", "test")) {
            map.write(0, ByteBuffer.allocate(512)).toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
        MapEvent switched = next();
        assertEquals(Kind.GROUP_SWITCHED, switched.kind());
        assertEquals(1, switched.group());
        multipath.remove("m", false);
        MapEvent removed = next();
        assertEquals(Kind.MAP_REMOVED, removed.kind());
        assertEquals(switched.sequence() + 1, removed.sequence());
    }

    @Test
    void theViewShowsGroupsPathsAndTheKernelsStates() throws Exception {
        multipath.create("m", TABLE);
        multipath.message("m", "fail_path", "m:a");
        multipath.message("m", "disable_group", "2");
        MapView v = multipath.view("m").orElseThrow();
        assertEquals("m", v.name());
        assertEquals(1, v.generation());
        assertEquals(1024, v.blockCount());
        assertEquals(512, v.blockSize());
        assertEquals("0", v.features());
        assertEquals(2, v.validPaths());
        assertEquals(2, v.groups().size());
        GroupView g1 = v.groups().get(0);
        assertEquals(GroupView.State.ENABLED, g1.state());
        assertEquals("round-robin", g1.selector());
        assertEquals(List.of("m:a", "m:b"), g1.paths().stream().map(p -> p.name()).toList());
        assertFalse(v.path("m:a").orElseThrow().active());
        assertEquals(1, v.path("m:a").orElseThrow().failCount());
        assertEquals(GroupView.State.DISABLED, v.groups().get(1).state());
        assertEquals("D", v.groups().get(1).state().letter());
        assertEquals(List.of("m"), multipath.names());
        assertTrue(multipath.view("nosuch").isEmpty());
        assertTrue(multipath.status("m", StatusType.INFO).contains(" D 0 1 0 m:c A 0 "),
                multipath.status("m", StatusType.INFO));
    }

    @Test
    void anOpenMapCannotBeRemovedWithoutForceAndForceFailsItsIo() throws Exception {
        multipath.create("m", TABLE);
        OpenMap map = multipath.open("m", "nbd client 3");
        assertEquals(1, multipath.view("m").orElseThrow().openCount());
        InvalidArgumentsException busy = assertThrows(InvalidArgumentsException.class,
                () -> multipath.remove("m", false));
        assertTrue(busy.getMessage().startsWith("device or resource busy: m is open (1 by nbd client 3)"),
                busy.getMessage());
        multipath.remove("m", true);
        CompletionException e = assertThrows(CompletionException.class,
                () -> map.read(0, ByteBuffer.allocate(512)).toCompletableFuture().join());
        assertEquals(BlockIoException.Reason.MAP_REMOVED, ((BlockIoException) e.getCause()).reason());
        map.close();
        map.close();
    }

    @Test
    void closingTheOpenLetsRemoveGoAndUnknownNamesAreRefusedByName() throws Exception {
        multipath.create("m", TABLE);
        multipath.open("m", "test").close();
        assertEquals(0, multipath.view("m").orElseThrow().openCount());
        assertEquals("no map named x", assertThrows(InvalidArgumentsException.class,
                () -> multipath.message("x", "fail_if_no_path")).getMessage());
        assertEquals("no map named x", assertThrows(InvalidArgumentsException.class,
                () -> multipath.open("x", "t")).getMessage());
        assertTrue(multipath.pathDevice("m:c").isPresent());
        assertTrue(multipath.pathDevice("m:zz").isEmpty());
        multipath.remove("m", false);
        assertEquals(List.of(), multipath.names());
    }
}
