package io.mpathj.transport.iscsi.internal.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpathj.transport.iscsi.DiscoveredTarget;
import io.mpathj.transport.iscsi.IscsiConfig;
import io.mpathj.transport.iscsi.IscsiPath;
import io.mpathj.transport.iscsi.IscsiPortal;
import io.mpathj.transport.iscsi.IscsiSessionInfo;
import io.mpathj.transport.iscsi.IscsiTransport;
import io.mpathj.transport.iscsi.TargetAddress;
import io.mpathj.transport.iscsi.internal.login.TextParameters;
import io.mpathj.transport.iscsi.internal.pdu.Opcode;
import io.mpathj.transport.iscsi.internal.pdu.Pdu;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** SendTargets through a real discovery session against the scripted target, and what discovery leaves open. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DiscoveryAgainstFakeTargetTest {
    private static final long WAIT = 5000;
    private static final String IQN = "iqn.2026-11.test:fake";
    /** Closed after each test, last opened first. */
    private final Deque<AutoCloseable> opened = new ArrayDeque<>();
    private FakeTarget target;
    private IscsiTransport transport;

    @AfterEach
    void closeAll() throws Exception {
        while (!opened.isEmpty()) {
            opened.pop().close();
        }
    }

    private void start() throws IOException {
        target = new FakeTarget(8, FakeTarget.defaultAnswer());
        opened.push(target);
        transport = new IscsiTransport(IscsiConfig.builder()
                .reconnectDelay(Duration.ofMillis(20), Duration.ofMillis(40))
                .loginTimeout(Duration.ofMillis(600))
                .logoutTimeout(Duration.ofMillis(300)).build());
        opened.push(transport);
    }

    /** Answers the discovery session's SendTargets=All with {@code addresses} for one target, then its Logout. */
    private void answerSendTargets(String... addresses) throws Exception {
        Pdu request = target.next(WAIT);
        assertEquals(Opcode.TEXT_REQUEST, request.opcode());
        assertEquals("SendTargets=All\0", StandardCharsets.US_ASCII.decode(request.data()).toString());
        TextParameters answer = new TextParameters().add("TargetName", IQN);
        for (String a : addresses) {
            answer.add("TargetAddress", a);
        }
        target.textResponse(request, answer);
        Pdu logout = target.next(WAIT);
        assertEquals(Opcode.LOGOUT_REQUEST, logout.opcode());
        target.logoutResponse(logout);
    }

    @Test
    void sendTargetsKeepsThePortalGroupTagsAndDropsDuplicatePortals() throws Exception {
        start();
        CompletionStage<List<DiscoveredTarget>> found = transport.discover(target.portal());
        answerSendTargets("10.0.2.15:3260,1", "10.0.2.15:3260,2", "10.0.2.16:3260,2");
        assertEquals(List.of(new DiscoveredTarget(IQN, List.of(
                TargetAddress.of(new IscsiPortal("10.0.2.15", 3260), 1),
                TargetAddress.of(new IscsiPortal("10.0.2.16", 3260), 2)))),
                found.toCompletableFuture().get(WAIT, TimeUnit.MILLISECONDS));
    }

    @Test
    void theSessionOfANexusThatFailsDuringDiscoveryIsClosed() throws Exception {
        start();
        DeadPortal dead = new DeadPortal();
        opened.push(dead);
        CompletableFuture<List<IscsiPath>> paths = transport.discoverPaths(List.of(target.portal()))
                .toCompletableFuture();
        answerSendTargets(dead.portal() + ",1");
        assertEquals(List.of(), paths.get(WAIT, TimeUnit.MILLISECONDS));
        assertTrue(dead.accepted.get() >= 2, "the nexus was tried (and retried): " + dead.accepted.get());
        assertEquals(List.of(), transport.paths());
        List<IscsiSessionInfo> sessions = transport.sessions().toCompletableFuture().get(WAIT, TimeUnit.MILLISECONDS);
        assertEquals(List.of(), sessions, "no session left logging in");
        int closedAt = dead.accepted.get();
        // a connect made just before the close may still be in the portal's backlog: let its accept happen
        Thread.sleep(100);
        int tries = dead.accepted.get();
        assertTrue(tries <= closedAt + 1, "at most one connect in flight at the close: " + closedAt + " -> " + tries);
        Thread.sleep(400); // ten reconnect delays
        assertEquals(tries, dead.accepted.get(), "nobody logs in to the dead portal any more");
    }

    /** A portal that accepts TCP connections and closes them at once: every login fails. */
    private static final class DeadPortal implements AutoCloseable {
        final AtomicInteger accepted = new AtomicInteger();
        private final ServerSocket server;

        DeadPortal() throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread t = new Thread(() -> {
                while (!server.isClosed()) {
                    try (Socket s = server.accept()) {
                        accepted.incrementAndGet();
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "dead-portal");
            t.setDaemon(true);
            t.start();
        }

        IscsiPortal portal() {
            return new IscsiPortal("127.0.0.1", server.getLocalPort());
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
