package io.mpathj.storage.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpathj.api.scsi.Cdbs;
import io.mpathj.api.scsi.ScsiCommand;
import io.mpathj.api.scsi.ScsiResult;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Wall-clock time drives the same behaviour as manual time: here, a latency completes on the scheduler's thread. */
class SystemSimTimeTest {
    @Test
    void latencyCompletesOnTheSchedulersThread() throws Exception {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "sim-time"));
        try {
            SimArray array = TestArrays.alua(new SystemSimTime(scheduler)).build();
            SimPath path = TestArrays.path(array, "A0", 0);
            path.faults().setLatency(Duration.ofMillis(1));
            CountDownLatch attached = new CountDownLatch(1);
            scheduler.execute(() -> awaitQuietly(attached)); // keeps the delivery from running before thenApply
            CompletableFuture<String> thread = path.execute(ScsiCommand.noData(Cdbs.testUnitReady()))
                    .thenApply(r -> Thread.currentThread().getName() + ":" + r.isGood()).toCompletableFuture();
            attached.countDown();
            assertEquals("sim-time:true", thread.get(10, TimeUnit.SECONDS));
            path.faults().setLatency(Duration.ZERO);
            ScsiResult inline = path.execute(ScsiCommand.noData(Cdbs.testUnitReady())).toCompletableFuture().getNow(null);
            assertTrue(inline.isGood());
        } finally {
            scheduler.shutdownNow();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
