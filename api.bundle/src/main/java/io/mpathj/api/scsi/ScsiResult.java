package io.mpathj.api.scsi;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * How a command ended: a SCSI status with optional sense data and a residual count, or a {@link TransportError}
 * (no status at all, the path failed). Immutable.
 */
public final class ScsiResult {
    private static final ScsiResult GOOD = new ScsiResult(ScsiStatus.GOOD, null, 0, null, null);

    private final int status;
    private final byte[] sense;
    private final int residual;
    private final TransportError transportError;
    private final String transportDetail;

    private ScsiResult(int status, byte[] sense, int residual, TransportError transportError, String detail) {
        this.status = status;
        this.sense = sense;
        this.residual = residual;
        this.transportError = transportError;
        this.transportDetail = detail;
    }

    /** GOOD status with all data transferred. One shared instance: the fast path allocates nothing for it. */
    public static ScsiResult good() {
        return GOOD;
    }

    /** GOOD status with {@code residual} bytes of the data phase not transferred. */
    public static ScsiResult good(int residual) {
        return residual == 0 ? GOOD : new ScsiResult(ScsiStatus.GOOD, null, checkResidual(residual), null, null);
    }

    /** CHECK CONDITION with the given sense bytes (copied). */
    public static ScsiResult checkCondition(byte[] sense) {
        Objects.requireNonNull(sense, "sense");
        return new ScsiResult(ScsiStatus.CHECK_CONDITION, sense.clone(), 0, null, null);
    }

    /** Any status byte; {@code sense} may be null. */
    public static ScsiResult status(int status, byte[] sense, int residual) {
        if (status < 0 || status > 0xFF) {
            throw new IllegalArgumentException("status byte out of range: " + status);
        }
        return new ScsiResult(status, sense == null ? null : sense.clone(), checkResidual(residual), null, null);
    }

    /** No SCSI status: the transport failed the command. */
    public static ScsiResult transportFailure(TransportError error, String detail) {
        return new ScsiResult(-1, null, 0, Objects.requireNonNull(error, "error"), detail == null ? "" : detail);
    }

    /** True for GOOD status (or CONDITION MET) with no transport error. */
    public boolean isGood() {
        return transportError == null && (status == ScsiStatus.GOOD || status == ScsiStatus.CONDITION_MET);
    }

    /** The status byte, or -1 after a transport failure. */
    public int status() {
        return status;
    }

    public boolean isTransportFailure() {
        return transportError != null;
    }

    public Optional<TransportError> transportError() {
        return Optional.ofNullable(transportError);
    }

    /** The raw sense bytes (a copy), empty without sense data. */
    public byte[] senseBytes() {
        return sense == null ? new byte[0] : sense.clone();
    }

    /** The decoded sense data, empty without sense or when it cannot be decoded. */
    public Optional<SenseData> sense() {
        return sense == null ? Optional.empty() : SenseData.decode(sense);
    }

    /** Bytes of the data phase that were not transferred. */
    public int residual() {
        return residual;
    }

    /** One line for logs and shell output, e.g. {@code CHECK CONDITION sense 02/04/0b}. */
    public String describe() {
        if (transportError != null) {
            return "transport error " + transportError + (transportDetail.isEmpty() ? "" : ": " + transportDetail);
        }
        String s = ScsiStatus.name(status);
        Optional<SenseData> decoded = sense();
        return decoded.map(d -> s + " sense " + d.triple()).orElse(s);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ScsiResult)) {
            return false;
        }
        ScsiResult r = (ScsiResult) o;
        return status == r.status && residual == r.residual && transportError == r.transportError
                && Arrays.equals(sense, r.sense);
    }

    @Override
    public int hashCode() {
        return Objects.hash(status, residual, transportError, Arrays.hashCode(sense));
    }

    @Override
    public String toString() {
        return describe();
    }

    private static int checkResidual(int residual) {
        if (residual < 0) {
            throw new IllegalArgumentException("negative residual " + residual);
        }
        return residual;
    }
}
