package io.mpathj.storage.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpathj.api.path.PathDevice;
import io.mpathj.api.scsi.ScsiCommand;
import io.mpathj.api.scsi.ScsiResult;
import io.mpathj.api.scsi.ScsiStatus;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.CompletionStage;

/** Test helpers: run a command on a sim path (which completes inline without latency) and compare bytes. */
final class Scsi {
    private Scsi() {
    }

    /** The result of a command that must have completed already. */
    static ScsiResult run(PathDevice path, ScsiCommand command) {
        CompletionStage<ScsiResult> stage = path.execute(command);
        ScsiResult r = stage.toCompletableFuture().getNow(null);
        assertNotNull(r, "command did not complete inline: " + command);
        return r;
    }

    static ScsiResult noData(PathDevice path, byte[] cdb) {
        return run(path, ScsiCommand.noData(cdb));
    }

    /** Data-in into a {@code room}-byte buffer; fails unless GOOD; returns the bytes the device wrote. */
    static byte[] dataIn(PathDevice path, byte[] cdb, int room) {
        ByteBuffer buf = ByteBuffer.allocate(room);
        ScsiResult r = run(path, ScsiCommand.dataIn(cdb, buf));
        assertTrue(r.isGood(), () -> "expected GOOD, got " + r.describe());
        assertEquals(0, buf.position(), "device moved the buffer position");
        return Arrays.copyOf(buf.array(), room - r.residual());
    }

    static ScsiResult dataOut(PathDevice path, byte[] cdb, byte[] data) {
        return run(path, ScsiCommand.dataOut(cdb, ByteBuffer.wrap(data)));
    }

    /** "00 12 ab" to bytes; spaces and line breaks are ignored. */
    static byte[] hex(String s) {
        String h = s.replaceAll("\\s+", "");
        byte[] b = new byte[h.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }

    /** The ASCII bytes of a string, for INQUIRY identification fields. */
    static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int off = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, off, p.length);
            off += p.length;
        }
        return out;
    }

    /**
     * Asserts CHECK CONDITION with exactly this fixed-format sense (SPC-4 4.5.3, table "Fixed format sense data"):
     * response code 70h, key in byte 2, additional length 0Ah, ASC/ASCQ in bytes 12/13.
     */
    static void assertFixedSense(ScsiResult r, int key, int asc, int ascq) {
        assertEquals(ScsiStatus.CHECK_CONDITION, r.status(), r::describe);
        byte[] expected = new byte[18];
        expected[0] = 0x70;
        expected[2] = (byte) key;
        expected[7] = 0x0A;
        expected[12] = (byte) asc;
        expected[13] = (byte) ascq;
        assertArrayEquals(expected, r.senseBytes(), () -> "sense was " + r.describe());
    }

    static byte[] patterned(int length, int seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }
}
