package io.mpathj.transport.iscsi.internal.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpathj.api.scsi.Cdbs;
import io.mpathj.api.scsi.ScsiCommand;
import io.mpathj.api.scsi.ScsiResult;
import io.mpathj.api.scsi.TransportError;
import io.mpathj.transport.iscsi.IscsiConfig;
import io.mpathj.transport.iscsi.IscsiPath;
import io.mpathj.transport.iscsi.IscsiPathName;
import io.mpathj.transport.iscsi.IscsiTransport;
import io.mpathj.transport.iscsi.internal.login.TextParameters;
import io.mpathj.transport.iscsi.internal.pdu.Field;
import io.mpathj.transport.iscsi.internal.pdu.InitiatorPdus;
import io.mpathj.transport.iscsi.internal.pdu.Lun;
import io.mpathj.transport.iscsi.internal.pdu.Opcode;
import io.mpathj.transport.iscsi.internal.pdu.Pdu;
import io.mpathj.transport.iscsi.internal.pdu.TargetPdus;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The session engine against a scripted target: CmdSN window, data transfer, task management, keep-alive. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SessionAgainstFakeTargetTest {
    private static final long WAIT = 3000;
    private FakeTarget target;
    private IscsiTransport transport;

    @AfterEach
    void tearDown() throws Exception {
        if (transport != null) {
            transport.close();
        }
        if (target != null) {
            target.close();
        }
    }

    private IscsiPath connect(int window, TextParameters answer, IscsiConfig.Builder config) throws Exception {
        target = new FakeTarget(window, answer);
        transport = new IscsiTransport(config.reconnectDelay(Duration.ofMillis(100), Duration.ofMillis(200))
                .logoutTimeout(Duration.ofMillis(300))
                .retryResetUnitAttention(false).build());
        IscsiPath path = transport.open(new IscsiPathName(target.portal(), "iqn.2026-11.test:fake", 1));
        path.whenOnline().toCompletableFuture().get(WAIT, TimeUnit.MILLISECONDS);
        return path;
    }

    private IscsiPath connect(int window) throws Exception {
        return connect(window, FakeTarget.defaultAnswer(), IscsiConfig.builder());
    }

    private static ScsiResult await(CompletableFuture<ScsiResult> f) throws Exception {
        return f.get(WAIT, TimeUnit.MILLISECONDS);
    }

    private static CompletableFuture<ScsiResult> tur(IscsiPath path) {
        return path.execute(ScsiCommand.noData(Cdbs.testUnitReady())).toCompletableFuture();
    }

    @Test
    void severalCommandsInFlightStayWithinTheCmdSnWindow() throws Exception {
        IscsiPath path = connect(2);
        List<CompletableFuture<ScsiResult>> results = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            results.add(tur(path));
        }
        Pdu first = target.next(WAIT);
        Pdu second = target.next(WAIT);
        assertEquals(first.u32(Field.CMD_SN) + 1, second.u32(Field.CMD_SN), "CmdSN advances per command");
        assertNull(target.poll(300), "MaxCmdSN = ExpCmdSN + 1: a third command must wait (§4.2.2.1)");

        List<Pdu> commands = new ArrayList<>(List.of(first, second));
        while (commands.size() < 5) {
            target.maxCmdSn++; // one more slot with every response
            target.good(commands.get(commands.size() - 2));
            Pdu next = target.next(WAIT);
            assertTrue(next.u32(Field.CMD_SN) - target.maxCmdSn <= 0, "CmdSN within MaxCmdSN");
            commands.add(next);
            assertNull(target.poll(100), "still only one new slot");
        }
        target.good(commands.get(3));
        target.good(commands.get(4));
        for (CompletableFuture<ScsiResult> r : results) {
            assertTrue(await(r).isGood());
        }
    }

    @Test
    void dataInArrivesInPiecesAtTheirOffsetsWithTheResidual() throws Exception {
        IscsiPath path = connect(8);
        ByteBuffer buffer = ByteBuffer.allocate(2048).position(512);
        CompletableFuture<ScsiResult> read = path.execute(ScsiCommand.dataIn(Cdbs.read10(0, 3), buffer))
                .toCompletableFuture();
        Pdu command = target.next(WAIT);
        assertEquals(Opcode.SCSI_COMMAND, command.opcode());
        assertEquals(0xC1, command.flags(), "F|R|simple");
        assertEquals(1536, command.u32(Field.EXPECTED_DATA_TRANSFER_LENGTH));
        // second piece first: Data-In may come in any order at their Buffer Offsets (§11.7.6)
        target.send(dataIn(command, 512, 512, (byte) 2, false));
        target.send(dataIn(command, 0, 512, (byte) 1, false));
        Pdu last = dataIn(command, 1024, 256, (byte) 3, true);
        last.flags(Pdu.FINAL_BIT | TargetPdus.STATUS_BIT | TargetPdus.UNDERFLOW_BIT).u32(Field.RESIDUAL_COUNT, 256);
        target.send(last);
        ScsiResult r = await(read);
        assertTrue(r.isGood(), r.describe());
        assertEquals(256, r.residual());
        assertEquals(512, buffer.position(), "position untouched");
        assertEquals(1, buffer.get(512));
        assertEquals(2, buffer.get(1024));
        assertEquals(3, buffer.get(1536 + 255));
        assertEquals(0, buffer.get(1536 + 256), "not written past the data");
    }

    private Pdu dataIn(Pdu command, int offset, int length, byte fill, boolean status) {
        byte[] data = new byte[length];
        java.util.Arrays.fill(data, fill);
        Pdu pdu = status ? target.targetPdu(Opcode.DATA_IN, command.itt())
                : new Pdu(new byte[Pdu.BHS_LENGTH], null).u8(0, Opcode.DATA_IN).itt(command.itt())
                        .u32(Field.EXP_CMD_SN, target.expCmdSn).u32(Field.MAX_CMD_SN, target.maxCmdSn);
        return pdu.lunField(command.lunField()).u32(Field.TTT, Pdu.RESERVED_TAG).u32(Field.BUFFER_OFFSET, offset)
                .data(ByteBuffer.wrap(data));
    }

    @Test
    void writesAnswerR2tsWithDataOutForExactlyTheRequestedRange() throws Exception {
        TextParameters answer = new TextParameters();
        for (String[] pair : FakeTarget.defaultAnswer().pairs()) {
            answer.add(pair[0], pair[0].equals("ImmediateData") ? "No" : pair[1]);
        }
        IscsiPath path = connect(8, answer, IscsiConfig.builder());
        byte[] payload = new byte[1024];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) i;
        }
        CompletableFuture<ScsiResult> write = path.execute(ScsiCommand.dataOut(Cdbs.write10(0, 2),
                ByteBuffer.wrap(payload))).toCompletableFuture();
        Pdu command = target.next(WAIT);
        assertEquals(0xA1, command.flags(), "F|W|simple: InitialR2T=Yes, so no unsolicited data");
        assertEquals(0, command.dataLength(), "ImmediateData=No");
        byte[] received = new byte[1024];
        int ttt = 0x5000;
        for (int offset : new int[] {512, 0}) {
            target.send(target.targetPdu(Opcode.R2T, command.itt()).u32(Field.TTT, ttt)
                    .u32(Field.BUFFER_OFFSET, offset).u32(Field.DESIRED_DATA_TRANSFER_LENGTH, 512));
            Pdu dataOut = target.next(WAIT);
            assertEquals(Opcode.DATA_OUT, dataOut.opcode());
            assertEquals(ttt, dataOut.u32(Field.TTT), "TTT echoed (§11.7.4)");
            assertEquals(offset, dataOut.u32(Field.BUFFER_OFFSET));
            assertEquals(0, dataOut.u32(Field.DATA_SN), "DataSN restarts per R2T (§11.7.5)");
            assertTrue(dataOut.isFinal());
            dataOut.data().get(received, offset, 512);
            ttt++;
        }
        assertArrayEquals(payload, received);
        target.good(command);
        assertTrue(await(write).isGood());
    }

    @Test
    void aTimedOutCommandIsAbortedWithAbortTask() throws Exception {
        IscsiPath path = connect(8);
        long start = System.nanoTime();
        CompletableFuture<ScsiResult> read = path.execute(ScsiCommand.dataIn(Cdbs.read10(0, 1),
                ByteBuffer.allocate(512)).withTimeoutMillis(300)).toCompletableFuture();
        Pdu command = target.next(WAIT);
        Pdu abort = target.next(WAIT);
        assertEquals(Opcode.TASK_MANAGEMENT_REQUEST, abort.opcode());
        assertTrue(abort.isImmediate());
        assertEquals(0x80 | InitiatorPdus.TMF_ABORT_TASK, abort.flags());
        assertEquals(command.itt(), abort.u32(20), "Referenced Task Tag (§11.5.2)");
        assertEquals(command.u32(Field.CMD_SN), abort.u32(32), "RefCmdSN (§11.5.3)");
        assertEquals(Lun.encode(1), abort.lunField());
        ScsiResult r = await(read);
        assertEquals(Optional.of(TransportError.TIMEOUT), r.transportError(), r.describe());
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 2500, "bounded by the 300 ms timeout");
        target.taskManagementResponse(abort, 0);
        target.good(command); // a late response for the aborted task is dropped quietly
        CompletableFuture<ScsiResult> next = tur(path);
        target.good(target.next(WAIT));
        assertTrue(await(next).isGood(), "the session goes on");
    }

    @Test
    void failedAbortEscalatesToLogicalUnitResetAndThenToDroppingTheConnection() throws Exception {
        IscsiPath path = connect(8, FakeTarget.defaultAnswer(),
                IscsiConfig.builder().taskManagementTimeout(Duration.ofMillis(300)));
        CompletableFuture<ScsiResult> bystander = tur(path);
        target.next(WAIT);
        CompletableFuture<ScsiResult> stuck = path.execute(ScsiCommand.noData(Cdbs.testUnitReady())
                .withTimeoutMillis(200)).toCompletableFuture();
        target.next(WAIT);
        Pdu abort = target.next(WAIT);
        target.taskManagementResponse(abort, 5); // §11.6.1: 5 = function not supported
        Pdu reset = target.next(WAIT);
        assertEquals(0x80 | InitiatorPdus.TMF_LOGICAL_UNIT_RESET, reset.flags());
        assertEquals(Pdu.RESERVED_TAG, reset.u32(20));
        // no answer to the reset: after the task management timeout the connection goes
        assertEquals("connected", target.nextEvent(WAIT));
        assertTrue(target.nextEvent(WAIT).matches("eof|closed.*"));
        assertEquals(Optional.of(TransportError.TIMEOUT), await(stuck).transportError());
        ScsiResult lost = await(bystander);
        assertEquals(Optional.of(TransportError.CONNECTION_LOST), lost.transportError(), lost.describe());
        assertEquals("connected", target.nextEvent(WAIT), "the session logs in again");
        path.whenOnline().toCompletableFuture().get(WAIT, TimeUnit.MILLISECONDS);
    }

    @Test
    void logicalUnitResetEndsTheLusCommandsAsAborted() throws Exception {
        IscsiPath path = connect(8);
        CompletableFuture<ScsiResult> inFlight = tur(path);
        target.next(WAIT);
        CompletableFuture<Integer> reset = path.resetLogicalUnit().toCompletableFuture();
        Pdu request = target.next(WAIT);
        assertEquals(0x85, request.flags());
        target.taskManagementResponse(request, 0);
        assertEquals(0, reset.get(WAIT, TimeUnit.MILLISECONDS));
        assertEquals(Optional.of(TransportError.ABORTED), await(inFlight).transportError());
    }

    @Test
    void aDroppedConnectionEndsEveryCommandAndThePathComesBack() throws Exception {
        IscsiPath path = connect(8);
        List<CompletableFuture<ScsiResult>> inFlight = new ArrayList<>();
        List<Boolean> onlineWhenFailed = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 4; i++) {
            CompletableFuture<ScsiResult> f = tur(path);
            // what a map does on the failure (fail the path) and a checker may do next (reinstate it if the
            // session is logged in): the session must already say it is not
            f.whenComplete((r, e) -> onlineWhenFailed.add(path.isOnline()));
            inFlight.add(f);
            target.next(WAIT);
        }
        target.dropConnection();
        for (CompletableFuture<ScsiResult> f : inFlight) {
            assertEquals(Optional.of(TransportError.CONNECTION_LOST), await(f).transportError());
        }
        assertEquals(List.of(false, false, false, false), onlineWhenFailed, "offline before its commands fail");
        path.whenOnline().toCompletableFuture().get(WAIT, TimeUnit.MILLISECONDS);
        CompletableFuture<ScsiResult> again = tur(path);
        target.good(target.next(WAIT));
        assertTrue(await(again).isGood());
    }

    @Test
    void nopInFromTheTargetIsAnsweredAndIdleConnectionsArePinged() throws Exception {
        IscsiPath path = connect(8, FakeTarget.defaultAnswer(), IscsiConfig.builder()
                .nopInterval(Duration.ofMillis(300)).nopTimeout(Duration.ofMillis(300)));
        // §11.19: a NOP-In with a TTT wants a NOP-Out echoing it, ITT 0xffffffff
        target.send(target.targetPdu(Opcode.NOP_IN, Pdu.RESERVED_TAG).u32(Field.TTT, 0x1234));
        Pdu echo = target.next(WAIT);
        assertEquals(Opcode.NOP_OUT, echo.opcode());
        assertEquals(0x1234, echo.u32(Field.TTT));
        assertEquals(Pdu.RESERVED_TAG, echo.itt());
        // idle: the initiator pings (ITT set, TTT 0xffffffff); unanswered, the connection is declared dead
        Pdu ping = target.next(WAIT);
        assertEquals(Opcode.NOP_OUT, ping.opcode());
        assertEquals(Pdu.RESERVED_TAG, ping.u32(Field.TTT));
        assertTrue(ping.itt() != Pdu.RESERVED_TAG);
        assertEquals("connected", target.nextEvent(WAIT));
        assertTrue(target.nextEvent(WAIT).matches("eof|closed.*"), "no NOP-In: connection dropped");
        assertEquals("connected", target.nextEvent(WAIT), "and logged in again");
        // an answered ping keeps the path
        path.whenOnline().toCompletableFuture().get(WAIT, TimeUnit.MILLISECONDS);
        CompletableFuture<Boolean> alive = path.ping().toCompletableFuture();
        Pdu probe;
        do {
            probe = target.next(WAIT);
        } while (probe.opcode() != Opcode.NOP_OUT);
        target.send(target.targetPdu(Opcode.NOP_IN, probe.itt()).u32(Field.TTT, Pdu.RESERVED_TAG));
        assertTrue(alive.get(WAIT, TimeUnit.MILLISECONDS));
    }

    @Test
    void commandsOnAClosedTransportEndWithDeviceGone() throws Exception {
        IscsiPath path = connect(8);
        CompletableFuture<ScsiResult> inFlight = tur(path);
        target.next(WAIT);
        CompletableFuture<Void> closing = CompletableFuture.runAsync(transport::close);
        Pdu logout = target.next(WAIT);
        assertEquals(Opcode.LOGOUT_REQUEST, logout.opcode());
        target.send(target.targetPdu(Opcode.LOGOUT_RESPONSE, logout.itt()));
        closing.get(WAIT, TimeUnit.MILLISECONDS);
        assertEquals(Optional.of(TransportError.DEVICE_GONE), await(inFlight).transportError());
        assertEquals(Optional.of(TransportError.DEVICE_GONE), await(tur(path)).transportError());
        transport = null;
    }

    /** A path is handed out before its session is logged in: a table load's first command waits for that login. */
    @Test
    void aCommandGivenDuringTheFirstLoginWaitsForItAndIsThenSent() throws Exception {
        target = new FakeTarget(8, FakeTarget.defaultAnswer());
        CountDownLatch gate = new CountDownLatch(1);
        target.loginGate = gate;
        transport = new IscsiTransport(IscsiConfig.builder().loginTimeout(Duration.ofSeconds(5)).build());
        IscsiPath path = transport.open(new IscsiPathName(target.portal(), "iqn.2026-11.test:fake", 1));
        CompletableFuture<ScsiResult> early = tur(path);
        assertNull(target.poll(300), "nothing is sent before the login");
        assertFalse(early.isDone(), "the command waits for the first login: " + early.getNow(null));
        gate.countDown();
        Pdu command = target.next(WAIT);
        assertEquals(Opcode.SCSI_COMMAND, command.opcode());
        target.good(command);
        assertTrue(await(early).isGood());
    }

    @Test
    void aCommandGivenDuringAFirstLoginThatFailsEndsWithTheLoginsReason() throws Exception {
        target = new FakeTarget(8, FakeTarget.defaultAnswer());
        CountDownLatch gate = new CountDownLatch(1);
        target.loginGate = gate; // the target takes the connection and never answers the login
        transport = new IscsiTransport(IscsiConfig.builder().loginTimeout(Duration.ofMillis(500))
                .reconnectDelay(Duration.ofSeconds(10), Duration.ofSeconds(10)).build());
        IscsiPath path = transport.open(new IscsiPathName(target.portal(), "iqn.2026-11.test:fake", 1));
        try {
            long start = System.nanoTime();
            ScsiResult r = await(tur(path));
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals(Optional.of(TransportError.CONNECTION_LOST), r.transportError());
            assertTrue(r.describe().contains("no session to " + target.portal() + "/iqn.2026-11.test:fake: login did "
                    + "not finish within 500 ms"), r.describe());
            assertTrue(waited >= 400, "it waited for the login timeout: " + waited + " ms");
            assertEquals(Optional.of(TransportError.CONNECTION_LOST), await(tur(path)).transportError(),
                    "after the first login failed, commands end at once while the session retries");
        } finally {
            gate.countDown();
        }
    }
}
