package io.mpathj.transport.iscsi.internal.session;

import io.mpathj.api.scsi.ScsiCommand;
import io.mpathj.api.scsi.ScsiResult;
import io.mpathj.api.scsi.TransportError;
import io.mpathj.transport.iscsi.IscsiConfig;
import io.mpathj.transport.iscsi.IscsiPortal;
import io.mpathj.transport.iscsi.IscsiSessionInfo;
import io.mpathj.transport.iscsi.internal.login.ChapResponder;
import io.mpathj.transport.iscsi.internal.login.LoginNegotiation;
import io.mpathj.transport.iscsi.internal.login.LoginRequest;
import io.mpathj.transport.iscsi.internal.login.LoginStep;
import io.mpathj.transport.iscsi.internal.login.SessionParameters;
import io.mpathj.transport.iscsi.internal.login.TextParameters;
import io.mpathj.transport.iscsi.internal.pdu.Digests;
import io.mpathj.transport.iscsi.internal.pdu.Field;
import io.mpathj.transport.iscsi.internal.pdu.InitiatorPdus;
import io.mpathj.transport.iscsi.internal.pdu.Opcode;
import io.mpathj.transport.iscsi.internal.pdu.Pdu;
import io.mpathj.transport.iscsi.internal.pdu.ProtocolException;
import io.mpathj.transport.iscsi.internal.pdu.TargetPdus;
import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One iSCSI session with one connection (MaxConnections=1, ErrorRecoveryLevel 0): login, the full feature phase
 * with several commands in flight under the CmdSN window, keep-alive, task management on command timeouts, logout,
 * and reconnection with session reinstatement (same ISID, TSIH 0; RFC 7143 §6.3.5) after the connection is lost.
 *
 * <p>Threading: public methods may be called from any thread and hand their work to the {@link IoLoop}; everything
 * else runs on the loop thread, so the session state needs no lock. Only {@link #isOnline()} reads a volatile.
 */
public final class Session {
    private static final Logger LOG = LoggerFactory.getLogger(Session.class);
    /** How often command deadlines, exchange deadlines and idleness are checked. */
    private static final long SWEEP_MILLIS = 100;
    /** The CmdSN a login starts the session with (any value is allowed, §4.2.2.1). */
    private static final int FIRST_CMD_SN = 1;
    /** Receive buffer room beyond the data segment: BHS, the largest AHS, digests and padding. */
    private static final int PDU_OVERHEAD = Pdu.BHS_LENGTH + 255 * 4 + 16;
    private static final int TMF_COMPLETE = 0;
    private static final int TMF_NO_SUCH_TASK = 1;

    private enum State { IDLE, LOGGING_IN, FULL_FEATURE, RECOVERING, CLOSED }

    private final IoLoop loop;
    private final IscsiConfig config;
    private final IscsiPortal portal;
    private final String targetName;
    private final byte[] isid;
    private final boolean reconnect;
    private final SessionListener listener;
    private final Map<Integer, ScsiTask> tasks = new LinkedHashMap<>();
    private final ArrayDeque<ScsiTask> waitingForWindow = new ArrayDeque<>();
    /**
     * Commands given to a new session during its first login: a path is handed out before it is logged in
     * ({@code resolve()} never blocks), so a table load's first READ CAPACITY waits for that login (bounded by the
     * login timeout) instead of failing; they fail with the login's reason if it does.
     */
    private final ArrayDeque<ScsiTask> waitingForFirstLogin = new ArrayDeque<>();
    private final Exchanges exchanges = new Exchanges();
    private final List<CompletableFuture<Void>> onlineWaiters = new ArrayList<>();
    private volatile State state = State.IDLE;
    private Connection connection;
    private LoginNegotiation login;
    private IoLoop.Timer loginTimer;
    private IoLoop.Timer sweepTimer;
    private IoLoop.Timer reconnectTimer;
    private CommandWindow window;
    private volatile SessionParameters parameters = SessionParameters.DEFAULTS;
    private int nextItt = 1;
    private int reconnectAttempts;
    private long lastReceiveNanos;
    private boolean keepAliveOutstanding;
    private String lastFailure = "not logged in yet";
    /** Why the connection last failed or closed, "" while it never did (for {@link #info}). */
    private String lastError = "";
    private int tsih;
    private int logins;

    /**
     * @param targetName null for a discovery session
     * @param isid the 6-byte ISID, kept for the session's life so a new login reinstates it
     * @param reconnect whether a lost connection logs in again (normal sessions) or ends the session (discovery)
     */
    public Session(IoLoop loop, IscsiConfig config, IscsiPortal portal, String targetName, byte[] isid,
            boolean reconnect, SessionListener listener) {
        this.loop = loop;
        this.config = config;
        this.portal = portal;
        this.targetName = targetName;
        this.isid = isid.clone();
        this.reconnect = reconnect;
        this.listener = listener;
    }

    public IscsiPortal portal() {
        return portal;
    }

    public String targetName() {
        return targetName;
    }

    /** What the last login negotiated (the RFC 7143 §13 defaults before the first login). */
    public SessionParameters parameters() {
        return parameters;
    }

    /** True in full feature phase: commands are sent, not refused. */
    public boolean isOnline() {
        return state == State.FULL_FEATURE;
    }

    /** Starts the first login; later logins after a lost connection happen on their own. */
    public void start() {
        loop.execute(() -> {
            if (state == State.IDLE) {
                connect();
            }
        });
    }

    /** Completes when the session is next in full feature phase, or fails when it closes first. */
    public CompletableFuture<Void> whenOnline() {
        return callInLoop(online -> {
            if (state == State.FULL_FEATURE) {
                online.complete(null);
            } else if (state == State.CLOSED) {
                online.completeExceptionally(closedError());
            } else {
                onlineWaiters.add(online);
            }
        }, online -> online.completeExceptionally(new IllegalStateException("transport closed")));
    }

    /** Sends a SCSI command to a LUN; the stage completes on the I/O thread with a result, never exceptionally. */
    public CompletionStage<ScsiResult> execute(long lunField, ScsiCommand command) {
        CompletableFuture<ScsiResult> result = new CompletableFuture<>();
        ScsiTask task = new ScsiTask(command, lunField, result);
        // an idle loop: sent from this thread, no hand-off; else (and for every refusal, which completes on the
        // I/O thread: callers may hold locks while they submit, PathDevice contract) through the loop's queue
        if (!loop.runIfIdle(() -> sendNow(task)) && !loop.execute(() -> submit(task))) {
            result.complete(ScsiResult.transportFailure(TransportError.DEVICE_GONE, "transport closed"));
        }
        return result;
    }

    /**
     * {@link #submit} for a command that can go out at once, on an inline submitter's thread: false, with nothing
     * changed, when it cannot (not logged in, the CmdSN window closed or commands waiting for it, a long CDB).
     */
    private boolean sendNow(ScsiTask task) {
        if (state != State.FULL_FEATURE || !waitingForWindow.isEmpty() || !window.isOpen()
                || task.cdbLength() > Field.CDB_LENGTH) {
            return false;
        }
        task.assignTag(newItt());
        tasks.put(task.itt(), task);
        send(task);
        return true;
    }

    /** A NOP-Out ping (RFC 7143 §11.18): true when the NOP-In came back within the NOP timeout. */
    public CompletionStage<Boolean> ping() {
        return callInLoop(alive -> {
            if (state != State.FULL_FEATURE) {
                alive.complete(false);
            } else {
                sendPing().whenComplete((pdu, failure) -> alive.complete(failure == null));
            }
        }, alive -> alive.complete(false));
    }

    /**
     * LOGICAL UNIT RESET (RFC 7143 §11.5.1, function 5): the TMF response code (0 = function complete), or -1 when
     * the session is not logged in or no response came in time. Commands in flight on the LU end as ABORTED.
     */
    public CompletionStage<Integer> resetLogicalUnit(long lunField) {
        return callInLoop(response -> {
            if (state != State.FULL_FEATURE) {
                response.complete(-1);
            } else {
                lunReset(lunField, "requested")
                        .whenComplete((code, failure) -> response.complete(code == null ? -1 : code));
            }
        }, response -> response.complete(-1));
    }

    /** A Text exchange (RFC 7143 §11.10), following continuations (C bit, §11.10.2) until the final response. */
    public CompletionStage<TextParameters> text(TextParameters keys) {
        return callInLoop(answer -> {
            if (state != State.FULL_FEATURE || !window.isOpen()) {
                answer.completeExceptionally(new IllegalStateException("session not ready for a Text Request"));
            } else {
                textRound(newItt(), Pdu.RESERVED_TAG, keys, new ByteArrayOutputStream(), answer);
            }
        }, answer -> answer.completeExceptionally(new IllegalStateException("transport closed")));
    }

    /**
     * A snapshot of the session's state, CmdSN window and history, taken on the I/O thread.
     *
     * @param paths the number of paths using the session, reported as given
     */
    public CompletableFuture<IscsiSessionInfo> info(int paths) {
        return callInLoop(info -> info.complete(snapshot(paths)), info -> info.complete(snapshot(paths)));
    }

    private IscsiSessionInfo snapshot(int paths) {
        CommandWindow w = window;
        String stateName = switch (state) {
            case IDLE -> "idle";
            case LOGGING_IN -> "logging-in";
            case FULL_FEATURE -> "logged-in";
            case RECOVERING -> "recovering";
            case CLOSED -> "closed";
        };
        return new IscsiSessionInfo(portal, targetName, stateName, tsih, w == null ? 0 : w.cmdSn() & 0xFFFFFFFFL,
                w == null ? 0 : w.expCmdSn() & 0xFFFFFFFFL, w == null ? 0 : w.maxCmdSn() & 0xFFFFFFFFL,
                Math.max(0, logins - 1), lastError, paths);
    }

    /**
     * Logs out (RFC 7143 §11.14, reason "close the session") and closes. Commands still in flight end with
     * DEVICE_GONE. Completes within the logout timeout even when the target never answers.
     */
    public CompletionStage<Void> close() {
        return callInLoop(this::closeInLoop, closed -> closed.complete(null));
    }

    /**
     * Hands {@code work} and a fresh future to the I/O thread. When the loop has stopped the work would never run,
     * so {@code ifLoopGone} completes the future instead: no caller is left waiting.
     */
    private <T> CompletableFuture<T> callInLoop(Consumer<CompletableFuture<T>> work,
            Consumer<CompletableFuture<T>> ifLoopGone) {
        CompletableFuture<T> future = new CompletableFuture<>();
        if (!loop.execute(() -> work.accept(future))) {
            ifLoopGone.accept(future);
        }
        return future;
    }

    private ScsiResult offline(State now) {
        return now == State.CLOSED
                ? ScsiResult.transportFailure(TransportError.DEVICE_GONE, "session to " + describe() + " is closed")
                : ScsiResult.transportFailure(TransportError.CONNECTION_LOST,
                        "no session to " + describe() + ": " + lastFailure);
    }

    private String describe() {
        return portal + (targetName == null ? " (discovery)" : "/" + targetName);
    }

    private int newItt() {
        int itt = nextItt++;
        if (itt == Pdu.RESERVED_TAG) {
            itt = nextItt++;
        }
        return itt;
    }

    // ---- login ----------------------------------------------------------------------------------------------

    private void connect() {
        state = State.LOGGING_IN;
        long timeout = config.loginTimeout().toMillis();
        int maxPdu = Math.max(config.maxRecvDataSegmentLength(), 8192) + PDU_OVERHEAD;
        ConnectionEvents events = new ConnectionEvents();
        Connection c = new Connection(loop, portal.socketAddress(), maxPdu, events);
        events.owner = c;
        connection = c;
        loginTimer = loop.schedule(timeout, () -> {
            if (connection == c && state == State.LOGGING_IN) {
                c.close("login did not finish within " + timeout + " ms");
            }
        });
        c.connect(timeout);
    }

    private LoginRequest loginRequest() {
        String chapUser = config.chap().map(c -> c.user()).orElse(null);
        byte[] chapSecret = config.chap().map(c -> ChapResponder.secretBytes(c.secret())).orElse(null);
        return new LoginRequest(config.initiatorName(), targetName, isid, 0, 0, FIRST_CMD_SN, chapUser, chapSecret,
                config.headerDigest(), config.dataDigest(), config.maxRecvDataSegmentLength(),
                config.maxBurstLength(), config.firstBurstLength());
    }

    private void onLoginResponse(Pdu pdu) {
        LoginStep step = login.onResponse(pdu);
        if (step instanceof LoginStep.Send) {
            connection.send(((LoginStep.Send) step).request());
        } else if (step instanceof LoginStep.Done) {
            enterFullFeature((LoginStep.Done) step);
        } else {
            LoginStep.Failed failed = (LoginStep.Failed) step;
            connection.close(failed.reason());
        }
    }

    private void enterFullFeature(LoginStep.Done done) {
        loginTimer.cancel();
        parameters = done.parameters();
        window = new CommandWindow(FIRST_CMD_SN, done.expCmdSn(), done.maxCmdSn(), done.expStatSn());
        connection.useDigests(new Digests(parameters.headerDigest(), parameters.dataDigest()));
        state = State.FULL_FEATURE;
        reconnectAttempts = 0;
        tsih = done.tsih();
        logins++;
        lastReceiveNanos = System.nanoTime();
        keepAliveOutstanding = false;
        sweepTimer = loop.schedule(SWEEP_MILLIS, this::sweep);
        LOG.info("iSCSI session to {} logged in (TSIH {}, {})", describe(), done.tsih(), parameters);
        for (CompletableFuture<Void> waiter : List.copyOf(onlineWaiters)) {
            waiter.complete(null);
        }
        onlineWaiters.clear();
        while (!waitingForFirstLogin.isEmpty() && state == State.FULL_FEATURE) {
            submit(waitingForFirstLogin.poll());
        }
        listener.onLoggedIn(this);
    }

    // ---- full feature phase ------------------------------------------------------------------------------------

    private void submit(ScsiTask task) {
        if (state == State.LOGGING_IN && logins == 0) {
            waitingForFirstLogin.add(task);
            return;
        }
        if (state != State.FULL_FEATURE) {
            task.complete(offline(state));
            return;
        }
        if (task.cdbLength() > Field.CDB_LENGTH) {
            task.complete(ScsiResult.transportFailure(TransportError.ABORTED,
                    "CDBs longer than 16 bytes are not supported (no extended-CDB AHS)"));
            return;
        }
        task.assignTag(newItt());
        tasks.put(task.itt(), task);
        if (waitingForWindow.isEmpty() && window.isOpen()) {
            send(task);
        } else {
            waitingForWindow.add(task);
        }
    }

    private void send(ScsiTask task) {
        for (Pdu pdu : task.start(parameters, window.nextForCommand(), window.expStatSn())) {
            connection.send(pdu);
        }
    }

    private void sendWaitingCommands() {
        while (!waitingForWindow.isEmpty() && window.isOpen()) {
            send(waitingForWindow.poll());
        }
    }

    private void onPdu(Pdu pdu) {
        lastReceiveNanos = System.nanoTime();
        if (state == State.LOGGING_IN) {
            onLoginResponse(pdu);
            return;
        }
        if (state != State.FULL_FEATURE) {
            if (pdu.opcode() == Opcode.LOGOUT_RESPONSE) {
                exchanges.complete(pdu); // closing: only the Logout Response still matters
            }
            return;
        }
        window.updateWindow(pdu.u32(Field.EXP_CMD_SN), pdu.u32(Field.MAX_CMD_SN));
        if (TargetPdus.advancesStatSn(pdu)) {
            window.acknowledgeStatus(pdu.u32(Field.STAT_SN));
        }
        try {
            dispatch(pdu);
        } catch (ProtocolException e) {
            connection.close("protocol error: " + e.getMessage());
            return;
        }
        if (state == State.FULL_FEATURE) {
            sendWaitingCommands();
        }
    }

    private void dispatch(Pdu pdu) throws ProtocolException {
        switch (pdu.opcode()) {
            case Opcode.SCSI_RESPONSE:
                finish(pdu.itt(), ScsiTask.fromResponse(pdu));
                break;
            case Opcode.DATA_IN:
                onDataIn(pdu);
                break;
            case Opcode.R2T:
                onR2T(pdu);
                break;
            case Opcode.NOP_IN:
                onNopIn(pdu);
                break;
            case Opcode.TASK_MANAGEMENT_RESPONSE:
            case Opcode.TEXT_RESPONSE:
            case Opcode.LOGOUT_RESPONSE:
                if (!exchanges.complete(pdu)) {
                    LOG.debug("{}: response for unknown ITT {}", describe(), pdu.itt());
                }
                break;
            case Opcode.REJECT:
                onReject(pdu);
                break;
            case Opcode.ASYNC_MESSAGE:
                onAsyncMessage(pdu);
                break;
            default:
                throw new ProtocolException(String.format("unexpected opcode 0x%02x", pdu.opcode()));
        }
    }

    private void finish(int itt, ScsiResult result) {
        ScsiTask task = tasks.remove(itt);
        if (task != null) {
            task.complete(result);
        }
    }

    private void onDataIn(Pdu pdu) throws ProtocolException {
        ScsiTask task = tasks.get(pdu.itt());
        if (task == null) {
            return; // aborted and forgotten: the target may still have been sending
        }
        ScsiResult result = task.onDataIn(pdu);
        if (result != null) {
            finish(pdu.itt(), result);
        }
    }

    private void onR2T(Pdu pdu) throws ProtocolException {
        ScsiTask task = tasks.get(pdu.itt());
        if (task == null || task.isAborted()) {
            return; // the caller owns its buffer again: never read it for an aborted task
        }
        for (Pdu dataOut : task.onR2T(pdu, parameters, window.expStatSn())) {
            connection.send(dataOut);
        }
    }

    /** §11.19: a NOP-In either answers our ping (our ITT) or asks for an answer (a TTT other than 0xffffffff). */
    private void onNopIn(Pdu pdu) {
        if (pdu.itt() != Pdu.RESERVED_TAG) {
            exchanges.complete(pdu);
        }
        int ttt = pdu.u32(Field.TTT);
        if (ttt != Pdu.RESERVED_TAG) {
            connection.send(InitiatorPdus.nopOut(pdu.lunField(), Pdu.RESERVED_TAG, ttt, window.forImmediate(),
                    window.expStatSn()));
        }
    }

    /** §11.17: the data segment is the rejected PDU's header; its command or exchange fails. */
    private void onReject(Pdu pdu) {
        int reason = pdu.u8(2);
        if (pdu.dataLength() < Pdu.BHS_LENGTH) {
            LOG.warn("{}: Reject reason 0x{} without the rejected header", describe(), Integer.toHexString(reason));
            return;
        }
        int rejectedItt = pdu.data().getInt(16);
        String detail = String.format("target rejected the PDU, reason 0x%02x", reason);
        ScsiTask task = tasks.remove(rejectedItt);
        if (task != null) {
            task.complete(ScsiResult.transportFailure(TransportError.ABORTED, detail));
        } else {
            exchanges.fail(rejectedItt, new IllegalStateException(detail));
        }
    }

    /** §11.9.1: events 1-3 mean the target is about to drop us: reconnect on our terms instead. */
    private void onAsyncMessage(Pdu pdu) {
        int event = pdu.u8(36);
        if (event >= 1 && event <= 3) {
            connection.close("target announced logout/drop (AsyncEvent " + event + ")");
        } else {
            LOG.info("{}: asynchronous message, event {}", describe(), event);
        }
    }

    private CompletableFuture<Pdu> sendPing() {
        int itt = newItt();
        CompletableFuture<Pdu> reply = exchanges.expect(itt, config.nopTimeout().toMillis(), "NOP-Out ping");
        connection.send(InitiatorPdus.nopOut(0, itt, Pdu.RESERVED_TAG, window.forImmediate(), window.expStatSn()));
        return reply;
    }

    private void textRound(int itt, int ttt, TextParameters keys, ByteArrayOutputStream collected,
            CompletableFuture<TextParameters> answer) {
        CompletableFuture<Pdu> reply = exchanges.expect(itt, config.loginTimeout().toMillis(), "Text Request");
        connection.send(InitiatorPdus.text(itt, ttt, window.nextForCommand(), window.expStatSn(), keys.encode()));
        reply.whenComplete((pdu, failure) -> {
            if (failure != null) {
                answer.completeExceptionally(failure);
                return;
            }
            byte[] bytes = new byte[pdu.dataLength()];
            pdu.data().get(bytes);
            collected.writeBytes(bytes);
            if (pdu.isFinal() || state != State.FULL_FEATURE || !window.isOpen()) {
                answer.complete(TextParameters.decode(java.nio.ByteBuffer.wrap(collected.toByteArray())));
            } else {
                textRound(itt, pdu.u32(Field.TTT), new TextParameters(), collected, answer);
            }
        });
    }

    // ---- timeouts and task management -------------------------------------------------------------------------

    private void sweep() {
        if (state != State.FULL_FEATURE) {
            return;
        }
        long now = System.nanoTime();
        exchanges.expireOverdue(now);
        List<ScsiTask> overdue = new ArrayList<>();
        for (ScsiTask task : tasks.values()) {
            if (task.isOverdue(now)) {
                overdue.add(task);
            }
        }
        overdue.forEach(this::timeOut);
        if (state != State.FULL_FEATURE) {
            return;
        }
        if (!keepAliveOutstanding && now - lastReceiveNanos > TimeUnit.MILLISECONDS.toNanos(
                config.nopInterval().toMillis())) {
            keepAlive();
        }
        sweepTimer = loop.schedule(SWEEP_MILLIS, this::sweep);
    }

    private void keepAlive() {
        keepAliveOutstanding = true;
        Connection c = connection;
        sendPing().whenComplete((pdu, failure) -> {
            keepAliveOutstanding = false;
            if (failure != null && connection == c) {
                c.close("no NOP-In within " + config.nopTimeout().toMillis() + " ms: the connection is dead");
            }
        });
    }

    /**
     * A command past its timeout: its caller gets TIMEOUT at once; the task stays known (its late PDUs are dropped)
     * until ABORT TASK (§11.5.1) is answered. If the abort fails, LOGICAL UNIT RESET; if that fails, the connection
     * is dropped, which ends everything on it (the kernel's error handler escalates the same way).
     */
    private void timeOut(ScsiTask task) {
        String detail = "no response within " + task.timeoutMillis() + " ms";
        if (!task.isSent()) {
            waitingForWindow.remove(task);
            tasks.remove(task.itt());
            task.abort(TransportError.TIMEOUT, detail + " (never sent: the CmdSN window stayed closed)");
            return;
        }
        task.abort(TransportError.TIMEOUT, detail + "; ABORT TASK sent");
        LOG.warn("{}: command ITT {} {}: sending ABORT TASK", describe(), task.itt(), detail);
        taskManagement(InitiatorPdus.TMF_ABORT_TASK, task.lunField(), task.itt(), task.cmdSn())
                .whenComplete((response, failure) -> {
                    tasks.remove(task.itt());
                    boolean aborted = failure == null && (response == TMF_COMPLETE || response == TMF_NO_SUCH_TASK);
                    LOG.info("{}: ABORT TASK for ITT {}: {}", describe(), task.itt(),
                            failure != null ? failure.getMessage() : "response " + response);
                    if (!aborted && state == State.FULL_FEATURE) {
                        lunReset(task.lunField(), "ABORT TASK failed: " + (failure != null ? failure.getMessage()
                                : "response " + response));
                    }
                });
    }

    private CompletableFuture<Integer> lunReset(long lunField, String why) {
        Connection c = connection;
        return taskManagement(InitiatorPdus.TMF_LOGICAL_UNIT_RESET, lunField, Pdu.RESERVED_TAG, window.forImmediate())
                .whenComplete((response, failure) -> {
                    LOG.info("{}: LOGICAL UNIT RESET ({}): {}", describe(), why,
                            failure != null ? failure.getMessage() : "response " + response);
                    if (failure == null && response == TMF_COMPLETE) {
                        abortLun(lunField, "LOGICAL UNIT RESET (" + why + ")");
                    } else if (connection == c) {
                        c.close("LOGICAL UNIT RESET failed (" + why + ")");
                    }
                });
    }

    private CompletableFuture<Integer> taskManagement(int function, long lunField, int referencedItt, int refCmdSn) {
        int itt = newItt();
        CompletableFuture<Pdu> reply = exchanges.expect(itt, config.taskManagementTimeout().toMillis(),
                "task management function " + function);
        connection.send(InitiatorPdus.taskManagement(function, lunField, itt, referencedItt, window.forImmediate(),
                window.expStatSn(), refCmdSn));
        return reply.thenApply(pdu -> pdu.u8(Field.RESPONSE));
    }

    private void abortLun(long lunField, String why) {
        Iterator<ScsiTask> it = tasks.values().iterator();
        while (it.hasNext()) {
            ScsiTask task = it.next();
            if (task.lunField() == lunField) {
                it.remove();
                waitingForWindow.remove(task);
                task.abort(TransportError.ABORTED, why);
            }
        }
    }

    // ---- connection loss, reconnection, logout ----------------------------------------------------------------

    private void onClosed(String reason) {
        cancelTimers();
        lastFailure = reason;
        if (state != State.CLOSED) {
            lastError = reason;
        }
        boolean wasOnline = state == State.FULL_FEATURE;
        boolean wasClosed = state == State.CLOSED;
        TransportError error = wasClosed ? TransportError.DEVICE_GONE : TransportError.CONNECTION_LOST;
        if (!wasClosed) {
            // offline before the first command fails: whoever a failure wakes (the map failing the path, a path
            // checker) must not see the session still logged in and reinstate the path while the rest still fail
            state = reconnect ? State.RECOVERING : State.CLOSED;
        }
        failEverything(error, reason);
        if (wasClosed) {
            return;
        }
        if (wasOnline) {
            LOG.warn("iSCSI session to {} lost its connection: {}", describe(), reason);
            listener.onConnectionLost(this, reason);
        } else {
            LOG.info("iSCSI login to {} failed: {}", describe(), reason);
        }
        if (!reconnect) {
            failOnlineWaiters();
            return;
        }
        long delay = Math.min(config.reconnectDelay().toMillis() << Math.min(reconnectAttempts, 16),
                config.maxReconnectDelay().toMillis());
        reconnectAttempts++;
        reconnectTimer = loop.schedule(delay, () -> {
            if (state == State.RECOVERING) {
                connect();
            }
        });
    }

    /** §7.1 (ERL 0): a lost connection ends every task on it; none may hang, each caller hears why. */
    private void failEverything(TransportError error, String reason) {
        List<ScsiTask> inFlight = new ArrayList<>(tasks.values());
        tasks.clear();
        waitingForWindow.clear();
        for (ScsiTask task : inFlight) {
            task.abort(error, reason);
        }
        while (!waitingForFirstLogin.isEmpty()) {
            waitingForFirstLogin.poll().complete(ScsiResult.transportFailure(error, "no session to " + describe()
                    + ": " + reason));
        }
        exchanges.failAll(new IllegalStateException(reason));
    }

    /** Why a wait for the session ended: the same words whether the wait began before or after it closed. */
    private IllegalStateException closedError() {
        return new IllegalStateException("session to " + describe() + " closed: " + lastFailure);
    }

    private void failOnlineWaiters() {
        for (CompletableFuture<Void> waiter : List.copyOf(onlineWaiters)) {
            waiter.completeExceptionally(closedError());
        }
        onlineWaiters.clear();
    }

    private void cancelTimers() {
        for (IoLoop.Timer timer : new IoLoop.Timer[] {loginTimer, sweepTimer, reconnectTimer}) {
            if (timer != null) {
                timer.cancel();
            }
        }
    }

    private void closeInLoop(CompletableFuture<Void> closed) {
        if (state == State.CLOSED) {
            closed.complete(null);
            return;
        }
        boolean loggedIn = state == State.FULL_FEATURE;
        state = State.CLOSED;
        cancelTimers();
        lastFailure = "session closed";
        failEverything(TransportError.DEVICE_GONE, lastFailure);
        failOnlineWaiters();
        Connection c = connection;
        if (!loggedIn) {
            if (c != null) {
                c.close(lastFailure);
            }
            closed.complete(null);
            return;
        }
        int itt = newItt();
        exchanges.expect(itt, config.logoutTimeout().toMillis(), "Logout").whenComplete((pdu, failure) -> {
            c.close(failure == null ? "logged out" : "closed without Logout Response: " + failure.getMessage());
            closed.complete(null);
        });
        c.send(InitiatorPdus.logout(InitiatorPdus.LOGOUT_CLOSE_SESSION, itt, 0, window.forImmediate(),
                window.expStatSn()));
        // the sweep timer is cancelled: a dedicated timer bounds the wait for the Logout Response
        loop.schedule(config.logoutTimeout().toMillis(), () -> exchanges.expireOverdue(System.nanoTime()));
    }

    /** Routes events of the current connection only; a replaced connection's late events are ignored. */
    private final class ConnectionEvents implements Connection.Listener {
        private Connection owner;

        @Override
        public void onConnected() {
            if (owner == connection) {
                login = new LoginNegotiation(loginRequest(), newItt());
                owner.send(login.start());
            }
        }

        @Override
        public void onPdu(Pdu pdu) {
            if (owner == connection) {
                Session.this.onPdu(pdu);
            }
        }

        @Override
        public void onClosed(String reason) {
            if (owner == connection) {
                Session.this.onClosed(reason);
            }
        }
    }
}
