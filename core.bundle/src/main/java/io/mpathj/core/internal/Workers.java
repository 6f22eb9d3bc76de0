package io.mpathj.core.internal;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/** The threads of a multipath target (the kernel's kmpathd / kmpath_handlerd): two daemon threads, named. */
public final class Workers {
    private Workers() {
    }

    public static ScheduledExecutorService start(String namePrefix) {
        AtomicInteger threads = new AtomicInteger();
        return Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, namePrefix + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }
}
