package io.mpathj.export.nbd.internal;

import static io.mpathj.export.nbd.internal.Nbd.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpathj.api.InvalidArgumentsException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The server against a raw client: option haggling, commands, errors, and malformed input from a fuzzer. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NbdProtocolTest {
    private static final int BS = 512;
    private static final long BLOCKS = 8192;
    private static NbdRig rig;

    @BeforeAll
    static void start() throws Exception {
        rig = new NbdRig(BLOCKS, BS);
    }

    @AfterAll
    static void stop() throws Exception {
        rig.close();
    }

    @Test
    void optionsListInfoGoAndUnknown() throws Exception {
        try (RawClient c = new RawClient(rig.socket)) {
            int flags = c.greeting();
            assertEquals(FLAG_FIXED_NEWSTYLE | FLAG_NO_ZEROES, flags);
            c.clientFlags(FLAG_C_FIXED_NEWSTYLE | FLAG_C_NO_ZEROES);
            c.option(OPT_LIST, null);
            RawClient.OptionReply server = c.optionReply();
            assertEquals(REP_SERVER, server.type());
            assertEquals(NbdRig.MAP, new String(server.data(), 4, server.data().length - 4,
                    StandardCharsets.UTF_8));
            assertEquals(REP_ACK, c.optionReply().type());
            c.option(99, ByteBuffer.wrap(new byte[] {1, 2, 3}));
            assertEquals(REP_ERR_UNSUP, c.optionReply().type());
            c.option(OPT_INFO, RawClient.goData("nosuch"));
            RawClient.OptionReply unknown = c.optionReply();
            assertEquals(REP_ERR_UNKNOWN, unknown.type());
            assertTrue(unknown.text().contains("mpatha"), unknown.text());
            c.option(OPT_INFO, RawClient.goData(NbdRig.MAP, INFO_BLOCK_SIZE, INFO_NAME));
            List<RawClient.OptionReply> infos = new ArrayList<>();
            RawClient.OptionReply r;
            while ((r = c.optionReply()).type() == REP_INFO) {
                infos.add(r);
            }
            assertEquals(REP_ACK, r.type());
            ByteBuffer export = ByteBuffer.wrap(infos.get(0).data());
            assertEquals(INFO_EXPORT, export.getShort());
            assertEquals(BLOCKS * BS, export.getLong());
            int tflags = export.getShort() & 0xFFFF;
            assertEquals(FLAG_HAS_FLAGS | FLAG_SEND_FLUSH | FLAG_SEND_FUA | FLAG_SEND_TRIM | FLAG_SEND_WRITE_ZEROES
                    | FLAG_CAN_MULTI_CONN, tflags);
            ByteBuffer block = infos.stream().map(i -> ByteBuffer.wrap(i.data()))
                    .filter(b -> b.getShort(0) == INFO_BLOCK_SIZE).findFirst().orElseThrow();
            block.getShort();
            assertEquals(BS, block.getInt());
            assertEquals(4096, block.getInt());
            assertEquals(MAX_PAYLOAD, block.getInt());
            // INFO does not open the map; ABORT is acknowledged and the connection closed
            assertEquals(0, rig.openCount());
            c.option(OPT_ABORT, null);
            assertEquals(REP_ACK, c.optionReply().type());
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void commandsWithSimpleAndStructuredReplies() throws Exception {
        for (boolean structured : new boolean[] {false, true}) {
            try (RawClient c = new RawClient(rig.socket).connect(NbdRig.MAP, structured)) {
                byte[] data = new byte[8192];
                new Random(structured ? 1 : 2).nextBytes(data);
                c.request(CMD_FLAG_FUA, CMD_WRITE, 1, 4096, data.length, ByteBuffer.wrap(data));
                assertEquals(0, c.anyReply(0).error());
                c.request(0, CMD_FLUSH, 2, 0, 0, null);
                assertEquals(0, c.anyReply(0).error());
                c.request(0, CMD_READ, 3, 4096, data.length, null);
                RawClient.Reply read = structured ? c.anyReply(data.length) : c.simpleReply(data.length);
                assertEquals(3, read.cookie());
                assertArrayEquals(data, read.data());
                if (structured) {
                    assertEquals(REPLY_TYPE_OFFSET_DATA, read.type());
                    assertEquals(REPLY_FLAG_DONE, read.flags());
                }
                c.request(CMD_FLAG_NO_HOLE, CMD_WRITE_ZEROES, 4, 4096, 4096, null);
                assertEquals(0, c.anyReply(0).error());
                c.request(0, CMD_READ, 5, 4096, data.length, null);
                byte[] after = (structured ? c.anyReply(data.length) : c.simpleReply(data.length)).data();
                assertArrayEquals(new byte[4096], java.util.Arrays.copyOf(after, 4096));
                assertArrayEquals(java.util.Arrays.copyOfRange(data, 4096, 8192),
                        java.util.Arrays.copyOfRange(after, 4096, 8192));
                c.request(0, CMD_TRIM, 6, 0, 4096, null);
                assertEquals(0, c.anyReply(0).error());
                // refusals: the connection stays usable after each
                long end = BLOCKS * BS;
                c.request(0, CMD_READ, 7, end, 512, null);
                assertEquals(EINVAL, c.anyReply(0).error());
                c.request(0, CMD_WRITE, 8, end - 512, 1024, ByteBuffer.wrap(new byte[1024]));
                assertEquals(ENOSPC, c.anyReply(0).error());
                c.request(0, CMD_READ, 9, 100, 512, null);
                assertEquals(EINVAL, c.anyReply(0).error());
                c.request(0, 42, 10, 0, 0, null);
                assertEquals(EINVAL, c.anyReply(0).error());
                c.request(0x80, CMD_READ, 11, 0, 512, null);
                assertEquals(EINVAL, c.anyReply(0).error());
                c.request(0, CMD_READ, 12, 4096 + 4096, 4096, null);
                byte[] tail = (structured ? c.anyReply(4096) : c.simpleReply(4096)).data();
                assertArrayEquals(java.util.Arrays.copyOfRange(data, 4096, 8192), tail);
                c.request(0, CMD_DISC, 13, 0, 0, null);
                assertTrue(c.closedByServer());
            }
        }
        awaitOpenCount(0);
    }

    @Test
    void manyRequestsInFlightAreAllAnswered() throws Exception {
        try (RawClient c = new RawClient(rig.socket).connect(NbdRig.MAP, true)) {
            int n = 256;
            ByteBuffer batch = ByteBuffer.allocate(n * (28 + 4096));
            for (int i = 0; i < n; i++) {
                byte[] block = new byte[4096];
                java.util.Arrays.fill(block, (byte) i);
                batch.putInt(REQUEST_MAGIC).putShort((short) 0).putShort((short) CMD_WRITE).putLong(i)
                        .putLong((long) i * 4096).putInt(4096).put(block);
            }
            c.write(batch.flip());
            boolean[] seen = new boolean[n];
            for (int i = 0; i < n; i++) {
                RawClient.Reply r = c.anyReply(0);
                assertEquals(0, r.error());
                seen[(int) r.cookie()] = true;
            }
            for (boolean s : seen) {
                assertTrue(s);
            }
            c.request(0, CMD_READ, 1000, 7L * 4096, 4096, null);
            byte[] expected = new byte[4096];
            java.util.Arrays.fill(expected, (byte) 7);
            assertArrayEquals(expected, c.anyReply(4096).data());
        }
    }

    /**
     * With every path down the map queues (queue_if_no_path): the server keeps the requests waiting, never fails
     * them, and takes no more than its bound from one connection; when a path returns every request is answered.
     */
    @Test
    void queuedRequestsWaitAndTheConnectionsBoundHolds() throws Exception {
        try (RawClient c = new RawClient(rig.socket).connect(NbdRig.MAP, true)) {
            rig.array.port("P0").faults().linkDown();
            rig.array.port("P1").faults().linkDown();
            try {
                int n = Connection.MAX_INFLIGHT + 44;
                ByteBuffer batch = ByteBuffer.allocate(n * 28);
                for (int i = 0; i < n; i++) {
                    batch.putInt(REQUEST_MAGIC).putShort((short) 0).putShort((short) CMD_READ).putLong(i)
                            .putLong((i % 1000) * 4096L).putInt(4096);
                }
                c.write(batch.flip());
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (queued() < Connection.MAX_INFLIGHT && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                assertEquals(Connection.MAX_INFLIGHT, queued(), "requests queued in the map");
            } finally {
                rig.array.port("P0").faults().linkUp();
                rig.array.port("P1").faults().linkUp();
                rig.engine.multipath().message(NbdRig.MAP, "reinstate_path", "sim:a/P0/0");
                rig.engine.multipath().message(NbdRig.MAP, "reinstate_path", "sim:a/P1/0");
            }
            boolean[] seen = new boolean[Connection.MAX_INFLIGHT + 44];
            for (int i = 0; i < seen.length; i++) {
                RawClient.Reply r = c.anyReply(4096);
                assertEquals(0, r.error(), "request " + r.cookie());
                seen[(int) r.cookie()] = true;
            }
            for (boolean s : seen) {
                assertTrue(s);
            }
        }
    }

    private static int queued() {
        return rig.engine.multipath().view(NbdRig.MAP).orElseThrow().queuedIos();
    }

    @Test
    void busyRemoveIsRefusedWhileAClientIsConnected() throws Exception {
        try (RawClient c = new RawClient(rig.socket).connect(NbdRig.MAP, false)) {
            assertEquals(1, rig.openCount());
            InvalidArgumentsException busy = assertThrows(InvalidArgumentsException.class,
                    () -> rig.engine.multipath().remove(NbdRig.MAP, false));
            assertTrue(busy.getMessage().contains("busy"), busy.getMessage());
            c.request(0, CMD_DISC, 1, 0, 0, null);
            assertTrue(c.closedByServer());
        }
        awaitOpenCount(0);
    }

    @Test
    void unexportDisconnectsItsClientsAndGivesTheMapBack() throws Exception {
        try (RawClient c = new RawClient(rig.socket).connect(NbdRig.MAP, true)) {
            verifiedIo(c, 1);
            assertEquals(1, rig.server.unexport(NbdRig.MAP));
            assertTrue(c.closedByServer());
            awaitOpenCount(0);
            try (RawClient late = new RawClient(rig.socket)) {
                late.greeting();
                late.clientFlags(FLAG_C_FIXED_NEWSTYLE);
                late.option(OPT_GO, RawClient.goData(NbdRig.MAP));
                assertEquals(REP_ERR_UNKNOWN, late.optionReply().type());
            }
        } finally {
            rig.server.export(NbdRig.MAP);
        }
        InvalidArgumentsException twice = assertThrows(InvalidArgumentsException.class,
                () -> rig.server.export(NbdRig.MAP));
        assertEquals("mpatha is exported already", twice.getMessage());
        assertEquals("no map named nosuch", assertThrows(InvalidArgumentsException.class,
                () -> rig.server.export("nosuch")).getMessage());
    }

    /**
     * Malformed handshakes and requests: each connection is closed by the server (end of stream, no hang), while a
     * well-behaved client on another connection keeps reading and writing with verified data throughout, and no
     * open of the map is left behind.
     */
    @Test
    void fuzzedInputClosesOnlyTheBadConnection() throws Exception {
        Random random = new Random(19);
        try (RawClient good = new RawClient(rig.socket).connect(NbdRig.MAP, true)) {
            List<Consumer<RawClient>> attacks = new ArrayList<>();
            attacks.add(c -> run(() -> { c.greeting(); c.clientFlags(0x80); }));
            attacks.add(c -> run(() -> { c.greeting(); c.clientFlags(1); c.write(ByteBuffer.allocate(16)
                    .putLong(0x1234).putInt(OPT_GO).putInt(0).flip()); }));
            attacks.add(c -> run(() -> { c.greeting(); c.clientFlags(1); c.write(ByteBuffer.allocate(16)
                    .putLong(IHAVEOPT).putInt(OPT_GO).putInt(-1).flip()); }));
            attacks.add(c -> run(() -> { c.greeting(); c.clientFlags(1);
                c.option(OPT_EXPORT_NAME, ByteBuffer.wrap("nosuch".getBytes(StandardCharsets.UTF_8))); }));
            attacks.add(c -> run(() -> { c.connect(NbdRig.MAP, false); c.write(ByteBuffer.allocate(28)
                    .putInt(0xdeadbeef).position(28).flip()); }));
            attacks.add(c -> run(() -> { c.connect(NbdRig.MAP, true);
                c.request(0, CMD_WRITE, 1, 0, Integer.MAX_VALUE, ByteBuffer.allocate(100)); }));
            for (int i = 0; i < 40; i++) {
                byte[] junk = new byte[1 + random.nextInt(300)];
                random.nextBytes(junk);
                boolean afterHandshake = random.nextBoolean();
                attacks.add(c -> run(() -> {
                    if (afterHandshake) {
                        c.connect(NbdRig.MAP, junk.length % 2 == 0);
                    } else {
                        c.greeting();
                        c.clientFlags(1);
                    }
                    c.write(ByteBuffer.wrap(junk));
                    c.channel.shutdownOutput();
                }));
            }
            int round = 0;
            for (Consumer<RawClient> attack : attacks) {
                try (RawClient bad = new RawClient(rig.socket)) {
                    attack.accept(bad);
                    assertTrue(bad.closedByServer(), "attack " + round + " left the connection open");
                }
                verifiedIo(good, round++);
            }
            // every bad connection gave its open back: only the good client's is left
            awaitOpenCount(1);
        }
        awaitOpenCount(0);
    }

    private static void verifiedIo(RawClient c, int round) throws Exception {
        byte[] data = new byte[4096];
        new Random(round).nextBytes(data);
        long offset = (round % 64) * 4096L;
        c.request(0, CMD_WRITE, round, offset, 4096, ByteBuffer.wrap(data));
        assertEquals(0, c.anyReply(0).error());
        c.request(0, CMD_READ, round, offset, 4096, null);
        assertArrayEquals(data, c.anyReply(4096).data());
    }

    private interface IoAction {
        void run() throws Exception;
    }

    private static void run(IoAction a) {
        try {
            a.run();
        } catch (java.io.IOException e) {
            // the server may close before the client finished sending: that is the expected end
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitOpenCount(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (rig.openCount() != n && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(n, rig.openCount(), "opens of the map");
    }
}
