package io.mpathj.api.handler;

/**
 * The modern activation results ({@code SCSI_DH_*} in include/scsi/scsi_dh.h), for handlers that report pg_init
 * the way scsi_dh does. The map treats each exactly as dm-mpath's {@code pg_init_done()} does.
 */
public enum PgInitResult {
    OK(0), DEV_FAILED(1), DEV_TEMP_BUSY(2), DEV_UNSUPP(3), NOTCONN(5), CONN_FAILURE(6), IO(8), INVALID_IO(9),
    RETRY(10), IMM_RETRY(11), TIMED_OUT(12), RES_TEMP_UNAVAIL(13), DEV_OFFLINED(14), NOMEM(15), NOSYS(16);

    private final int code;

    PgInitResult(int code) {
        this.code = code;
    }

    /** The kernel's numeric value, as it appears in "Error %d" log lines. */
    public int code() {
        return code;
    }
}
