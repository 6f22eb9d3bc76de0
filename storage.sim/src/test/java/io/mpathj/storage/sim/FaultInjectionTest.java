package io.mpathj.storage.sim;

import static io.mpathj.storage.sim.Scsi.assertFixedSense;
import static io.mpathj.storage.sim.Scsi.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpathj.api.scsi.Cdbs;
import io.mpathj.api.scsi.ScsiCommand;
import io.mpathj.api.scsi.ScsiResult;
import io.mpathj.api.scsi.ScsiStatus;
import io.mpathj.api.scsi.SenseData;
import io.mpathj.api.scsi.SenseKey;
import io.mpathj.api.scsi.TransportError;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Faults per port and per path: deterministic, scriptable, and exactly what a host sees. */
class FaultInjectionTest {
    private static final SenseData MEDIUM_ERROR = new SenseData(SenseKey.MEDIUM_ERROR, 0x11, 0x00);

    private final ManualSimTime time = new ManualSimTime();
    private final SimArray array = TestArrays.alua(time).build();
    private final SimPath a0 = TestArrays.path(array, "A0", 0);
    private final SimPath a0lu1 = TestArrays.path(array, "A0", 1);
    private final SimPath a1 = TestArrays.path(array, "A1", 0);

    private static ScsiCommand read() {
        return ScsiCommand.dataIn(Cdbs.read10(0, 1), ByteBuffer.allocate(512));
    }

    private static ScsiCommand tur() {
        return ScsiCommand.noData(Cdbs.testUnitReady());
    }

    private static CompletableFuture<ScsiResult> start(SimPath path, ScsiCommand command) {
        return path.execute(command).toCompletableFuture();
    }

    @Test
    void portLinkDownFailsEveryPathThroughItWithoutStatus() {
        array.port("A0").faults().linkDown();
        ScsiResult r = run(a0, read());
        assertEquals(TransportError.CONNECTION_LOST, r.transportError().orElseThrow());
        assertEquals(-1, r.status());
        assertFalse(a0.isOnline());
        assertFalse(a0lu1.isOnline());
        assertTrue(a1.isOnline());
        array.port("A0").faults().linkUp();
        assertTrue(run(a0, read()).isGood());
    }

    @Test
    void pathLinkDownFailsOnlyThatPath() {
        a0.faults().linkDown();
        assertTrue(run(a0, tur()).isTransportFailure());
        assertFalse(a0.isOnline());
        assertTrue(run(a0lu1, tur()).isGood());
        assertTrue(array.port("A0").isLinkUp(), "a path fault is not a port failure");
    }

    @Test
    void senseOnTheNextNCommands() {
        a0.faults().injectSense(MEDIUM_ERROR, 2, CommandClass.ALL);
        assertFixedSense(run(a0, tur()), 0x03, 0x11, 0x00);
        assertFixedSense(run(a0, read()), 0x03, 0x11, 0x00);
        assertTrue(run(a0, read()).isGood());
    }

    @Test
    void injectedSenseFollowsTheLusSenseFormat() {
        array.logicalUnit(0).setDescriptorSense(true);
        a0.faults().injectSense(MEDIUM_ERROR, 1, CommandClass.ALL);
        assertEquals(0x72, run(a0, tur()).senseBytes()[0]);
    }

    @Test
    void mediaAccessFaultsLetProbesThrough() {
        array.port("A0").faults().injectSense(MEDIUM_ERROR, 1, CommandClass.MEDIA_ACCESS);
        assertTrue(run(a0, tur()).isGood());
        assertTrue(run(a0lu1, ScsiCommand.dataIn(Cdbs.inquiry(36), ByteBuffer.allocate(36))).isGood());
        assertFixedSense(run(a0lu1, ScsiCommand.dataIn(Cdbs.read10(0, 1), ByteBuffer.allocate(4096))), 3, 0x11, 0);
        assertTrue(run(a0, read()).isGood(), "the one injection was used by LU 1");
    }

    /** The same seed gives the same sequence; the rate is what was asked for. */
    @Test
    void randomSenseIsReproducibleFromItsSeed() {
        List<Boolean> first = randomRun(42);
        assertEquals(first, randomRun(42));
        long hits = first.stream().filter(b -> b).count();
        assertTrue(hits > 150 && hits < 250, "hits " + hits + " of 1000 at p=0.2");
        assertTrue(!first.equals(randomRun(43)));
    }

    private static List<Boolean> randomRun(long seed) {
        SimArray a = TestArrays.alua(new ManualSimTime()).build();
        SimPath p = TestArrays.path(a, "A0", 0);
        p.faults().injectSenseRandomly(MEDIUM_ERROR, 0.2, seed, CommandClass.ALL);
        List<Boolean> hits = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            hits.add(!run(p, tur()).isGood());
        }
        return hits;
    }

    @Test
    void busyStatusWithoutSense() {
        array.port("A1").faults().injectStatus(ScsiStatus.BUSY, 1, CommandClass.ALL);
        ScsiResult r = run(a1, read());
        assertEquals(ScsiStatus.BUSY, r.status());
        assertEquals(0, r.senseBytes().length);
        assertTrue(run(a1, read()).isGood());
    }

    @Test
    void latencyDelaysCompletionUntilTimeAdvances() {
        array.port("A0").faults().setLatency(Duration.ofMillis(30));
        a0.faults().setLatency(Duration.ofMillis(20));
        CompletableFuture<ScsiResult> f = start(a0, read());
        time.advance(Duration.ofMillis(49));
        assertFalse(f.isDone());
        time.advance(Duration.ofMillis(1));
        assertTrue(f.getNow(null).isGood());
        assertTrue(start(a1, read()).isDone(), "other ports are not delayed");
    }

    @Test
    void hungCommandsWaitForRelease() {
        array.port("A0").faults().hang();
        CompletableFuture<ScsiResult> f1 = start(a0, read());
        CompletableFuture<ScsiResult> f2 = start(a0lu1, tur());
        time.advance(Duration.ofSeconds(29));
        assertFalse(f1.isDone());
        assertEquals(2, array.port("A0").faults().hungCommands());
        assertEquals(2, array.port("A0").faults().release());
        assertTrue(f1.getNow(null).isGood());
        assertTrue(f2.getNow(null).isGood());
        assertEquals(0, time.pendingTasks(), "the timeouts were cancelled");
    }

    /** A hung command still ends at its own timeout, as the PathDevice contract requires. */
    @Test
    void hungCommandsTimeOut() {
        a0.faults().hang();
        CompletableFuture<ScsiResult> f = start(a0, read().withTimeoutMillis(5_000));
        time.advance(Duration.ofMillis(4_999));
        assertNull(f.getNow(null));
        time.advance(Duration.ofMillis(1));
        assertEquals(TransportError.TIMEOUT, f.getNow(null).transportError().orElseThrow());
        assertEquals(0, a0.faults().hungCommands());
    }

    @Test
    void linkDownFailsHungCommands() {
        array.port("A0").faults().hang();
        CompletableFuture<ScsiResult> f = start(a0, read());
        array.port("A0").faults().linkDown();
        assertEquals(TransportError.CONNECTION_LOST, f.getNow(null).transportError().orElseThrow());
    }

    @Test
    void clearRemovesEverythingButLinkState() {
        a0.faults().injectSense(MEDIUM_ERROR, 5, CommandClass.ALL);
        a0.faults().setLatency(Duration.ofSeconds(1));
        a0.faults().hang();
        CompletableFuture<ScsiResult> held = start(a0, read());
        a0.faults().clear();
        // the held command resumes through the path again: latency is gone, the injection too
        assertTrue(held.getNow(null).isGood());
        assertTrue(start(a0, read()).getNow(null).isGood());
    }

    @Test
    void invalidInjectionsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> a0.faults().injectSense(MEDIUM_ERROR, 0, CommandClass.ALL));
        assertThrows(IllegalArgumentException.class,
                () -> a0.faults().injectSenseRandomly(MEDIUM_ERROR, 1.5, 1, CommandClass.ALL));
        assertThrows(IllegalArgumentException.class, () -> a0.faults().injectStatus(0, 1, CommandClass.ALL));
        assertThrows(IllegalArgumentException.class, () -> a0.faults().setLatency(Duration.ofMillis(-1)));
    }
}
