package io.mpathj.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.mpathj.api.map.PathView;
import io.mpathj.api.InvalidArgumentsException;
import io.mpathj.api.StatusType;
import io.mpathj.api.block.BlockIoException;
import io.mpathj.api.scsi.ScsiStatus;
import io.mpathj.api.scsi.SenseData;
import io.mpathj.api.scsi.SenseKey;
import io.mpathj.api.map.MapOptions;
import io.mpathj.testkit.TestMap;
import io.mpathj.handler.alua.internal.AluaHandlerType;
import io.mpathj.handler.emc.internal.EmcHandlerType;
import io.mpathj.handler.generic_scsi.internal.GenericScsiHandlerType;
import io.mpathj.storage.sim.AccessState;
import io.mpathj.storage.sim.CommandClass;
import io.mpathj.storage.sim.SimArray;
import io.mpathj.storage.sim.SimArrayBuilder;
import io.mpathj.storage.sim.SimArrayRegistry;
import io.mpathj.storage.sim.SimPort;
import io.mpathj.storage.sim.SystemSimTime;
import io.mpathj.storage.sim.Tpgs;
import io.mpathj.testkit.EngineHarness;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/**
 * The soak: concurrent writers and verifiers on four maps (alua, emc, generic-scsi and no handler, each over its own
 * simulated array) while a seeded chaos driver breaks ports, changes ALUA states, trespasses, injects sense and
 * statuses, stalls and fails pg_init, toggles queueing and sends every kind of message. Then everything is healed
 * and the books are checked: every I/O completed exactly once, no block holds data it should not, nothing is left in
 * a queue or on a path, use counts match the live maps, no thread is left behind.
 *
 * <p>Size and seed: {@code -Dsoak.ios=N} (default 200,000 in the pom) and {@code -Dsoak.seed=S}. The seed fixes the
 * chaos driver's sequence of faults and the workers' choices of blocks and operations; thread interleaving is not
 * reproducible, so a seed reproduces the same storm, not the same schedule. Every failure message names the seed.
 *
 * <p>Long run: {@code mvn -B -pl reliability verify -Dsoak.ios=10000000 -Dtest=SoakTest}.
 */
class SoakTest {
    private static final int BLOCK = 512;
    private static final int BLOCKS = 1024;
    private static final int MAPS = 4;
    private static final int WORKERS_PER_MAP = 3;
    private static final int BATCH = 4;
    /** No I/O may take longer than this, whatever the chaos did (hangs are released within ms, command timeout 30 s). */
    private static final long IO_WAIT_SECONDS = 60;
    /** An I/O this slow is worth describing in the report (it is not a failure by itself). */
    private static final long SLOW_IO_SECONDS = 5;
    /** The chaos driver's pace: one fault per this many completed I/Os on average. */
    private static final int IOS_PER_FAULT = 25;
    private static final Duration TRANSITION = Duration.ofMillis(5);
    /** pg_init times out after 1 s (some hangs last longer); an I/O's retry budget is 1.5 s; requeue poll 20 ms. */
    private static final MapOptions OPTIONS = new MapOptions(0, 1_000, 1_500, 20);

    enum Fault {
        PORT_DOWN, PORT_UP, ALUA_STATE, TRESPASS, SENSE_UNIT_ATTENTION, SENSE_NOT_READY, SENSE_MEDIUM_ERROR,
        SENSE_LU_NOT_OWNED, STATUS_BUSY, LATENCY, PG_INIT_FAIL, PG_INIT_STALL, QUEUE_IF_NO_PATH, FAIL_IF_NO_PATH,
        SWITCH_GROUP, DISABLE_GROUP, ENABLE_GROUP, FAIL_PATH, REINSTATE_PATH, CHECKER_SWEEP
    }

    private final long seed = seed();
    private final long target = ios();
    private final List<String> violations = Collections.synchronizedList(new ArrayList<>());
    private final Map<Fault, LongAdder> faults = new EnumMap<>(Fault.class);
    private final LongAdder submitted = new LongAdder();
    private final LongAdder chaosSteps = new LongAdder();
    private final LongAdder completed = new LongAdder();
    private final LongAdder succeeded = new LongAdder();
    private final LongAdder verifiedReads = new LongAdder();
    private final LongAdder unknownResolved = new LongAdder();
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
    private TrackingPaths tracking;
    private final List<String> slowIos = Collections.synchronizedList(new ArrayList<>());

    private static long seed() {
        String s = System.getProperty("soak.seed", "");
        return s.isBlank() ? new Random().nextLong() : Long.parseLong(s.trim());
    }

    private static long ios() {
        String s = System.getProperty("soak.ios", "");
        return s.isBlank() ? 200_000 : Long.parseLong(s.trim().replace("_", ""));
    }

    private String reproduce() {
        return "seed " + seed + " (reproduce: mvn -B -pl reliability verify -Dtest=SoakTest -Dsoak.seed=" + seed
                + " -Dsoak.ios=" + target + ")";
    }

    private void violation(String what) {
        violations.add(what);
    }

    // ------------------------------------------------------------------------------------------ the data model

    /** One map under test with its block model; each block belongs to one worker, so the model needs no lock. */
    final class MapUnderTest {
        final String name;
        final int id;
        final TestMap map;
        final SimArray array;
        final int groups;
        final List<String> paths;
        /** Generation last known to be on the block (0 = never written: zeros). */
        final long[] known = new long[BLOCKS];
        /** Generations a failed write may have left instead, while the block is unknown. */
        final List<Set<Long>> candidates = new ArrayList<>();
        final long[] nextGeneration = new long[BLOCKS];

        MapUnderTest(String name, int id, TestMap map, SimArray array, int groups, List<String> paths) {
            this.name = name;
            this.id = id;
            this.map = map;
            this.array = array;
            this.groups = groups;
            this.paths = paths;
            for (int i = 0; i < BLOCKS; i++) {
                candidates.add(null);
            }
        }

        ByteBuffer pattern(int lba, long generation) {
            ByteBuffer b = ByteBuffer.allocate(BLOCK);
            b.putLong(0, lba).putLong(8, generation).putInt(16, id);
            long x = lba * 0x9E3779B97F4A7C15L ^ generation * 0xC2B2AE3D27D4EB4FL ^ id;
            for (int i = 20; i < BLOCK - 4; i++) {
                x ^= x << 13;
                x ^= x >>> 7;
                x ^= x << 17;
                b.put(i, (byte) x);
            }
            CRC32 crc = new CRC32();
            crc.update(b.array(), 0, BLOCK - 4);
            b.putInt(BLOCK - 4, (int) crc.getValue());
            return b;
        }

        /** The generation a block read back holds, or a description of the corruption. */
        Object decode(int lba, byte[] data) {
            boolean zero = true;
            for (byte v : data) {
                if (v != 0) {
                    zero = false;
                    break;
                }
            }
            if (zero) {
                return 0L;
            }
            ByteBuffer b = ByteBuffer.wrap(data);
            CRC32 crc = new CRC32();
            crc.update(data, 0, BLOCK - 4);
            if (b.getInt(BLOCK - 4) != (int) crc.getValue()) {
                return "bad checksum";
            }
            if (b.getLong(0) != lba || b.getInt(16) != id) {
                return "block of LBA " + b.getLong(0) + " of map #" + b.getInt(16);
            }
            long generation = b.getLong(8);
            return java.util.Arrays.equals(data, pattern(lba, generation).array()) ? generation : "bad payload";
        }

        /** Checks a successful read against the model; resolves an unknown block to what it holds. */
        void verify(int lba, byte[] data, String when) {
            Object got = decode(lba, data);
            Set<Long> maybe = candidates.get(lba);
            if (got instanceof String problem) {
                violation(name + " LBA " + lba + " corrupt " + when + ": " + problem);
                return;
            }
            long generation = (Long) got;
            if (maybe == null) {
                if (generation != known[lba]) {
                    violation(name + " LBA " + lba + " holds generation " + generation + " " + when
                            + ", expected " + known[lba]);
                }
            } else if (generation != known[lba] && !maybe.contains(generation)) {
                violation(name + " LBA " + lba + " holds generation " + generation + " " + when + ", expected "
                        + known[lba] + " or one of the failed writes " + maybe);
            } else {
                known[lba] = generation;
                candidates.set(lba, null);
                unknownResolved.increment();
            }
            verifiedReads.increment();
        }

        void written(int lba, long generation) {
            known[lba] = generation;
            candidates.set(lba, null);
        }

        void writeFailed(int lba, long generation) {
            Set<Long> maybe = candidates.get(lba);
            if (maybe == null) {
                maybe = new HashSet<>();
                candidates.set(lba, maybe);
            }
            maybe.add(generation);
        }
    }

    /** One outstanding I/O: its stage and what to do with its outcome. */
    private record Pending(MapUnderTest m, int lba, boolean write, long generation, ByteBuffer buffer,
            CompletableFuture<Void> future, AtomicBoolean done) {
    }

    private Pending submit(MapUnderTest m, int lba, boolean write) {
        ByteBuffer buffer;
        long generation = 0;
        if (write) {
            generation = ++m.nextGeneration[lba];
            buffer = m.pattern(lba, generation);
        } else {
            buffer = ByteBuffer.allocate(BLOCK);
        }
        AtomicBoolean done = new AtomicBoolean();
        submitted.increment();
        CompletableFuture<Void> future = (write ? m.map.write(lba, buffer) : m.map.read(lba, buffer))
                .toCompletableFuture();
        future.whenComplete((v, t) -> {
            if (!done.compareAndSet(false, true)) {
                violation(m.name + " LBA " + lba + ": completion callback ran twice");
            }
            completed.increment();
        });
        return new Pending(m, lba, write, generation, buffer, future, done);
    }

    /** Waits (bounded) for one I/O and applies its outcome to the model. Returns false if it never completed. */
    private boolean settle(Pending p, String when) {
        try {
            try {
                p.future().get(SLOW_IO_SECONDS, TimeUnit.SECONDS);
            } catch (TimeoutException slow) {
                if (slowIos.size() < 5) {
                    slowIos.add(p.m().name + " LBA " + p.lba() + (p.write() ? " write" : " read") + " still running after "
                            + SLOW_IO_SECONDS + " s: queued " + p.m().map.queuedIos() + ", status "
                            + p.m().map.status(StatusType.INFO) + "; its commands: "
                            + tracking.history("sim:" + p.m().array.name(), p.lba()));
                }
                p.future().get(IO_WAIT_SECONDS - SLOW_IO_SECONDS, TimeUnit.SECONDS);
            }
            succeeded.increment();
            if (p.write()) {
                p.m().written(p.lba(), p.generation());
            } else {
                p.m().verify(p.lba(), p.buffer().array(), when);
            }
        } catch (TimeoutException e) {
            violation(p.m().name + " LBA " + p.lba() + (p.write() ? " write" : " read") + " did not complete within "
                    + IO_WAIT_SECONDS + " s (queued " + p.m().map.queuedIos() + ", status "
                    + p.m().map.status(StatusType.INFO) + "); its commands: "
                    + tracking.history("sim:" + p.m().array.name(), p.lba()));
            return false;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            String reason = cause instanceof BlockIoException b ? b.reason().name() : "NOT A BlockIoException: "
                    + cause;
            if (!(cause instanceof BlockIoException)) {
                violation(p.m().name + " LBA " + p.lba() + " failed with " + cause);
            }
            failures.computeIfAbsent(reason, k -> new LongAdder()).increment();
            if (p.write()) {
                p.m().writeFailed(p.lba(), p.generation());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return true;
    }

    // ---------------------------------------------------------------------------------------------- the test

    @Test
    void everyIoCompletesExactlyOnceAndNoBlockIsCorruptedUnderChaos() throws Exception {
        Set<Thread> threadsBefore = Thread.getAllStackTraces().keySet();
        for (Fault f : Fault.values()) {
            faults.put(f, new LongAdder());
        }
        long start = System.nanoTime();
        ScheduledExecutorService simScheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "soak-sim-time");
            t.setDaemon(true);
            return t;
        });
        SystemSimTime time = new SystemSimTime(simScheduler);
        SimArrayRegistry registry = new SimArrayRegistry();
        TrackingPaths tracking = new TrackingPaths(registry);
        this.tracking = tracking;
        EngineHarness harness = new EngineHarness();
        LogCapture log = new LogCapture();
        List<MapUnderTest> maps = new ArrayList<>();
        List<Thread> workers = new ArrayList<>();
        Thread chaos = null;
        try {
            harness.handler(AluaHandlerType.NAME, new AluaHandlerType(harness.executor(), Duration.ofMillis(5)))
                    .handler(EmcHandlerType.NAME, new EmcHandlerType())
                    .handler(GenericScsiHandlerType.NAME, new GenericScsiHandlerType())
                    .paths(tracking);
            maps.addAll(buildMaps(harness, registry, time));

            AtomicBoolean stop = new AtomicBoolean();
            for (MapUnderTest m : maps) {
                for (int w = 0; w < WORKERS_PER_MAP; w++) {
                    int worker = w;
                    SplittableRandom rnd = new SplittableRandom(seed ^ (m.id * 1_000_003L + w));
                    Thread t = new Thread(() -> work(m, worker, rnd, stop), "soak-" + m.name + "-" + w);
                    t.setDaemon(true);
                    workers.add(t);
                }
            }
            Random chaosRandom = new Random(seed);
            Thread chaosThread = new Thread(() -> chaos(maps, chaosRandom, stop), "soak-chaos");
            chaosThread.setDaemon(true);
            chaos = chaosThread;
            workers.forEach(Thread::start);
            chaosThread.start();

            for (Thread t : workers) {
                t.join(TimeUnit.MINUTES.toMillis(30));
                if (t.isAlive()) {
                    violation(t.getName() + " did not finish");
                }
            }
            stop.set(true); // workers stop on their own at the target; this ends the chaos driver
            chaosThread.join(10_000);
            heal(maps);
            finalVerification(maps);
            for (MapUnderTest m : maps) {
                awaitEmptyQueue(m);
            }
            if (tracking.inFlight() != 0) {
                awaitQuiet(tracking);
            }
            violations.addAll(tracking.violations());
            log.containing("broke its contract").forEach(l -> violation("a path broke its contract: " + l));

            assertEquals(1, harness.multipath().handlerUseCount(AluaHandlerType.NAME), reproduce());
            assertEquals(1, harness.multipath().handlerUseCount(EmcHandlerType.NAME), reproduce());
            assertEquals(1, harness.multipath().handlerUseCount(GenericScsiHandlerType.NAME), reproduce());
            for (MapUnderTest m : maps) {
                harness.remove(m.name);
            }
            for (String h : List.of(AluaHandlerType.NAME, EmcHandlerType.NAME, GenericScsiHandlerType.NAME)) {
                assertEquals(0, harness.multipath().handlerUseCount(h), "use count of " + h + " after removing the maps, "
                        + reproduce());
            }
        } finally {
            if (chaos != null && chaos.isAlive()) {
                chaos.interrupt();
            }
            harness.close();
            registry.arrays().forEach(SimArray::close);
            simScheduler.shutdownNow();
            simScheduler.awaitTermination(5, TimeUnit.SECONDS);
            log.close();
        }
        checkThreads(threadsBefore, workers, chaos);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        report(millis, tracking, log);
        if (submitted.sum() != completed.sum()) {
            violation("submitted " + submitted.sum() + " I/Os but " + completed.sum() + " completed");
        }
        if (!violations.isEmpty()) {
            List<String> first = violations.subList(0, Math.min(20, violations.size()));
            fail(violations.size() + " violations with " + reproduce() + ":\n  " + String.join("\n  ", first));
        }
    }

    private List<MapUnderTest> buildMaps(EngineHarness harness, SimArrayRegistry registry, SystemSimTime time)
            throws InvalidArgumentsException {
        SimArray a = SimArrayBuilder.alua("a", time).tpgs(Tpgs.BOTH)
                .portGroup(1, AccessState.ACTIVE_OPTIMIZED, true, "A0", "A1")
                .portGroup(2, AccessState.STANDBY, false, "B0", "B1")
                .memoryLu(0, BLOCKS, BLOCK).transitionTime(TRANSITION).advertisedTransitionTimeoutSeconds(2).build();
        SimArray cx = SimArrayBuilder.clariion("cx", time).storageProcessor("A0", "A1").storageProcessor("B0", "B1")
                .memoryLu(0, BLOCKS, BLOCK).defaultOwner(0, 1).build();
        SimArray g = SimArrayBuilder.alua("g", time).tpgs(Tpgs.IMPLICIT)
                .portGroup(1, AccessState.ACTIVE_OPTIMIZED, true, "G0", "G1")
                .portGroup(2, AccessState.ACTIVE_OPTIMIZED, false, "G2", "G3")
                .memoryLu(0, BLOCKS, BLOCK).implicitFailover(false).build();
        SimArray p = SimArrayBuilder.alua("p", time).tpgs(Tpgs.NONE)
                .portGroup(1, AccessState.ACTIVE_OPTIMIZED, true, "P0", "P1", "P2")
                .memoryLu(0, BLOCKS, BLOCK).build();
        for (SimArray x : List.of(a, cx, g, p)) {
            registry.add(x);
        }
        List<MapUnderTest> out = new ArrayList<>();
        out.add(map(harness, 1, "soak-alua", a, "5 queue_if_no_path pg_init_retries 3 pg_init_delay_msecs 20 1 alua 2 1 "
                + "round-robin 0 2 0 sim:a/A0/0 sim:a/A1/0 round-robin 0 2 0 sim:a/B0/0 sim:a/B1/0"));
        out.add(map(harness, 2, "soak-emc", cx, "3 queue_if_no_path pg_init_delay_msecs 20 1 emc 2 1 "
                + "round-robin 0 2 0 sim:cx/A0/0 sim:cx/A1/0 round-robin 0 2 0 sim:cx/B0/0 sim:cx/B1/0"));
        out.add(map(harness, 3, "soak-generic", g, "2 pg_init_delay_msecs 10 1 generic-scsi 2 1 "
                + "round-robin 0 2 0 sim:g/G0/0 sim:g/G1/0 round-robin 0 2 0 sim:g/G2/0 sim:g/G3/0"));
        out.add(map(harness, 4, "soak-plain", p, "0 0 2 2 "
                + "round-robin 0 2 1 sim:p/P0/0 5 sim:p/P1/0 5 round-robin 0 1 0 sim:p/P2/0"));
        return out;
    }

    private MapUnderTest map(EngineHarness harness, int id, String name, SimArray array, String table)
            throws InvalidArgumentsException {
        TestMap map = harness.create(name, table, OPTIONS);
        List<String> paths = map.paths().stream().map(PathView::name).toList();
        return new MapUnderTest(name, id, map, array, map.paths().stream().mapToInt(PathView::group)
                .max().orElse(1), paths);
    }

    // ------------------------------------------------------------------------------------------- the workers

    private void work(MapUnderTest m, int worker, SplittableRandom rnd, AtomicBoolean stop) {
        int mine = BLOCKS / WORKERS_PER_MAP;
        List<Pending> batch = new ArrayList<>(BATCH);
        Set<Integer> picked = new HashSet<>();
        // each worker has its share of the I/Os, so a map that spends a while with no path cannot starve the others
        long share = (target + (long) MAPS * WORKERS_PER_MAP - 1) / ((long) MAPS * WORKERS_PER_MAP);
        for (long done = 0; done < share && violations.size() < 100; done += BATCH) {
            // back-pressure: the workers (12 threads on 2 cores) must not outrun the chaos driver's pace
            long latest = System.nanoTime() + 20_000_000L;
            while (completed.sum() > (chaosSteps.sum() + 8) * IOS_PER_FAULT && System.nanoTime() < latest) {
                LockSupport.parkNanos(100_000);
            }
            batch.clear();
            picked.clear();
            for (int i = 0; i < BATCH; i++) {
                int lba;
                do {
                    lba = worker + WORKERS_PER_MAP * rnd.nextInt(mine);
                } while (!picked.add(lba));
                boolean write = m.candidates.get(lba) == null ? rnd.nextInt(100) < 55 : rnd.nextInt(100) < 30;
                batch.add(submit(m, lba, write));
            }
            boolean noPath = false;
            for (Pending p : batch) {
                if (!settle(p, "while the chaos ran")) {
                    return;
                }
                noPath |= p.future().isCompletedExceptionally();
            }
            if (noPath) {
                LockSupport.parkNanos(200_000); // an application backs off a failing device instead of spinning
            }
        }
    }

    // -------------------------------------------------------------------------------------- the chaos driver

    private void chaos(List<MapUnderTest> maps, Random rnd, AtomicBoolean stop) {
        List<SimPort> down = new ArrayList<>();
        List<SimPort> hung = new ArrayList<>();
        List<Long> hangDeadlines = new ArrayList<>();
        List<SimPort> slow = new ArrayList<>();
        SenseData ua = new SenseData(SenseKey.UNIT_ATTENTION, 0x29, 0x00);
        SenseData notReady = new SenseData(SenseKey.NOT_READY, 0x04, 0x01);
        SenseData medium = new SenseData(SenseKey.MEDIUM_ERROR, 0x11, 0x00);
        SenseData notOwned = new SenseData(SenseKey.NOT_READY, 0x04, 0x03);
        SenseData illegal = new SenseData(SenseKey.ILLEGAL_REQUEST, 0x24, 0x00);
        long step = 0;
        while (!stop.get() && !Thread.currentThread().isInterrupted()) {
            step++;
            chaosSteps.increment();
            // paced by the I/O: one fault per IOS_PER_FAULT completions (the workers wait when they run ahead, the
            // driver waits when it does), and at least one every 20 ms so that a map waiting for a path
            // (queue_if_no_path) still meets the checker's sweep
            LockSupport.parkNanos(20_000 + rnd.nextInt(100_000));
            long latest = System.nanoTime() + 20_000_000L;
            while ((chaosSteps.sum() - 8) * IOS_PER_FAULT > completed.sum() && System.nanoTime() < latest
                    && !stop.get()) {
                LockSupport.parkNanos(100_000);
            }
            MapUnderTest m = maps.get(rnd.nextInt(maps.size()));
            SimPort port = m.array.ports().get(rnd.nextInt(m.array.ports().size()));
            // hangs are released at their deadline (most within 30 ms, one in sixteen after 1.2 s: longer than the
            // map's pg_init timeout), slow ports cleared a few steps later; no command waits for its 30 s timeout
            long now = System.nanoTime();
            for (int i = hung.size() - 1; i >= 0; i--) {
                if (now - hangDeadlines.get(i) >= 0) {
                    hung.remove(i).faults().release();
                    hangDeadlines.remove(i);
                }
            }
            if (!slow.isEmpty() && rnd.nextInt(4) == 0) {
                slow.remove(0).faults().setLatency(Duration.ZERO);
            }
            int dice = rnd.nextInt(100);
            try {
                if (dice < 8) {
                    if (hung.contains(port)) {
                        continue; // a link down would fail the held commands: let the stall run to its deadline
                    }
                    port.faults().linkDown();
                    down.add(port);
                    count(Fault.PORT_DOWN);
                } else if (dice < 18) {
                    if (!down.isEmpty()) {
                        down.remove(rnd.nextInt(down.size())).faults().linkUp();
                        count(Fault.PORT_UP);
                    }
                } else if (dice < 24) {
                    if (m.array.name().equals("a")) {
                        AccessState[] states = {AccessState.ACTIVE_OPTIMIZED, AccessState.ACTIVE_OPTIMIZED,
                            AccessState.ACTIVE_OPTIMIZED, AccessState.ACTIVE_NON_OPTIMIZED,
                            AccessState.ACTIVE_NON_OPTIMIZED, AccessState.STANDBY, AccessState.STANDBY,
                            AccessState.UNAVAILABLE, AccessState.TRANSITIONING, AccessState.OFFLINE};
                        m.array.alua().transition(1 + rnd.nextInt(2), states[rnd.nextInt(states.length)]);
                        count(Fault.ALUA_STATE);
                    } else if (m.array.name().equals("cx")) {
                        m.array.clariion().trespass(0, 1 + rnd.nextInt(2));
                        count(Fault.TRESPASS);
                    }
                } else if (dice < 30) {
                    port.faults().injectSense(ua, 1 + rnd.nextInt(3),
                            rnd.nextBoolean() ? CommandClass.ALL : CommandClass.MEDIA_ACCESS);
                    count(Fault.SENSE_UNIT_ATTENTION);
                } else if (dice < 34) {
                    port.faults().injectSense(notReady, 1 + rnd.nextInt(3), CommandClass.MEDIA_ACCESS);
                    count(Fault.SENSE_NOT_READY);
                } else if (dice < 37) {
                    port.faults().injectSense(medium, 1, CommandClass.MEDIA_ACCESS);
                    count(Fault.SENSE_MEDIUM_ERROR);
                } else if (dice < 40) {
                    port.faults().injectSense(notOwned, 1, CommandClass.MEDIA_ACCESS);
                    count(Fault.SENSE_LU_NOT_OWNED);
                } else if (dice < 43) {
                    port.faults().injectStatus(ScsiStatus.BUSY, 1 + rnd.nextInt(3), CommandClass.MEDIA_ACCESS);
                    count(Fault.STATUS_BUSY);
                } else if (dice < 46) {
                    port.faults().setLatency(Duration.ofNanos(1_000L * (50 + rnd.nextInt(500))));
                    slow.add(port);
                    count(Fault.LATENCY);
                } else if (dice < 50) {
                    // the handler's own commands (RTPG/STPG, INQUIRY C0h, MODE SELECT) are refused: pg_init fails
                    port.faults().injectSense(rnd.nextBoolean() ? illegal : notOwned, 1 + rnd.nextInt(2),
                            CommandClass.ALL);
                    m.map.message(List.of("switch_group", String.valueOf(1 + rnd.nextInt(m.groups))));
                    count(Fault.PG_INIT_FAIL);
                } else if (dice < 54) {
                    // a port stops answering and the map is sent to another group: its activation stalls
                    if (hung.contains(port)) {
                        continue; // an earlier deadline would end this stall (and a long one) too soon
                    }
                    port.faults().hang();
                    hung.add(port);
                    hangDeadlines.add(System.nanoTime() + (rnd.nextInt(16) == 0 ? 1_200_000_000L
                            : 1_000_000L * (1 + rnd.nextInt(30))));
                    m.map.message(List.of("switch_group", String.valueOf(1 + rnd.nextInt(m.groups))));
                    count(Fault.PG_INIT_STALL);
                } else if (dice < 58) {
                    m.map.message(List.of("queue_if_no_path"));
                    count(Fault.QUEUE_IF_NO_PATH);
                } else if (dice < 61) {
                    m.map.message(List.of("fail_if_no_path"));
                    count(Fault.FAIL_IF_NO_PATH);
                } else if (dice < 66) {
                    m.map.message(List.of("switch_group", String.valueOf(1 + rnd.nextInt(m.groups))));
                    count(Fault.SWITCH_GROUP);
                } else if (dice < 70) {
                    m.map.message(List.of("disable_group", String.valueOf(1 + rnd.nextInt(m.groups))));
                    count(Fault.DISABLE_GROUP);
                } else if (dice < 76) {
                    m.map.message(List.of("enable_group", String.valueOf(1 + rnd.nextInt(m.groups))));
                    count(Fault.ENABLE_GROUP);
                } else if (dice < 82) {
                    m.map.message(List.of("fail_path", m.paths.get(rnd.nextInt(m.paths.size()))));
                    count(Fault.FAIL_PATH);
                } else if (dice < 90) {
                    m.map.message(List.of("reinstate_path", m.paths.get(rnd.nextInt(m.paths.size()))));
                    count(Fault.REINSTATE_PATH);
                } else {
                    checkerSweep(m);
                    count(Fault.CHECKER_SWEEP);
                }
            } catch (InvalidArgumentsException e) {
                violation("a valid message was refused: " + e.getMessage());
            } catch (RuntimeException e) {
                violation("chaos step " + step + " threw " + e);
            }
        }
        hung.forEach(p -> p.faults().release());
    }

    private void count(Fault f) {
        faults.get(f).increment();
    }

    /** What multipathd's path checker does: reinstate the failed paths whose port answers again. */
    private void checkerSweep(MapUnderTest m) throws InvalidArgumentsException {
        for (PathView v : m.map.paths()) {
            if (!v.active() && v.online()) {
                m.map.message(List.of("reinstate_path", v.name()));
            }
        }
    }

    // ------------------------------------------------------------------------------------ heal and the books

    private void heal(List<MapUnderTest> maps) throws Exception {
        for (MapUnderTest m : maps) {
            for (SimPort port : m.array.ports()) {
                port.faults().clear();
                port.faults().linkUp();
            }
        }
        Thread.sleep(TRANSITION.toMillis() * 4); // let transitions already running end before the final states
        SimArray a = maps.get(0).array;
        a.alua().setState(1, AccessState.ACTIVE_OPTIMIZED);
        a.alua().setState(2, AccessState.STANDBY);
        for (MapUnderTest m : maps) {
            m.map.message(List.of("queue_if_no_path"));
            for (int g = 1; g <= m.groups; g++) {
                m.map.message(List.of("enable_group", String.valueOf(g)));
            }
            for (String path : m.paths) {
                m.map.message(List.of("reinstate_path", path));
            }
        }
    }

    /** Reads every block of every map once more: all must succeed now, and hold what the model says. */
    private void finalVerification(List<MapUnderTest> maps) {
        for (MapUnderTest m : maps) {
            for (int lba = 0; lba < BLOCKS; lba++) {
                Pending p = submit(m, lba, false);
                try {
                    p.future().get(IO_WAIT_SECONDS, TimeUnit.SECONDS);
                    succeeded.increment();
                    m.verify(lba, p.buffer().array(), "after the chaos");
                } catch (ExecutionException e) {
                    violation(m.name + " LBA " + lba + " unreadable after healing: " + e.getCause());
                } catch (TimeoutException e) {
                    violation(m.name + " LBA " + lba + " read did not complete after healing within "
                            + IO_WAIT_SECONDS + " s; status " + m.map.status(StatusType.INFO));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void awaitEmptyQueue(MapUnderTest m) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (m.map.queuedIos() != 0 && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        if (m.map.queuedIos() != 0) {
            violation(m.name + ": " + m.map.queuedIos() + " I/Os still queued 10 s after healing; status "
                    + m.map.status(StatusType.INFO));
        }
    }

    private void awaitQuiet(TrackingPaths tracking) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (tracking.inFlight() != 0 && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        if (tracking.inFlight() != 0) {
            violation(tracking.inFlight() + " commands still on a path 10 s after healing");
        }
    }

    private void checkThreads(Set<Thread> before, List<Thread> workers, Thread chaos) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        List<String> leaked;
        do {
            leaked = new ArrayList<>();
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.isAlive() && !before.contains(t) && !ignorable(t)) {
                    leaked.add(t.getName());
                }
            }
            if (!leaked.isEmpty()) {
                Thread.sleep(20);
            }
        } while (!leaked.isEmpty() && System.nanoTime() < end);
        if (!leaked.isEmpty()) {
            violation("threads left behind: " + leaked);
        }
    }

    /** JVM housekeeping and the common pool are not ours to account for. */
    private static boolean ignorable(Thread t) {
        String n = t.getName();
        return n.startsWith("ForkJoinPool.commonPool") || n.equals("Attach Listener") || n.equals("Common-Cleaner")
                || n.equals("Signal Dispatcher") || n.equals("Finalizer") || n.equals("Reference Handler")
                || n.equals("Notification Thread") || n.startsWith("process reaper");
    }

    private void report(long millis, TrackingPaths tracking, LogCapture log) {
        Map<String, Long> byKind = new TreeMap<>();
        faults.forEach((k, v) -> byKind.put(k.name().toLowerCase(), v.sum()));
        Map<String, Long> failed = new TreeMap<>();
        failures.forEach((k, v) -> failed.put(k, v.sum()));
        long injected = byKind.values().stream().mapToLong(Long::longValue).sum();
        System.out.printf("%nmpathj soak: seed %d, %d I/Os submitted, %d completed (%d ok, failed by reason %s), "
                + "%d reads verified (%d unknown blocks resolved), %d path commands, %d faults injected %s, "
                + "map reactions logged: %d paths failed, %d pg_init timeouts, %d late pg_init answers refused, "
                + "%d I/Os past their retry budget; %.1f s%n  reproduce: mvn -B -pl reliability verify "
                + "-Dtest=SoakTest -Dsoak.seed=%d -Dsoak.ios=%d%n",
                seed, submitted.sum(), completed.sum(), succeeded.sum(), failed, verifiedReads.sum(),
                unknownResolved.sum(), tracking.commands(), injected, byKind,
                log.containing("Failing path").size(), log.containing("did not answer pg_init").size(),
                log.containing("after it was complete").size(), log.containing("retried past its").size(),
                millis / 1000.0, seed, target);
        slowIos.forEach(line -> System.out.println("  slow: " + line));
    }
}
