package io.mpathj.daemon.internal;

import io.mpathj.storage.sim.ManualSimTime;
import java.time.Duration;

/** The daemon's clock on the sim's manual time: daemon tasks run on the thread that advances it. */
public final class SimClock implements DaemonClock {
    private final ManualSimTime time;

    public SimClock(ManualSimTime time) {
        this.time = time;
    }

    @Override
    public long nanoTime() {
        return time.nanoTime();
    }

    @Override
    public Cancellable schedule(long delayNanos, Runnable task) {
        return time.schedule(Duration.ofNanos(delayNanos), task)::cancel;
    }
}
