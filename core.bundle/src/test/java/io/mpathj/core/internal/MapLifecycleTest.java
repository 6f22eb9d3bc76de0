package io.mpathj.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpathj.api.InvalidArgumentsException;
import io.mpathj.api.StatusType;
import io.mpathj.api.block.BlockIoException;
import io.mpathj.api.block.BlockRequest;
import io.mpathj.core.internal.map.MappedDevice;
import io.mpathj.core.internal.map.MultipathMap;
import io.mpathj.core.internal.testing.MapFixture;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** dmsetup's device lifecycle on the engine: reload, suspend/resume, busy remove, exclusive path claims. */
class MapLifecycleTest {
    private static final String ONE_GROUP = "0 0 1 1 round-robin 0 2 0 m:0 m:1";
    private static final String TWO_GROUPS = "0 0 2 1 round-robin 0 1 0 m:1 round-robin 0 1 0 m:0";
    private MapFixture fx;

    @BeforeEach
    void setUp() throws Exception {
        fx = new MapFixture(3);
    }

    @AfterEach
    void tearDown() throws Exception {
        fx.close();
    }

    /** One I/O through the device, waited for. */
    private static BlockIoException io(MappedDevice d, boolean write, long lba, ByteBuffer buffer) throws Exception {
        CompletableFuture<BlockIoException> done = new CompletableFuture<>();
        BlockRequest r = new BlockRequest((req, error) -> done.complete(error));
        d.submit(write ? r.write(lba, buffer) : r.read(lba, buffer));
        return done.get(10, TimeUnit.SECONDS);
    }

    @Test
    void reloadSwapsTheTableUnderVerifiedIoWithNothingLostOrDoubled() throws Exception {
        fx.engine.create("mpatha", ONE_GROUP);
        MappedDevice device = fx.engine.device("mpatha").orElseThrow();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong ios = new AtomicLong();
        List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            Thread w = new Thread(() -> {
                long gen = 0;
                while (!stop.get() && problems.isEmpty()) {
                    long lba = thread * 64 + (gen % 64);
                    ByteBuffer data = MapFixture.pattern(1, thread * 1_000_000L + gen);
                    try {
                        BlockIoException e = io(device, true, lba, data.duplicate());
                        ByteBuffer back = ByteBuffer.allocate(MapFixture.BLOCK);
                        BlockIoException r = e != null ? e : io(device, false, lba, back);
                        if (r != null) {
                            problems.add("I/O failed: " + r.getMessage());
                        } else if (!back.equals(data)) {
                            problems.add("block " + lba + " read back other data");
                        }
                        ios.addAndGet(2);
                    } catch (Exception e) {
                        problems.add("I/O never completed: " + e);
                    }
                    gen++;
                }
            });
            w.start();
            writers.add(w);
        }
        for (int i = 0; i < 100 && problems.isEmpty(); i++) {
            // alternating selector args, then a different grouping, as the reload test asks
            fx.engine.reload("mpatha", i % 2 == 0 ? TWO_GROUPS : "0 0 1 1 round-robin 0 2 1 m:0 5 m:1 7", null);
        }
        fx.engine.reload("mpatha", "0 1 alua 1 1 round-robin 0 2 0 m:0 m:1", null);
        fx.handler().autoAnswer = io.mpathj.api.handler.PgInitResult.OK;
        for (io.mpathj.api.handler.PgInitRequest waiting; (waiting = fx.handler().pgInits.poll()) != null;) {
            waiting.complete(io.mpathj.api.handler.PgInitResult.OK); // asked before the auto answer was set
        }
        Thread.sleep(100);
        stop.set(true);
        for (Thread w : writers) {
            w.join(10_000);
        }
        assertEquals(List.of(), problems);
        assertTrue(ios.get() > 200, "the workload ran: " + ios.get());
        assertEquals(102, device.generation());
        assertEquals("0 1 alua 1 1 round-robin 0 2 1 m:0 1 m:1 1 ", device.table().status(StatusType.TABLE));
        assertEquals(1, fx.handlers.useCount("alua"), "the old tables' uses were given back");
        assertEquals(1, fx.selectors.useCount("round-robin"));
    }

    @Test
    void aRefusedReloadLeavesTheOldTableLive() throws Exception {
        MultipathMap live = fx.engine.create("mpatha", ONE_GROUP);
        InvalidArgumentsException e = assertThrows(InvalidArgumentsException.class,
                () -> fx.engine.reload("mpatha", "0 0 1 1 round-robin 0 2 0 m:0 m:9", null));
        assertEquals("error getting device: no path named m:9", e.getMessage());
        e = assertThrows(InvalidArgumentsException.class, () -> fx.engine.reload("mpatha", "0 0 1 1 round-robin", null));
        assertEquals("not enough priority group arguments", e.getMessage());
        MappedDevice device = fx.engine.device("mpatha").orElseThrow();
        assertSame(live, device.table());
        assertEquals(1, device.generation());
        assertEquals(null, io(device, true, 0, MapFixture.pattern(1, 1)));
        assertEquals(1, fx.selectors.useCount("round-robin"), "the refused table's uses were given back");
    }

    @Test
    void suspendQueuesNewIoUntilResume() throws Exception {
        fx.engine.create("mpatha", ONE_GROUP);
        MappedDevice device = fx.engine.device("mpatha").orElseThrow();
        fx.engine.suspend("mpatha");
        assertTrue(device.isSuspended());
        CountDownLatch done = new CountDownLatch(1);
        device.submit(new BlockRequest((r, error) -> done.countDown()).write(3, MapFixture.pattern(1, 3)));
        assertFalse(done.await(200, TimeUnit.MILLISECONDS), "I/O must wait while suspended");
        assertEquals(1, device.table().queuedIos());
        fx.engine.resume("mpatha");
        assertTrue(done.await(5, TimeUnit.SECONDS));
        assertFalse(device.isSuspended());
    }

    @Test
    void suspendWaitsForIoOnAPathAndAReloadKeepsTheDeviceSuspended() throws Exception {
        fx.engine.create("mpatha", ONE_GROUP);
        MappedDevice device = fx.engine.device("mpatha").orElseThrow();
        fx.device(0).hold();
        fx.device(1).hold();
        CountDownLatch first = new CountDownLatch(1);
        device.submit(new BlockRequest((r, error) -> first.countDown()).write(1, MapFixture.pattern(1, 1)));
        Thread suspender = new Thread(() -> {
            try {
                fx.engine.suspend("mpatha");
            } catch (InvalidArgumentsException e) {
                throw new AssertionError(e);
            }
        });
        suspender.start();
        suspender.join(300);
        assertTrue(suspender.isAlive(), "suspend returns only when the I/O on the path completed");
        fx.device(0).release();
        fx.device(1).release();
        suspender.join(5000);
        assertFalse(suspender.isAlive());
        assertTrue(first.await(1, TimeUnit.SECONDS));
        CountDownLatch held = new CountDownLatch(1);
        device.submit(new BlockRequest((r, error) -> held.countDown()).write(2, MapFixture.pattern(1, 2)));
        MultipathMap old = device.table();
        fx.engine.reload("mpatha", TWO_GROUPS, null);
        assertNotSame(old, device.table());
        assertFalse(held.await(200, TimeUnit.MILLISECONDS), "the held I/O moved to the new, still suspended table");
        fx.engine.resume("mpatha");
        assertTrue(held.await(5, TimeUnit.SECONDS));
    }

    @Test
    void anOpenMapIsBusyUnlessForced() throws Exception {
        fx.engine.create("mpatha", "1 queue_if_no_path 0 1 1 round-robin 0 1 0 m:0");
        MappedDevice device = fx.engine.device("mpatha").orElseThrow();
        device.open("mpath:io");
        InvalidArgumentsException e = assertThrows(InvalidArgumentsException.class,
                () -> fx.engine.remove("mpatha"));
        assertEquals("device or resource busy: mpatha is open (1 by mpath:io); --force fails its I/O and removes it",
                e.getMessage());
        fx.device(0).linkDown();
        device.table().message(List.of("fail_path", "m:0"));
        CompletableFuture<BlockIoException> queued = new CompletableFuture<>();
        device.submit(new BlockRequest((r, error) -> queued.complete(error)).read(0, ByteBuffer.allocate(512)));
        fx.engine.remove("mpatha", true);
        assertEquals("mpatha: map removed", queued.get(5, TimeUnit.SECONDS).getMessage());
        assertTrue(fx.engine.device("mpatha").isEmpty());
        assertThrows(IllegalStateException.class, () -> device.open("late"));
    }

    @Test
    void aPathInAnotherMapIsRefusedAsDmDoes() throws Exception {
        fx.engine.create("mpatha", ONE_GROUP);
        InvalidArgumentsException e = assertThrows(InvalidArgumentsException.class,
                () -> fx.engine.create("mpathb", "0 0 1 1 round-robin 0 2 0 m:2 m:1"));
        assertEquals("error getting device: m:1 is in use by map mpatha", e.getMessage());
        fx.engine.reload("mpatha", "0 0 1 1 round-robin 0 1 0 m:0", null);
        fx.engine.create("mpathb", "0 0 1 1 round-robin 0 2 0 m:2 m:1"); // m:1 was released by the reload
    }

    @Test
    void anOfflinePathTheHandlerCannotAttachStartsFailedInsteadOfRefusingTheMap() throws Exception {
        fx.device(1).linkDown();
        fx.handlers.unregister("alua");
        fx.handlers.register("alua", args -> new io.mpathj.api.handler.HardwareHandler() {
            @Override
            public void attach(io.mpathj.api.path.MapPath path) throws io.mpathj.api.handler.AttachException {
                if (!path.device().isOnline()) {
                    throw new io.mpathj.api.handler.AttachException(path.name() + ": no answer");
                }
            }

            @Override
            public void pgInit(io.mpathj.api.handler.PgInitRequest request) {
                request.complete(io.mpathj.api.handler.PgInitResult.OK);
            }
        });
        MultipathMap map = fx.engine.create("mpatha", "0 1 alua 1 1 round-robin 0 2 0 m:0 m:1");
        assertTrue(map.status(StatusType.INFO).endsWith("m:0 A 0 m:1 F 1 "), map.status(StatusType.INFO));
        fx.device(1).linkUp();
        map.message(List.of("reinstate_path", "m:1"));
        assertTrue(map.status(StatusType.INFO).endsWith("m:1 A 1 "), map.status(StatusType.INFO));
    }
}
