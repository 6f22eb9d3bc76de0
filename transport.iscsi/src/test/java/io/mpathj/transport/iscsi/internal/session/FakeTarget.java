package io.mpathj.transport.iscsi.internal.session;

import io.mpathj.transport.iscsi.IscsiPortal;
import io.mpathj.transport.iscsi.internal.login.TextParameters;
import io.mpathj.transport.iscsi.internal.pdu.Digests;
import io.mpathj.transport.iscsi.internal.pdu.Field;
import io.mpathj.transport.iscsi.internal.pdu.Opcode;
import io.mpathj.transport.iscsi.internal.pdu.Pdu;
import io.mpathj.transport.iscsi.internal.pdu.PduDecoder;
import io.mpathj.transport.iscsi.internal.pdu.PduEncoder;
import io.mpathj.transport.iscsi.internal.pdu.ProtocolException;
import io.mpathj.transport.iscsi.internal.pdu.TargetPdus;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A scripted iSCSI target for unit tests: it accepts connections, answers every login at once with the keys the test
 * chose, and hands each full-feature PDU to the test, which answers by hand. No sense of SCSI at all.
 */
final class FakeTarget implements AutoCloseable {
    private final ServerSocket server;
    private final Thread acceptor;
    private final BlockingQueue<Pdu> received = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    private final TextParameters operationalAnswer;
    private volatile Socket socket;
    private volatile OutputStream out;
    private int statSn = 0x100;
    /** The window the target advertises; tests move it. */
    volatile int expCmdSn;
    volatile int maxCmdSn;
    private volatile int windowSize;
    /** While set and not counted down, logins are held unanswered (the initiator stays in its login). */
    volatile CountDownLatch loginGate;

    FakeTarget(int windowSize, TextParameters operationalAnswer) throws IOException {
        this.windowSize = windowSize;
        this.operationalAnswer = operationalAnswer;
        this.server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::acceptLoop, "fake-iscsi-target");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    static TextParameters defaultAnswer() {
        return new TextParameters().add("HeaderDigest", "None").add("DataDigest", "None")
                .add("InitialR2T", "Yes").add("ImmediateData", "Yes").add("MaxRecvDataSegmentLength", "8192")
                .add("MaxBurstLength", "262144").add("FirstBurstLength", "65536");
    }

    IscsiPortal portal() {
        return new IscsiPortal("127.0.0.1", server.getLocalPort());
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                socket = s;
                out = s.getOutputStream();
                events.add("connected");
                serve(s.getInputStream());
            } catch (IOException | ProtocolException e) {
                events.add("closed: " + e.getMessage());
            }
        }
    }

    private void serve(InputStream in) throws IOException, ProtocolException {
        ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
        byte[] chunk = new byte[65536];
        while (true) {
            int n = in.read(chunk);
            if (n < 0) {
                events.add("eof");
                return;
            }
            buffer.put(chunk, 0, n).flip();
            Pdu pdu;
            while ((pdu = PduDecoder.decode(buffer, Digests.NONE, buffer.capacity())) != null) {
                Pdu kept = pdu.copy();
                if (kept.opcode() == Opcode.LOGIN_REQUEST) {
                    answerLogin(kept);
                } else {
                    if (!kept.isImmediate() && kept.opcode() != Opcode.DATA_OUT) {
                        expCmdSn = kept.u32(Field.CMD_SN) + 1;
                    }
                    received.add(kept);
                }
            }
            buffer.compact();
        }
    }

    /** Accepts every stage transition the initiator asks for (§11.13.3). */
    private void answerLogin(Pdu request) throws IOException {
        CountDownLatch gate = loginGate;
        if (gate != null) {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while holding a login", e);
            }
        }
        int flags = request.flags();
        int currentStage = (flags >> 2) & 3;
        expCmdSn = request.u32(Field.CMD_SN);
        maxCmdSn = expCmdSn + windowSize - 1;
        Pdu response = targetPdu(Opcode.LOGIN_RESPONSE, request.itt()).flags(flags);
        System.arraycopy(request.bhs(), 8, response.bhs(), 8, 6);
        if (TargetPdus.transit(request) && (flags & 3) == 3) {
            response.u16(14, 0x0200);
        }
        response.data(currentStage == 1 ? operationalAnswer.encode() : new TextParameters().encode());
        send(response);
    }

    /** A target PDU with StatSN, ExpCmdSN and MaxCmdSN filled in (§11: every target PDU carries them). */
    Pdu targetPdu(int opcode, int itt) {
        Pdu pdu = new Pdu(new byte[Pdu.BHS_LENGTH], null);
        pdu.u8(0, opcode).flags(Pdu.FINAL_BIT).itt(itt);
        synchronized (this) {
            pdu.u32(Field.STAT_SN, statSn++);
        }
        return pdu.u32(Field.EXP_CMD_SN, expCmdSn).u32(Field.MAX_CMD_SN, maxCmdSn);
    }

    synchronized void send(Pdu pdu) throws IOException {
        for (ByteBuffer part : PduEncoder.encode(pdu, Digests.NONE)) {
            byte[] bytes = new byte[part.remaining()];
            part.duplicate().get(bytes);
            out.write(bytes);
        }
        out.flush();
    }

    /** The next full-feature PDU from the initiator, or an assertion failure after {@code millis}. */
    Pdu next(long millis) throws InterruptedException {
        return take(received, millis, "the initiator sent nothing");
    }

    /** Null when nothing comes within {@code millis}. */
    Pdu poll(long millis) throws InterruptedException {
        return received.poll(millis, TimeUnit.MILLISECONDS);
    }

    /** The next connection event ("connected", "eof", "closed: …"). */
    String nextEvent(long millis) throws InterruptedException {
        return take(events, millis, "no connection event");
    }

    private static <T> T take(BlockingQueue<T> queue, long millis, String failure) throws InterruptedException {
        T item = queue.poll(millis, TimeUnit.MILLISECONDS);
        if (item == null) {
            throw new AssertionError(failure + " within " + millis + " ms");
        }
        return item;
    }

    /** GOOD status for a command (§11.4). */
    void good(Pdu command) throws IOException {
        send(targetPdu(Opcode.SCSI_RESPONSE, command.itt()));
    }

    /** A final Text Response (§11.11) carrying {@code keys}. */
    void textResponse(Pdu request, TextParameters keys) throws IOException {
        send(targetPdu(Opcode.TEXT_RESPONSE, request.itt()).u32(Field.TTT, 0xFFFFFFFF).data(keys.encode()));
    }

    /** A Logout Response (§11.15), "connection or session closed successfully". */
    void logoutResponse(Pdu request) throws IOException {
        send(targetPdu(Opcode.LOGOUT_RESPONSE, request.itt()));
    }

    void taskManagementResponse(Pdu request, int response) throws IOException {
        send(targetPdu(Opcode.TASK_MANAGEMENT_RESPONSE, request.itt()).u8(Field.RESPONSE, response));
    }

    /** Drops the TCP connection, as a target that dies would. */
    void dropConnection() throws IOException {
        Socket s = socket;
        if (s != null) {
            s.close();
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        dropConnection();
        try {
            acceptor.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
