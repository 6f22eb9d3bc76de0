package io.mpathj.storage.sim;

import static io.mpathj.storage.sim.Scsi.assertFixedSense;
import static io.mpathj.storage.sim.Scsi.patterned;
import static io.mpathj.storage.sim.Scsi.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpathj.api.scsi.Cdbs;
import io.mpathj.api.scsi.ScsiCommand;
import io.mpathj.api.scsi.ScsiResult;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** READ/WRITE(10/16) (SBC-3 5.11, 5.13, 5.32, 5.34): data written on one path is read back on every other. */
class BlockIoTest {
    private final SimArray array = TestArrays.alua(new ManualSimTime()).build();

    @Test
    void writeOnOnePathReadsBackOnTheOthers() {
        byte[] data = patterned(4096, 7);
        assertTrue(run(TestArrays.path(array, "A0", 0), ScsiCommand.dataOut(Cdbs.write10(100, 8),
                ByteBuffer.wrap(data))).isGood());
        for (String port : new String[] {"A0", "A1"}) {
            ByteBuffer back = ByteBuffer.allocate(4096);
            assertTrue(run(TestArrays.path(array, port, 0), ScsiCommand.dataIn(Cdbs.read16(100, 8), back)).isGood());
            assertArrayEquals(data, back.array(), port);
        }
    }

    @Test
    void fourKibBlocksAndSixteenByteCdbs() {
        SimPath path = TestArrays.path(array, "A1", 1);
        byte[] data = patterned(2 * 4096, 3);
        assertTrue(run(path, ScsiCommand.dataOut(Cdbs.write16(2046, 2), ByteBuffer.wrap(data))).isGood());
        ByteBuffer back = ByteBuffer.allocate(4096);
        assertTrue(run(path, ScsiCommand.dataIn(Cdbs.read10(2047, 1), back)).isGood());
        assertArrayEquals(java.util.Arrays.copyOfRange(data, 4096, 8192), back.array());
    }

    @Test
    void unwrittenBlocksReadAsZeros() {
        ByteBuffer back = ByteBuffer.wrap(patterned(512, 1));
        assertTrue(run(TestArrays.path(array, "A0", 0), ScsiCommand.dataIn(Cdbs.read10(5, 1), back)).isGood());
        assertArrayEquals(new byte[512], back.array());
    }

    @Test
    void transfersSpanningMemorySegmentsStayIntact() {
        SimArray big = SimArrayBuilder.alua("big", new ManualSimTime())
                .portGroup(1, AccessState.ACTIVE_OPTIMIZED, true, "P0")
                .memoryLu(0, 8192, 512).powerOnUnitAttention(false).build();
        SimPath path = TestArrays.path(big, "P0", 0);
        byte[] data = patterned(64 * 512, 9);
        long lba = (1 << 20) / 512 - 32; // straddles the 1 MiB boundary
        assertTrue(run(path, ScsiCommand.dataOut(Cdbs.write10(lba, 64), ByteBuffer.wrap(data))).isGood());
        ByteBuffer back = ByteBuffer.allocate(data.length);
        assertTrue(run(path, ScsiCommand.dataIn(Cdbs.read10(lba, 64), back)).isGood());
        assertArrayEquals(data, back.array());
    }

    @Test
    void theCallersPositionAndLimitStayAndTheTransferStartsAtThePosition() {
        SimPath path = TestArrays.path(array, "A0", 0);
        byte[] data = patterned(512, 5);
        ByteBuffer out = ByteBuffer.allocate(600);
        out.position(50).put(data).position(50).limit(562);
        assertTrue(run(path, ScsiCommand.dataOut(Cdbs.write10(9, 1), out)).isGood());
        assertEquals(50, out.position());
        assertEquals(562, out.limit());

        ByteBuffer in = ByteBuffer.allocate(600).position(70).limit(582);
        assertTrue(run(path, ScsiCommand.dataIn(Cdbs.read10(9, 1), in)).isGood());
        assertEquals(70, in.position());
        assertEquals(582, in.limit());
        assertArrayEquals(data, java.util.Arrays.copyOfRange(in.array(), 70, 582));
    }

    @Test
    void aLargerBufferLeavesAResidualAndZeroBlocksTransferNothing() {
        SimPath path = TestArrays.path(array, "A0", 0);
        ScsiResult r = run(path, ScsiCommand.dataIn(Cdbs.read10(0, 1), ByteBuffer.allocate(1024)));
        assertTrue(r.isGood());
        assertEquals(512, r.residual());
        assertSame(ScsiResult.good(), run(path, ScsiCommand.noData(Cdbs.read10(0, 0))));
    }

    /** A buffer smaller than the transfer, or one of the wrong direction: ABORTED COMMAND, DATA PHASE ERROR. */
    @Test
    void aBufferThatDoesNotFitIsADataPhaseError() {
        SimPath path = TestArrays.path(array, "A0", 0);
        assertFixedSense(run(path, ScsiCommand.dataIn(Cdbs.read10(0, 2), ByteBuffer.allocate(512))), 0x0B, 0x4B, 0);
        assertFixedSense(run(path, ScsiCommand.dataOut(Cdbs.read10(0, 1), ByteBuffer.allocate(512))), 0x0B, 0x4B, 0);
        assertFixedSense(run(path, ScsiCommand.noData(Cdbs.write10(0, 1))), 0x0B, 0x4B, 0);
    }

    @Test
    void fileBackedLuKeepsItsDataAcrossArrays(@TempDir Path dir) {
        Path file = dir.resolve("lu0.img");
        byte[] data = patterned(4096, 11);
        try (SimArray first = fileArray(file)) {
            assertTrue(run(TestArrays.path(first, "P0", 0),
                    ScsiCommand.dataOut(Cdbs.write10(3, 1), ByteBuffer.wrap(data))).isGood());
        }
        assertEquals(16L * 4096, file.toFile().length());
        try (SimArray second = fileArray(file)) {
            ByteBuffer back = ByteBuffer.allocate(4096);
            assertTrue(run(TestArrays.path(second, "P1", 0), ScsiCommand.dataIn(Cdbs.read16(3, 1), back)).isGood());
            assertArrayEquals(data, back.array());
        }
    }

    private static SimArray fileArray(Path file) {
        return SimArrayBuilder.alua("f", new ManualSimTime())
                .portGroup(1, AccessState.ACTIVE_OPTIMIZED, true, "P0", "P1")
                .fileLu(0, file, 16, 4096).powerOnUnitAttention(false).build();
    }

    @Test
    void aClosedArrayFailsCommandsAsDeviceGone() {
        SimPath path = TestArrays.path(array, "A0", 0);
        array.close();
        ScsiResult r = run(path, ScsiCommand.noData(Cdbs.testUnitReady()));
        assertEquals(io.mpathj.api.scsi.TransportError.DEVICE_GONE, r.transportError().orElseThrow());
        assertTrue(!path.isOnline());
    }

    /**
     * The fast path's contract: a GOOD 4 KiB read returns the one shared completed stage and allocates nothing.
     * Measured with the JVM's per-thread allocation counter, not with time.
     */
    @Test
    void aGoodReadAllocatesNothing() {
        SimPath path = TestArrays.path(array, "A0", 0);
        ByteBuffer buf = ByteBuffer.allocateDirect(4096);
        ScsiCommand read = ScsiCommand.dataIn(Cdbs.read10(8, 8), buf);
        CompletionStage<ScsiResult> first = path.execute(read);
        for (int i = 0; i < 20_000; i++) {
            assertSame(first, path.execute(read));
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < 10_000; i++) {
            path.execute(read);
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        // a single allocation per read would be at least 160 KB here; allow for the counter's own noise
        assertTrue(allocated < 4096, "10000 reads allocated " + allocated + " bytes");
    }
}
