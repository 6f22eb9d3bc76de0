package io.mpathj.storage.sim;

import java.time.Duration;

/**
 * The array's clock and timer. Tests pass a {@link ManualSimTime} so that transitions, latencies and scheduled state
 * changes happen exactly when the test advances time; a running container passes a {@link SystemSimTime}.
 */
public interface SimTime {
    /** Monotonic time in nanoseconds. */
    long nanoTime();

    /** Runs {@code task} once, {@code delay} from now. */
    Cancellable schedule(Duration delay, Runnable task);

    /** A scheduled task that has not run yet can be cancelled. */
    @FunctionalInterface
    interface Cancellable {
        void cancel();
    }
}
