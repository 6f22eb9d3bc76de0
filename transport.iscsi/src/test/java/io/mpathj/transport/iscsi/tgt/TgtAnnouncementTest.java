package io.mpathj.transport.iscsi.tgt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpathj.api.path.PathDevice;
import io.mpathj.api.path.PathDeviceListener;
import io.mpathj.transport.iscsi.IscsiConfig;
import io.mpathj.transport.iscsi.IscsiPortal;
import io.mpathj.transport.iscsi.IscsiSessionInfo;
import io.mpathj.transport.iscsi.IscsiTransport;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Path announcements against tgt (two portals, LUN 0 the controller, LUN 1 a disk): a session that logs in
 * announces its LUNs (REPORT LUNS), a listener that arrives hears of every path announced so far, a connection that
 * is lost and logs in again announces nothing, and logout or close announces the session's paths gone.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class TgtAnnouncementTest extends TgtTestSupport {
    private static final String INITIATOR = "iqn.2026-11.io.mpathj.test:announce";

    @BeforeAll
    static void startTarget() {
        tgt = TgtTarget.startOrSkip(2);
    }

    /** Each call as one line: {@code +NAME NAME…} or {@code -NAME NAME…}, names sorted. */
    private static final class Recorder implements PathDeviceListener {
        final BlockingQueue<String> calls = new LinkedBlockingQueue<>();
        volatile List<? extends PathDevice> lastAppeared = List.of();

        @Override
        public void pathsAppeared(List<? extends PathDevice> paths) {
            lastAppeared = paths;
            calls.add("+" + names(paths));
        }

        @Override
        public void pathsGone(List<? extends PathDevice> paths) {
            calls.add("-" + names(paths));
        }

        private static String names(List<? extends PathDevice> paths) {
            return paths.stream().map(PathDevice::name).sorted().collect(Collectors.joining(" "));
        }

        String next() throws InterruptedException {
            String call = calls.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            assertTrue(call != null, "no announcement within " + WAIT_SECONDS + " s");
            return call;
        }
    }

    private static String lunsOf(IscsiPortal portal) {
        return "iscsi:" + portal + "/" + TgtTarget.IQN + "/0 iscsi:" + portal + "/" + TgtTarget.IQN + "/1";
    }

    @Test
    void loginsAnnounceTheirLunsAReconnectNothingLogoutAndCloseWithdraw() throws Exception {
        IscsiTransport transport = transport(IscsiConfig.builder().initiatorName(INITIATOR)
                .reconnectDelay(Duration.ofMillis(200), Duration.ofSeconds(1)));
        Recorder recorder = new Recorder();
        transport.addListener(recorder);
        IscsiPortal p0 = tgt.portals().get(0);
        IscsiPortal p1 = tgt.portals().get(1);

        await(transport.login(p0, TgtTarget.IQN));
        assertEquals("+" + lunsOf(p0), recorder.next());
        PathDevice announced = recorder.lastAppeared.get(1);
        assertSame(announced, transport.resolve(announced.name()).orElseThrow(), "an announced path resolves");
        await(transport.login(p1, TgtTarget.IQN));
        assertEquals("+" + lunsOf(p1), recorder.next());

        Recorder late = new Recorder();
        transport.addListener(late);
        assertEquals("+" + lunsOf(p0) + " " + lunsOf(p1), late.next(), "a late listener hears of every path at once");

        // a lost connection that logs in again: the paths stay, nothing is announced
        TgtTarget.Conn victim = tgt.connections(1).stream().filter(c -> c.initiator().equals(INITIATOR))
                .findFirst().orElseThrow();
        tgt.deleteConnection(1, victim);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        List<IscsiSessionInfo> sessions;
        do {
            Thread.sleep(100);
            sessions = await(transport.sessions());
        } while (!(sessions.stream().mapToInt(IscsiSessionInfo::reconnects).sum() == 1
                && sessions.stream().allMatch(s -> s.state().equals("logged-in"))) && System.nanoTime() < end);
        assertEquals(1, sessions.stream().mapToInt(IscsiSessionInfo::reconnects).sum(), sessions.toString());
        Thread.sleep(500); // room for the REPORT LUNS of the second login
        assertNull(recorder.calls.poll(), "a reconnect announces nothing");
        assertNull(late.calls.poll());

        assertEquals(2, await(transport.logout(p0, TgtTarget.IQN)));
        assertEquals("-" + lunsOf(p0), recorder.next());
        assertEquals("-" + lunsOf(p0), late.next());
        transport.removeListener(late);
        transport.close();
        assertEquals("-" + lunsOf(p1), recorder.next(), "closing the transport withdraws the rest");
        assertNull(late.calls.poll(), "a removed listener hears nothing");
    }
}
