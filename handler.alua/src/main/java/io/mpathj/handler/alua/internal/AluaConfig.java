package io.mpathj.handler.alua.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Timing of the handler, the kernel's compile-time constants made settable for tests.
 *
 * @param pollInterval how long the worker waits between two RTPGs while a group is transitioning or an
 *     implicit-only array has not moved yet (scsi_dh_alua's ALUA_RTPG_RETRY_DELAY, 2 s)
 * @param defaultTransitionTimeoutSeconds the transition timeout when the array gives none in the extended header
 *     (ALUA_FAILOVER_TIMEOUT, 60 s)
 * @param commandTimeoutMillis the timeout of each command the handler sends
 * @param nanoClock the monotonic clock transition deadlines are measured with ({@link System#nanoTime})
 */
record AluaConfig(Duration pollInterval, int defaultTransitionTimeoutSeconds, int commandTimeoutMillis,
        LongSupplier nanoClock) {
    static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(2);
    static final int DEFAULT_TRANSITION_TIMEOUT_SECONDS = 60;
    static final int DEFAULT_COMMAND_TIMEOUT_MILLIS = 30_000;

    AluaConfig {
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(nanoClock, "nanoClock");
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("poll interval must be positive: " + pollInterval);
        }
        if (defaultTransitionTimeoutSeconds <= 0 || commandTimeoutMillis <= 0) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
    }

    static AluaConfig defaults() {
        return new AluaConfig(DEFAULT_POLL_INTERVAL, DEFAULT_TRANSITION_TIMEOUT_SECONDS,
                DEFAULT_COMMAND_TIMEOUT_MILLIS, System::nanoTime);
    }
}
