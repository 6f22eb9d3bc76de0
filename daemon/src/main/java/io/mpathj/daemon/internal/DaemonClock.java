package io.mpathj.daemon.internal;

/**
 * The daemon's time and its one thread: every task runs on that thread, one at a time, so the daemon's state needs
 * no locks. Production runs a scheduled executor ({@link ExecutorClock}); tests drive a manual clock.
 */
public interface DaemonClock {
    /** Monotonic time in nanoseconds. */
    long nanoTime();

    /** Runs {@code task} on the daemon thread once, {@code delayNanos} from now (0: as soon as possible). */
    Cancellable schedule(long delayNanos, Runnable task);

    /** A task that has not run yet can be cancelled. */
    @FunctionalInterface
    interface Cancellable {
        void cancel();
    }
}
