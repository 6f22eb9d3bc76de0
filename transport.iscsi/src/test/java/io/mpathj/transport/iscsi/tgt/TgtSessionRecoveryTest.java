package io.mpathj.transport.iscsi.tgt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.mpathj.api.scsi.Cdbs;
import io.mpathj.api.scsi.ScsiCommand;
import io.mpathj.api.scsi.ScsiResult;
import io.mpathj.api.scsi.ScsiStatus;
import io.mpathj.api.scsi.SenseKey;
import io.mpathj.api.scsi.TransportError;
import io.mpathj.transport.iscsi.IscsiConfig;
import io.mpathj.transport.iscsi.IscsiPath;
import io.mpathj.transport.iscsi.IscsiPathName;
import io.mpathj.transport.iscsi.IscsiTransport;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Failure handling against tgt: unit attentions, a connection killed under load, a target that stops answering. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class TgtSessionRecoveryTest extends TgtTestSupport {
    private static final int QUEUE_DEPTH = 8;
    private static final int IO_BLOCKS = 128;

    @BeforeAll
    static void startTarget() {
        tgt = TgtTarget.startOrSkip(2);
    }

    private IscsiPath openPath(String initiator, boolean retryUnitAttention) throws Exception {
        return openPath(initiator, retryUnitAttention, 1, TgtTarget.IQN);
    }

    private IscsiPath openPath(String initiator, boolean retryUnitAttention, int tid, String iqn) throws Exception {
        IscsiTransport transport = transport(IscsiConfig.builder()
                .initiatorName("iqn.2026-11.io.mpathj.test:" + initiator)
                .retryResetUnitAttention(retryUnitAttention)
                .reconnectDelay(Duration.ofMillis(200), Duration.ofSeconds(1))
                .taskManagementTimeout(Duration.ofSeconds(1)));
        IscsiPath path = transport.open(new IscsiPathName(tgt.portals().get(0), iqn, TgtTarget.LUN));
        path.whenOnline().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return path;
    }

    @Test
    void powerOnUnitAttentionIsReportedOnceAndThenGone() throws Exception {
        IscsiPath raw = openPath("ua-raw", false);
        ScsiResult first = run(raw, ScsiCommand.noData(Cdbs.testUnitReady()));
        assertEquals(ScsiStatus.CHECK_CONDITION, first.status(), first.describe());
        assertTrue(first.sense().orElseThrow().is(SenseKey.UNIT_ATTENTION, 0x29, 0x00), first.describe());
        assertTrue(run(raw, ScsiCommand.noData(Cdbs.testUnitReady())).isGood());
    }

    @Test
    void powerOnUnitAttentionIsAbsorbedByDefault() throws Exception {
        IscsiPath path = openPath("ua-retry", true);
        ScsiResult first = run(path, ScsiCommand.noData(Cdbs.testUnitReady()));
        assertTrue(first.isGood(), "the reset UA is retried like the kernel does: " + first.describe());
    }

    @Test
    void killedConnectionEndsCommandsInFlightWithTransportErrorAndThePathReconnects() throws Exception {
        String initiator = "iqn.2026-11.io.mpathj.test:victim";
        IscsiPath path = openPath("victim", true);
        List<CompletableFuture<ScsiResult>> issued = new ArrayList<>();
        Semaphore slots = new Semaphore(QUEUE_DEPTH);
        boolean killed = false;
        long stopAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < stopAt) {
            if (!slots.tryAcquire(5, TimeUnit.SECONDS)) {
                fail("no command completed within 5 s: a command hangs");
            }
            int n = issued.size();
            ByteBuffer buffer = ByteBuffer.allocate(IO_BLOCKS * TgtTarget.BLOCK_SIZE);
            long lba = (long) (n % 64) * IO_BLOCKS;
            ScsiCommand command = n % 2 == 0 ? ScsiCommand.dataOut(Cdbs.write16(lba, IO_BLOCKS), buffer)
                    : ScsiCommand.dataIn(Cdbs.read16(lba, IO_BLOCKS), buffer);
            CompletableFuture<ScsiResult> f = path.execute(command).toCompletableFuture();
            f.whenComplete((r, e) -> slots.release());
            issued.add(f);
            if (!killed && n == 200) {
                TgtTarget.Conn victim = tgt.connections(1).stream().filter(c -> c.initiator().equals(initiator))
                        .findFirst().orElseThrow();
                tgt.deleteConnection(1, victim);
                killed = true;
            }
            if (killed && issued.stream().anyMatch(TgtSessionRecoveryTest::lostConnection)) {
                break;
            }
        }
        int good = 0;
        int lost = 0;
        for (CompletableFuture<ScsiResult> f : issued) {
            ScsiResult r = f.get(20, TimeUnit.SECONDS); // none may hang
            if (r.isGood()) {
                good++;
            } else if (r.transportError().equals(Optional.of(TransportError.CONNECTION_LOST))) {
                lost++;
            } else {
                fail("unexpected result " + r.describe());
            }
        }
        assertTrue(killed);
        assertTrue(lost > 0, "commands in flight ended with CONNECTION_LOST (" + good + " good)");
        assertEquals(issued.size(), good + lost, "every command completed exactly once");

        path.whenOnline().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertTrue(path.isOnline());
        ScsiResult after = run(path, ScsiCommand.dataIn(Cdbs.read16(0, 8), ByteBuffer.allocate(8 * 512)));
        assertTrue(after.isGood(), "usable again after reinstatement: " + after.describe());
    }

    private static boolean lostConnection(CompletableFuture<ScsiResult> f) {
        return f.isDone() && f.join().transportError().equals(Optional.of(TransportError.CONNECTION_LOST));
    }

    @Test
    void commandTheTargetNeverAnswersTimesOutAndThePathRecovers() throws Exception {
        String iqn = "iqn.2026-11.io.mpathj.test:stuck";
        int tid = tgt.addTarget(iqn, null, null);
        IscsiPath path = openPath("stuck", true, tid, iqn);
        assertTrue(run(path, ScsiCommand.noData(Cdbs.testUnitReady())).isGood());
        tgt.setTargetState(tid, "offline");
        long start = System.nanoTime();
        ScsiResult r = run(path, ScsiCommand.dataIn(Cdbs.read16(0, 8), ByteBuffer.allocate(4096))
                .withTimeoutMillis(1000));
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        tgt.setTargetState(tid, "ready");
        assertEquals(Optional.of(TransportError.TIMEOUT), r.transportError(), r.describe());
        assertTrue(tookMillis < 3000, "bounded by the command timeout, took " + tookMillis + " ms");
        // escalation (ABORT TASK, LU RESET, then a new connection) must leave a usable path behind
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        ScsiResult after;
        do {
            path.whenOnline().toCompletableFuture().get(10, TimeUnit.SECONDS);
            after = run(path, ScsiCommand.noData(Cdbs.testUnitReady()).withTimeoutMillis(2000));
        } while (!after.isGood() && System.nanoTime() < deadline);
        assertTrue(after.isGood(), after.describe());
        assertFalse(tgt.connections(tid).isEmpty());
    }

    @Test
    void logicalUnitResetIsAnsweredAndItsUnitAttentionAbsorbed() throws Exception {
        IscsiPath path = openPath("reset", true);
        assertEquals(0, path.resetLogicalUnit().toCompletableFuture().get(10, TimeUnit.SECONDS));
        ScsiResult r = run(path, ScsiCommand.noData(Cdbs.testUnitReady()));
        assertTrue(r.isGood(), r.describe());
    }
}
