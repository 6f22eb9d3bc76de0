package io.mpathj.api.scsi;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * One SCSI command as a path executes it: the CDB, the data direction and buffer, and a timeout.
 *
 * <p>For {@link DataDirection#FROM_DEVICE} the device writes at most {@code data.remaining()} bytes into
 * {@code data}, starting at its position; for {@link DataDirection#TO_DEVICE} it reads {@code data.remaining()} bytes.
 * A transport must not move the buffer's position or limit: the caller owns them (a retried command reuses them).
 */
public final class ScsiCommand {
    /** The SCSI midlayer's default for disk commands. */
    public static final int DEFAULT_TIMEOUT_MILLIS = 30_000;

    private final byte[] cdb;
    private final DataDirection direction;
    private final ByteBuffer data;
    private final int timeoutMillis;

    private ScsiCommand(byte[] cdb, DataDirection direction, ByteBuffer data, int timeoutMillis) {
        this.cdb = Objects.requireNonNull(cdb, "cdb");
        if (cdb.length == 0) {
            throw new IllegalArgumentException("empty CDB");
        }
        this.direction = direction;
        this.data = data;
        if (timeoutMillis <= 0) {
            throw new IllegalArgumentException("timeout must be positive: " + timeoutMillis);
        }
        this.timeoutMillis = timeoutMillis;
    }

    /** A command without a data phase. */
    public static ScsiCommand noData(byte[] cdb) {
        return new ScsiCommand(cdb, DataDirection.NONE, null, DEFAULT_TIMEOUT_MILLIS);
    }

    /** A data-in command: the device fills {@code buffer} from its position up to its limit. */
    public static ScsiCommand dataIn(byte[] cdb, ByteBuffer buffer) {
        return new ScsiCommand(cdb, DataDirection.FROM_DEVICE, Objects.requireNonNull(buffer, "buffer"),
                DEFAULT_TIMEOUT_MILLIS);
    }

    /** A data-out command: the device consumes {@code buffer} from its position up to its limit. */
    public static ScsiCommand dataOut(byte[] cdb, ByteBuffer buffer) {
        return new ScsiCommand(cdb, DataDirection.TO_DEVICE, Objects.requireNonNull(buffer, "buffer"),
                DEFAULT_TIMEOUT_MILLIS);
    }

    /** The same command with another timeout. */
    public ScsiCommand withTimeoutMillis(int millis) {
        return new ScsiCommand(cdb, direction, data, millis);
    }

    /** The CDB. Shared, not copied: do not change it after submission. */
    public byte[] cdb() {
        return cdb;
    }

    public int opcode() {
        return cdb[0] & 0xFF;
    }

    public DataDirection direction() {
        return direction;
    }

    /** The data buffer, or {@code null} for {@link DataDirection#NONE}. */
    public ByteBuffer data() {
        return data;
    }

    /** Bytes the data phase may move: the buffer's remaining bytes, 0 without a buffer. */
    public int dataLength() {
        return data == null ? 0 : data.remaining();
    }

    public int timeoutMillis() {
        return timeoutMillis;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("cdb ");
        for (int i = 0; i < cdb.length; i++) {
            sb.append(String.format(i == 0 ? "%02x" : " %02x", cdb[i] & 0xFF));
        }
        return sb.append(' ').append(direction).append(' ').append(dataLength()).toString();
    }
}
