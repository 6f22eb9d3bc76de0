package io.mpathj.handler.rdac.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpathj.api.StatusType;
import io.mpathj.api.map.PathView;
import io.mpathj.api.scsi.ScsiOpcode;
import io.mpathj.storage.sim.ManualSimTime;
import io.mpathj.storage.sim.SimArray;
import io.mpathj.storage.sim.SimArrayBuilder;
import io.mpathj.storage.sim.SimArrayRegistry;
import io.mpathj.testkit.EngineHarness;
import io.mpathj.testkit.FailoverWorkload;
import io.mpathj.testkit.RecordingPaths;
import io.mpathj.testkit.TestMap;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The rdac handler in real maps from the engine, on the simulated E-Series (personality {@code eseries}: controllers
 * A = group 1 and B = group 2, AVT off, every LU owned and preferred by A), with multipath-tools' E-Series features
 * {@code 2 pg_init_retries 50}: controller A's ports die under a verified workload, pg_init moves the LU to B with
 * MODE SELECT page 2Ch; switch_group brings it back; two LUs failing over at once share one MODE SELECT.
 */
class RdacMapTest {
    private static final int BLOCK = 512;
    private static final int CTRL_A = 1;
    private static final int CTRL_B = 2;
    /** MODE SELECT(10) with the expanded page (the sim's firmware supports 256 LUNs): the LUN table at byte 50. */
    private static final int EXPANDED_LUN_TABLE = 50;
    private static final Duration TICK = Duration.ofMillis(1);

    private final ManualSimTime time = new ManualSimTime();
    private final SimArrayRegistry arrays = new SimArrayRegistry();
    private final RecordingPaths recorder = new RecordingPaths(arrays);
    private final GatedExecutor worker = new GatedExecutor();
    private final EngineHarness engine = new EngineHarness().handler(RdacHandlerType.NAME, new RdacHandlerType(worker))
            .paths(recorder);
    private SimArray array;

    @AfterEach
    void tearDown() throws Exception {
        engine.close();
        if (array != null) {
            array.close();
        }
        worker.thread.shutdownNow();
    }

    /** The handler's MODE SELECT worker (kmpath_rdacd): runs batches on its thread, or holds them while closed. */
    static final class GatedExecutor implements Executor {
        final ExecutorService thread = Executors.newSingleThreadExecutor();
        private final List<Runnable> held = new ArrayList<>();
        private boolean open = true;

        @Override
        public synchronized void execute(Runnable task) {
            if (open) {
                thread.execute(task);
            } else {
                held.add(task);
            }
        }

        synchronized void close() {
            open = false;
        }

        synchronized int held() {
            return held.size();
        }

        synchronized void open() {
            open = true;
            held.forEach(thread::execute);
            held.clear();
        }
    }

    private void eseries(int lus) {
        SimArrayBuilder b = SimArrayBuilder.eseries("e", time).controller("A0", "A1").controller("B0", "B1");
        for (int lun = 0; lun < lus; lun++) {
            b.memoryLu(lun, 4096, BLOCK);
        }
        array = b.build();
        arrays.add(array);
    }

    /** multipath-tools' hwtable entry for NETAPP INF-01-00: features "2 pg_init_retries 50", "1 rdac". */
    private static String table(int lun) {
        return "2 pg_init_retries 50 1 rdac 2 1 round-robin 0 2 0 sim:e/A0/" + lun + " sim:e/A1/" + lun
                + " round-robin 0 2 0 sim:e/B0/" + lun + " sim:e/B1/" + lun;
    }

    private void latency(Duration d) {
        for (String port : new String[] {"A0", "A1", "B0", "B1"}) {
            array.port(port).faults().setLatency(d);
        }
    }

    private void linkDown(String... ports) {
        Arrays.stream(ports).forEach(p -> array.port(p).faults().linkDown());
    }

    /**
     * 2048 writes, 8 in flight, the clock moving 1 ms a tick; {@code fault} runs once, when {@code written} of them
     * went through group 1. The worker is held until both paths of the group being {@code activated} (a port prefix,
     * "sim:e/B") have been checked by pg_init, so that their two activations share one MODE SELECT (in the kernel
     * too, a path whose C9h answer comes back while the first MODE SELECT is in flight queues a second one). Then
     * every block is read back. Prints the figures.
     */
    private void workload(TestMap map, String what, long written, Runnable fault, String activated) {
        long checkedBefore = ownershipChecks(activated);
        AtomicInteger bothChecked = new AtomicInteger(-1);
        worker.close();
        FailoverWorkload.Result r = new FailoverWorkload(map, () -> time.advance(TICK))
                .faultAfter(written, 1, fault)
                .everyTick(tick -> {
                    if (bothChecked.get() < 0 && ownershipChecks(activated) - checkedBefore >= 2) {
                        bothChecked.set(tick);
                    } else if (bothChecked.get() >= 0 && tick > bothChecked.get() && worker.held() > 0) {
                        worker.open(); // both C9h answers came with the last tick and were queued on its thread
                    }
                }).run(2048, 8);
        worker.open();
        System.out.println("[rdac-map] " + what + ": " + r);
    }

    private static void eventually(BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(2);
        }
    }

    /** VPD C9h reads (check_ownership) sent through the paths whose names start with {@code prefix}. */
    private long ownershipChecks(String prefix) {
        return recorder.sent(ScsiOpcode.INQUIRY).stream()
                .filter(s -> s.startsWith(prefix) && s.contains(" 12 01 c9 ")).count();
    }

    private List<String> modeSelects() {
        return recorder.sent(ScsiOpcode.MODE_SELECT_10);
    }

    /** The LUNs whose entry in a recorded expanded MODE SELECT's LUN table is 81h. */
    private static List<Integer> lunsIn(String modeSelect) {
        byte[] list = RecordingPaths.dataOut(modeSelect);
        List<Integer> luns = new ArrayList<>();
        for (int lun = 0; lun < 256; lun++) {
            if ((list[EXPANDED_LUN_TABLE + lun] & 0xFF) == 0x81) {
                luns.add(lun);
            }
        }
        return luns;
    }

    @Test
    void controllerAsPortsDieUnderAVerifiedWorkloadAndModeSelectMovesTheLuToBThenSwitchGroupBringsItBack()
            throws Exception {
        eseries(1);
        TestMap map = engine.create("mpatha", table(0));
        // the kernel's TABLE: the features as given, the handler, the initial group, each path with its selector arg
        assertEquals("2 pg_init_retries 50 1 rdac 2 1 round-robin 0 2 1 sim:e/A0/0 1 sim:e/A1/0 1 "
                + "round-robin 0 2 1 sim:e/B0/0 1 sim:e/B1/0 1 ", map.status(StatusType.TABLE));
        assertEquals(CTRL_A, array.eseries().owner(0));
        latency(TICK);

        // controller A's ports go after 600 writes, with 8 in flight
        workload(map, "failover A -> B", 600, () -> linkDown("A0", "A1"), "sim:e/B");
        assertEquals(CTRL_B, array.eseries().owner(0), "the LU moved to controller B");
        // both B paths are activated (__pg_init_all_paths); the second one's ownership check may come while the
        // first MODE SELECT is on its way and queue one more, as scsi_dh_rdac does: one or two, all through B
        List<String> toB = modeSelects();
        assertTrue(toB.size() == 1 || toB.size() == 2, "one or two MODE SELECTs: " + toB);
        for (String ms : toB) {
            assertTrue(ms.startsWith("sim:e/B"), ms);
            assertTrue(ms.contains(" 55 00 00 00 00 00 00 01 34 00 | "), ms);
            assertEquals(List.of(0), lunsIn(ms));
        }
        assertEquals(List.of(false, false, true, true), map.paths().stream().map(PathView::active).toList());
        assertTrue(map.status(StatusType.INFO).startsWith("2 0 1 0 2 2 E 0 2 0 sim:e/A0/0 F 1 sim:e/A1/0 F 1 "
                + "A 0 2 0 sim:e/B0/0 A 0 sim:e/B1/0 A 0"), map.status(StatusType.INFO));

        // failback: the ports return, the paths are reinstated (multipathd's checker would), switch_group 1
        array.port("A0").faults().linkUp();
        array.port("A1").faults().linkUp();
        map.message("reinstate_path", "sim:e/A0/0");
        map.message("reinstate_path", "sim:e/A1/0");
        map.message("switch_group", "1");
        workload(map, "failback B -> A (switch_group 1)", Long.MAX_VALUE, () -> { }, "sim:e/A");
        assertEquals(CTRL_A, array.eseries().owner(0), "the LU is back on controller A");
        List<String> back = modeSelects().subList(toB.size(), modeSelects().size());
        assertTrue(back.size() == 1 || back.size() == 2, "one or two MODE SELECTs more: " + back);
        for (String ms : back) {
            assertTrue(ms.startsWith("sim:e/A"), ms);
            assertEquals(List.of(0), lunsIn(ms));
        }
        assertEquals(4, map.validPaths());
        assertTrue(map.status(StatusType.INFO).contains(" A 0 2 0 sim:e/A0/0 A 1 sim:e/A1/0 A 1 E 0 2 0 sim:e/B0/0 A 0 "),
                map.status(StatusType.INFO));
    }

    @Test
    void twoLusFailingOverAtOnceShareOneModeSelectCarryingBothLuns() throws Exception {
        eseries(2);
        TestMap m0 = engine.create("m0", table(0));
        TestMap m1 = engine.create("m1", table(1));
        List<TestMap> maps = List.of(m0, m1);
        for (TestMap m : maps) {
            m.write(0, stamp(0, 0)).toCompletableFuture().get(10, TimeUnit.SECONDS); // group 1: A owns, no command
        }
        assertEquals(List.of(), modeSelects());

        worker.close(); // batches wait until both maps' activations are queued on controller B
        recorder.clear();
        linkDown("A0", "A1");
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            for (int m = 0; m < 2; m++) {
                writes.add(maps.get(m).write(i, stamp(m, i)).toCompletableFuture());
            }
        }
        // pg_init of group 2 in each map activates B0 and B1: four ownership checks (VPD C9h), then the batch
        eventually(() -> ownershipChecks("sim:e/B") == 4 && worker.held() == 1, "four C9h reads through controller B and a batch waiting");
        Thread.sleep(100); // the last activation's queueing follows its C9h answer on the same thread
        worker.open();
        for (CompletableFuture<Void> w : writes) {
            w.get(10, TimeUnit.SECONDS);
        }

        List<String> sent = modeSelects();
        assertEquals(1, sent.size(), "one MODE SELECT for both LUs: " + sent);
        assertTrue(sent.get(0).startsWith("sim:e/B"), sent.get(0));
        assertEquals(List.of(0, 1), lunsIn(sent.get(0)));
        System.out.println("[rdac-map] batch: " + sent.size() + " MODE SELECT for LUNs " + lunsIn(sent.get(0))
                + " through " + sent.get(0).substring(0, sent.get(0).indexOf(' ')));
        assertEquals(CTRL_B, array.eseries().owner(0));
        assertEquals(CTRL_B, array.eseries().owner(1));
        for (int m = 0; m < 2; m++) {
            for (int i = 0; i < 16; i++) {
                ByteBuffer dst = ByteBuffer.allocate(BLOCK);
                maps.get(m).read(i, dst).toCompletableFuture().get(10, TimeUnit.SECONDS);
                assertArrayEquals(stamp(m, i).array(), dst.array(), "map " + m + " block " + i);
            }
            assertEquals(2, maps.get(m).validPaths());
        }
    }

    private static ByteBuffer stamp(int map, long lba) {
        ByteBuffer b = ByteBuffer.allocate(BLOCK);
        while (b.hasRemaining()) {
            b.putInt(map).putInt((int) lba);
        }
        return b.flip();
    }
}
