package io.mpathj.transport.iscsi.internal.osgi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpathj.api.map.MapView;
import io.mpathj.api.map.OpenMap;
import java.util.function.Supplier;
import io.mpathj.api.map.PathView;
import io.mpathj.core.embedded.EmbeddedMultipath;
import io.mpathj.selector.round_robin.RoundRobin;
import io.mpathj.transport.iscsi.IscsiPortal;
import io.mpathj.transport.iscsi.tgt.TgtTarget;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The {@code iscsi:} commands against tgt with two portals, and a map over what {@code iscsi:discover} printed: a
 * killed connection costs the map a path, not an I/O; the session logs in again and reinstate_path takes it back.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class IscsiCommandsAgainstTgtTest {
    private static final String INITIATOR = "iqn.2026-11.io.mpathj.test:commands";
    private static final int BLOCKS = 16;
    private static TgtTarget tgt;
    private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2);
    private IscsiPlatform platform;

    @BeforeAll
    static void startTarget() {
        tgt = TgtTarget.startOrSkip(2);
    }

    @AfterAll
    static void stopTarget() {
        if (tgt != null) {
            tgt.close();
        }
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        if (platform != null) {
            platform.deactivate();
        }
        executor.shutdownNow();
        executor.awaitTermination(5, TimeUnit.SECONDS);
    }

    private static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    private static void eventually(BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    /** The iscsi:sessions row of a portal, split into its columns (separated by two or more spaces). */
    private static String[] row(String sessions, String portal) {
        return sessions.lines().map(l -> l.split(" {2,}")).filter(r -> r[1].equals(portal)).findFirst()
                .orElseThrow(() -> new AssertionError("no session to " + portal + " in\n" + sessions));
    }

    private static String path(IscsiPortal portal, int lun) {
        return "iscsi:" + portal + "/" + TgtTarget.IQN + "/" + lun;
    }

    @Test
    void discoverThenAMapOverTwoPortalsSurvivesAKilledConnection() throws Exception {
        platform = new IscsiPlatform(Map.of("initiator_name", INITIATOR, "reconnect_delay_ms", "200",
                "max_reconnect_delay_ms", "1000"));
        IscsiCommands iscsi = new IscsiCommands(platform);
        IscsiPortal p0 = tgt.portals().get(0);
        IscsiPortal p1 = tgt.portals().get(1);
        String found = iscsi.discover(30, p0.toString(), p1.toString());
        assertTrue(found.startsWith("target " + TgtTarget.IQN + "\n"), found);
        for (IscsiPortal p : List.of(p0, p1)) {
            assertTrue(found.contains("  portal " + p + " tag 1: LUNs 0 1\n    " + path(p, 0) + "\n    "
                    + path(p, 1)), found);
        }
        String sessions = iscsi.sessions();
        assertEquals(3, sessions.split("\n").length, sessions);
        assertTrue(sessions.startsWith("STATE      PORTAL"), sessions);
        for (IscsiPortal p : List.of(p0, p1)) {
            assertTrue(sessions.contains("logged-in  " + p + "  " + TgtTarget.IQN), sessions);
        }

        EmbeddedMultipath engine = new EmbeddedMultipath();
        engine.selector(RoundRobin.NAME, RoundRobin.type()).paths(platform.transport());
        engine.create("mpathi", "0 0 1 1 round-robin 0 2 0 " + path(p0, 1) + " " + path(p1, 1));
        OpenMap map = engine.open("mpathi", "test");
        Supplier<MapView> view = () -> engine.view("mpathi").orElseThrow();
        byte[] data = new byte[BLOCKS * TgtTarget.BLOCK_SIZE];
        new Random(15).nextBytes(data);
        await(map.write(0, ByteBuffer.wrap(data)));

        TgtTarget.Conn victim = tgt.connections(1).stream().filter(c -> c.initiator().equals(INITIATOR))
                .findFirst().orElseThrow();
        tgt.deleteConnection(1, victim);
        for (int i = 0; i < 8; i++) { // round-robin: some of these go to the killed path first
            ByteBuffer back = ByteBuffer.allocate(data.length);
            await(map.read(0, back));
            assertArrayEquals(data, back.array());
        }
        PathView failed = view.get().paths().stream().filter(p -> p.failCount() > 0).findFirst()
                .orElseThrow(() -> new AssertionError("no path was failed: " + view.get().paths()));
        String killedPortal = failed.name().substring("iscsi:".length(), failed.name().indexOf('/'));
        eventually(() -> {
            String[] row = row(iscsi.sessions(), killedPortal);
            return row[0].equals("logged-in") && row[7].equals("1");
        }, "the killed session to log in again (RECONNECTS 1)");
        String[] row = row(iscsi.sessions(), killedPortal);
        assertEquals("2", row[8], "PATHS: LUN 0 and 1");
        assertTrue(!row[9].equals("-"), "LAST-ERROR says why the connection went: " + String.join("|", row));
        engine.message("mpathi", "reinstate_path", failed.name());
        assertEquals(2, view.get().validPaths());
        ByteBuffer again = ByteBuffer.allocate(data.length);
        await(map.read(0, again));
        assertArrayEquals(data, again.array());
        map.close();
        engine.remove("mpathi", false);
        engine.close();

        assertEquals("logged out of " + p1 + "/" + TgtTarget.IQN + "; 2 paths dropped",
                iscsi.logout(30, p1.toString(), TgtTarget.IQN));
        assertEquals(2, iscsi.sessions().split("\n").length, iscsi.sessions());
        assertEquals("logged in to " + p1 + "/" + TgtTarget.IQN + " (TSIH ",
                iscsi.login(30, p1.toString(), TgtTarget.IQN).replaceAll("\\d+\\)$", ""));
    }
}
