package io.mpathj.api.map;

/**
 * Per-map settings that the kernel keeps outside the table (module parameters and SCSI midlayer budgets).
 *
 * @param queueIfNoPathTimeoutMillis the kernel's {@code queue_if_no_path_timeout_secs}: how long I/O may queue with
 *     no valid path before queueing is turned off and it fails; 0 = forever
 * @param pgInitTimeoutMillis how long one path activation may take before the map counts it as TIMED_OUT (a handler
 *     that never answers must not hang the map)
 * @param ioRetryDeadlineMillis an I/O's total budget for retries that fail no path (the SCSI command's runtime
 *     budget); past it, one more such verdict fails the path instead
 * @param requeueDelayMillis how long an I/O waits before it is dispatched again when nothing else will wake it
 *     (DM_MAPIO_DELAY_REQUEUE)
 */
public record MapOptions(long queueIfNoPathTimeoutMillis, long pgInitTimeoutMillis, long ioRetryDeadlineMillis,
        long requeueDelayMillis) {

    public static final MapOptions DEFAULTS = new MapOptions(0, 120_000, 180_000, 100);

    public MapOptions {
        if (queueIfNoPathTimeoutMillis < 0 || pgInitTimeoutMillis <= 0 || ioRetryDeadlineMillis <= 0
                || requeueDelayMillis <= 0) {
            throw new IllegalArgumentException("map options must be positive (queue timeout may be 0)");
        }
    }

    public MapOptions withQueueIfNoPathTimeoutMillis(long millis) {
        return new MapOptions(millis, pgInitTimeoutMillis, ioRetryDeadlineMillis, requeueDelayMillis);
    }

    public MapOptions withPgInitTimeoutMillis(long millis) {
        return new MapOptions(queueIfNoPathTimeoutMillis, millis, ioRetryDeadlineMillis, requeueDelayMillis);
    }

    public MapOptions withIoRetryDeadlineMillis(long millis) {
        return new MapOptions(queueIfNoPathTimeoutMillis, pgInitTimeoutMillis, millis, requeueDelayMillis);
    }
}
