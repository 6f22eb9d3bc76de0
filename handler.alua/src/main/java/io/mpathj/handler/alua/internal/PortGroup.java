package io.mpathj.handler.alua.internal;

import io.mpathj.api.handler.PgInitRequest;
import io.mpathj.api.handler.PgInitResult;
import io.mpathj.api.path.MapPath;
import io.mpathj.api.scsi.Cdbs;
import io.mpathj.api.scsi.ScsiCommand;
import io.mpathj.api.scsi.ScsiResult;
import io.mpathj.api.scsi.ScsiStatus;
import io.mpathj.api.scsi.SenseData;
import io.mpathj.api.scsi.SenseKey;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One target port group of the map's logical unit, shared by every path through its ports, with its worker (the
 * kernel's {@code alua_port_group} and {@code alua_rtpg_work}). The worker runs one round at a time, one command at
 * a time: RTPG, an STPG if an activation asked for one and the state calls for it, RTPG again, and RTPG every poll
 * interval while the group is transitioning (or an implicit-only array has not moved yet) until the transition
 * timeout. Every activation that arrives during a round is answered with that round's result, so a group gets one
 * RTPG/STPG sequence per activation round however many of its paths the map activates, and never two STPGs at once.
 */
final class PortGroup {
    private static final Logger LOG = LoggerFactory.getLogger(PortGroup.class);
    /** scsi_dh_alua's first RTPG buffer; re-sent with the RETURN DATA LENGTH when that is longer. */
    static final int INITIAL_RTPG_LENGTH = 128;
    /** An RTPG answer longer than this is a broken device, not a bigger buffer to allocate. */
    static final int MAX_RTPG_LENGTH = 0xFFFF;
    private static final int ASC_NOT_READY = 0x04;
    private static final int ASCQ_TRANSITIONING = 0x0A;

    private final int id;
    private final AluaHandler handler;
    private final List<MapPath> paths = new CopyOnWriteArrayList<>();

    // --- guarded by this ---
    private AluaState state = AluaState.UNKNOWN;
    private boolean preferred;
    private int supportedStates;
    private int transitionTimeoutSeconds;
    private boolean running;
    private boolean runRtpg;
    /** The handler-wide number of the newest RTPG whose answer set this group's state (guarded by this). */
    private long appliedRtpg;
    /** Another group's newest answer for this group while this group's worker ran, and its number (guarded). */
    private RtpgData.PortGroupDescriptor deferred;
    private long deferredRtpg;
    private boolean runStpg;
    /** An activation joined the round after its STPG decision: decide again before answering. */
    private boolean lateActivation;
    private boolean stpgRefused;
    private boolean expiryArmed;
    private long expiry;
    /** Whether the group is (or was last seen) transitioning, since {@link #transitionStart}. */
    private boolean transitionTimed;
    private long transitionStart;
    /** The worker gave up on a transition and no RTPG has reported another state since. */
    private boolean stuck;
    private int rtpgLength = INITIAL_RTPG_LENGTH;
    private MapPath commandPath;
    private Future<?> timer;
    private final List<PgInitRequest> waiters = new ArrayList<>();
    private final Set<MapPath> unreachable = new HashSet<>();

    PortGroup(int id, AluaHandler handler) {
        this.id = id;
        this.handler = handler;
        this.transitionTimeoutSeconds = handler.config().defaultTransitionTimeoutSeconds();
    }

    int id() {
        return id;
    }

    void addPath(MapPath path) {
        paths.add(path);
    }

    synchronized AluaState state() {
        return state;
    }

    synchronized boolean preferred() {
        return preferred;
    }

    /** Whether the worker has a round going (a command in flight or a poll pending). */
    synchronized boolean running() {
        return running;
    }

    // ------------------------------------------------------------------------------------------------- entries

    /** activate: join the running round or start one; the answer comes when the round ends. */
    void activate(PgInitRequest request) {
        synchronized (this) {
            waiters.add(request);
            runRtpg = true;
            runStpg = true;
            if (running) {
                lateActivation = true;
                return;
            }
            running = true;
            commandPath = request.path();
        }
        schedule(0, this::rtpg);
    }

    /** Re-check the state (a unit attention or sense said it changed); nothing waits for the answer. */
    void refresh() {
        synchronized (this) {
            runRtpg = true;
            if (running) {
                return;
            }
            running = true;
        }
        schedule(0, this::rtpg);
    }

    /** NOT READY 04/0A on I/O: the group is transitioning (shown in the status until the next RTPG). */
    synchronized void markTransitioning() {
        state = AluaState.TRANSITIONING;
        startTransitionClock();
    }

    /** Locked: the transition timeout counts from the first report of TRANSITIONING. */
    private void startTransitionClock() {
        if (!transitionTimed) {
            transitionTimed = true;
            transitionStart = handler.config().nanoClock().getAsLong();
        }
    }

    /** The handler is closing: stop the timer and answer whoever waits. */
    void close() {
        Future<?> t;
        synchronized (this) {
            t = timer;
            timer = null;
        }
        if (t != null) {
            t.cancel(false);
        }
        finish(PgInitResult.DEV_OFFLINED);
    }

    /**
     * Takes the state of this group from an RTPG another group's worker sent. Answers may be applied out of order,
     * so one older than the state this group has is ignored; while this group's own worker runs, the newest such
     * answer is kept and applied when the worker ends, if its own answers were older. The transition timeout stays
     * this group's own.
     */
    synchronized void update(RtpgData.PortGroupDescriptor d, long rtpgSequence) {
        if (rtpgSequence <= appliedRtpg) {
            return;
        }
        if (running) {
            if (rtpgSequence > deferredRtpg) {
                deferred = d;
                deferredRtpg = rtpgSequence;
            }
            return;
        }
        appliedRtpg = rtpgSequence;
        record(d);
    }

    /** The seconds a transition of this group may last before its paths fail. */
    synchronized int transitionTimeoutSeconds() {
        return transitionTimeoutSeconds;
    }

    /**
     * Whether the group has been transitioning for longer than its transition timeout: counted from the first
     * report of TRANSITIONING (02/04/0A on I/O or an RTPG), or given up on by the worker, and no RTPG has reported
     * another state since.
     */
    synchronized boolean transitionExpired() {
        return stuck || transitionTimed && handler.config().nanoClock().getAsLong() - transitionDeadline() >= 0;
    }

    private long transitionDeadline() {
        return transitionStart + TimeUnit.SECONDS.toNanos(transitionTimeoutSeconds);
    }

    // ------------------------------------------------------------------------------------------------- worker

    private void rtpg() {
        if (handler.isClosed()) {
            finish(PgInitResult.DEV_OFFLINED);
            return;
        }
        MapPath path;
        int length;
        synchronized (this) {
            runRtpg = false;
            timer = null;
            path = choosePath();
            length = rtpgLength;
        }
        if (path == null) {
            LOG.error("alua: port group {}: no path of the group answers; giving up", hex(id));
            finish(PgInitResult.IO);
            return;
        }
        boolean extended = !handler.extendedHeaderUnsupported();
        ByteBuffer buffer = ByteBuffer.allocate(length);
        ScsiCommand command = ScsiCommand.dataIn(Cdbs.reportTargetPortGroups(extended, length), buffer)
                .withTimeoutMillis(handler.config().commandTimeoutMillis());
        long sequence = handler.nextRtpgSequence();
        Commands.send(path.device(), command, r -> onRtpg(path, command, extended, r, sequence));
    }

    private void onRtpg(MapPath path, ScsiCommand command, boolean extended, ScsiResult r, long sequence) {
        if (handler.isClosed()) {
            finish(PgInitResult.DEV_OFFLINED);
            return;
        }
        if (r.isTransportFailure()) {
            LOG.warn("alua: {}: rtpg failed: {}; trying another path of port group {}", path.name(),
                    r.describe(), hex(id));
            synchronized (this) {
                unreachable.add(path);
            }
            rtpg();
            return;
        }
        if (!r.isGood()) {
            onRtpgError(path, extended, r);
            return;
        }
        int received = Commands.received(command, r);
        RtpgData data;
        try {
            data = RtpgData.parse(command.data().array(), received, extended);
        } catch (ScsiDataFormatException e) {
            malformed(path, extended, e.getMessage());
            return;
        }
        if (data.truncated() && data.totalLength() > command.dataLength()) {
            if (data.totalLength() > MAX_RTPG_LENGTH) {
                LOG.error("alua: {}: rtpg claims {} bytes of data", path.name(), data.totalLength());
                finish(PgInitResult.IO);
                return;
            }
            synchronized (this) {
                rtpgLength = (int) data.totalLength();
            }
            rtpg();
            return;
        }
        Optional<RtpgData.PortGroupDescriptor> own = data.group(id);
        if (!data.consistent()) {
            if (own.isEmpty()) {
                malformed(path, extended, data.defect());
                return;
            }
            handler.rtpgDefectSeen(path, data.defect());
        }
        // The IMPLICIT TRANSITION TIME belongs to the group whose port answered (LIO reports each group's own);
        // the other groups only take their states from this answer.
        int timeout = data.extendedHeader() && data.implicitTransitionTime() > 0 ? data.implicitTransitionTime()
                : handler.config().defaultTransitionTimeoutSeconds();
        for (RtpgData.PortGroupDescriptor d : data.groups()) {
            if (d.groupId() != id) {
                handler.peer(d.groupId()).ifPresent(g -> g.update(d, sequence));
            }
        }
        if (own.isEmpty()) {
            LOG.error("alua: {}: rtpg does not report port group {}", path.name(), hex(id));
            finish(PgInitResult.IO);
            return;
        }
        AluaState before;
        synchronized (this) {
            before = state;
            // this worker's own answer drives its round (it was sent after anything applied before the round)
            appliedRtpg = Math.max(appliedRtpg, sequence);
            record(own.get());
            transitionTimeoutSeconds = timeout;
        }
        RtpgData.PortGroupDescriptor d = own.get();
        if (before != d.state()) {
            LOG.info("alua: {}: port group {} state {} {} supports {}", path.name(), hex(id), d.state().letter(),
                    d.preferred() ? "preferred" : "non-preferred", AluaState.supportString(d.supportedStates()));
        }
        evaluate(path);
    }

    /**
     * RTPG data that cannot be read: with the extended header, ask again with the length-only header (and keep
     * using it for this map); without it, fail.
     */
    private void malformed(MapPath path, boolean extended, String why) {
        if (extended) {
            LOG.warn("alua: {}: rtpg with the extended header returned malformed data: {}; using the length-only "
                    + "header", path.name(), why);
            handler.extendedHeaderRefused();
            rtpg();
        } else {
            LOG.error("alua: {}: rtpg returned malformed data: {}", path.name(), why);
            finish(PgInitResult.IO);
        }
    }

    private void onRtpgError(MapPath path, boolean extended, ScsiResult r) {
        SenseData s = r.status() == ScsiStatus.CHECK_CONDITION ? r.sense().orElse(null) : null;
        if (s != null && s.key() == SenseKey.ILLEGAL_REQUEST && extended) {
            LOG.info("alua: {}: rtpg with the extended header refused ({}); using the length-only header",
                    path.name(), s.triple());
            handler.extendedHeaderRefused();
            rtpg();
        } else if (s != null && s.is(SenseKey.NOT_READY, ASC_NOT_READY, ASCQ_TRANSITIONING)) {
            markTransitioning();
            waitOrGiveUp(path, "transitioning");
        } else if (s != null && s.key() == SenseKey.UNIT_ATTENTION || r.status() == ScsiStatus.BUSY
                || r.status() == ScsiStatus.TASK_SET_FULL) {
            waitOrGiveUp(path, "busy (" + r.describe() + ")");
        } else if (onlyActiveOptimizedSupported()) {
            // nothing to switch on such a group: scsi_dh_alua ignores the error rather than fail the path
            LOG.info("alua: {}: ignoring rtpg result {}", path.name(), r.describe());
            finish(PgInitResult.OK);
        } else {
            LOG.error("alua: {}: rtpg failed: {}; REPORT TARGET PORT GROUPS unsupported or refused",
                    path.name(), r.describe());
            finish(PgInitResult.IO);
        }
    }

    /** The access state is known: done, wait, or switch (alua_rtpg's state switch, then alua_stpg). */
    private void evaluate(MapPath path) {
        AluaState s;
        boolean stpg;
        boolean pref;
        boolean waiting;
        boolean refused;
        synchronized (this) {
            s = state;
            pref = preferred;
            stpg = runStpg && s != AluaState.TRANSITIONING;
            if (stpg) {
                runStpg = false;
                lateActivation = false;
            }
            waiting = !waiters.isEmpty();
            refused = stpgRefused;
        }
        switch (s) {
            case TRANSITIONING:
                waitOrGiveUp(path, "transitioning");
                return;
            case OFFLINE:
                LOG.error("alua: {}: port group {} is offline", path.name(), hex(id));
                finish(PgInitResult.DEV_OFFLINED);
                return;
            case UNKNOWN:
                LOG.error("alua: {}: port group {} reports an unknown access state", path.name(), hex(id));
                finish(PgInitResult.NOSYS);
                return;
            default:
                break;
        }
        if (stpg && handler.explicit() && needsStpg(s, pref)) {
            stpg(path);
        } else if (s.servesIo() || !waiting || !handler.explicit()) {
            // implicit-only: alua_stpg answers SCSI_DH_RETRY, the RTPG that follows reports the state, and
            // alua_rtpg takes standby/unavailable as done: pg_init succeeds and the first I/O fails the path (the
            // kernel's prep_fn refuses it, here the port's 02/04/0B), so the map moves on within milliseconds
            finish(PgInitResult.OK);
        } else if (refused) {
            LOG.error("alua: {}: port group {} stays {} after a refused STPG", path.name(), hex(id),
                    s.letter());
            finish(PgInitResult.IO);
        } else {
            waitOrGiveUp(path, handler.explicit() ? "still " + s.letter() + " after STPG"
                    : "waiting for an implicit transition from " + s.letter());
        }
    }

    /** alua_stpg: which states an activation switches to active/optimized. */
    private boolean needsStpg(AluaState s, boolean pref) {
        switch (s) {
            case ACTIVE_NON_OPTIMIZED:
                return !(handler.optimizeStpg() && !pref && handler.implicit());
            case STANDBY:
            case UNAVAILABLE:
                return true;
            default:
                return false; // active/optimized, LBA-dependent
        }
    }

    private void stpg(MapPath path) {
        byte[] list = StpgParameters.of(id, AluaState.ACTIVE_OPTIMIZED);
        ScsiCommand command = ScsiCommand.dataOut(Cdbs.setTargetPortGroups(list.length), ByteBuffer.wrap(list))
                .withTimeoutMillis(handler.config().commandTimeoutMillis());
        LOG.info("alua: {}: sending stpg for port group {}", path.name(), hex(id));
        Commands.send(path.device(), command, r -> onStpg(path, r));
    }

    /** Whatever STPG answered, RTPG tells what the array did (scsi_dh_alua re-checks after every STPG). */
    private void onStpg(MapPath path, ScsiResult r) {
        synchronized (this) {
            if (r.isTransportFailure()) {
                unreachable.add(path);
                runStpg = true; // send it again through another path
            } else if (!r.isGood()) {
                stpgRefused = true;
            }
        }
        if (!r.isGood()) {
            LOG.warn("alua: {}: stpg for port group {} failed: {}", path.name(), hex(id), r.describe());
        }
        rtpg();
    }

    /** Poll again after the interval, unless the group has waited past its transition timeout. */
    private void waitOrGiveUp(MapPath path, String why) {
        long now = handler.config().nanoClock().getAsLong();
        boolean expired;
        int timeout;
        boolean waiting;
        boolean givenUp;
        synchronized (this) {
            waiting = !waiters.isEmpty();
            givenUp = stuck && !waiting;
            timeout = transitionTimeoutSeconds;
            if (!expiryArmed) {
                expiryArmed = true;
                expiry = now + TimeUnit.SECONDS.toNanos(timeout);
            }
            // a transition counts from its first report, which may be older than this round
            long deadline = state == AluaState.TRANSITIONING && transitionTimed
                    && transitionDeadline() - expiry < 0 ? transitionDeadline() : expiry;
            expired = !givenUp && now - deadline >= 0;
            if (expired && state == AluaState.TRANSITIONING) {
                state = AluaState.STANDBY; // what scsi_dh_alua assumes when a transition never ends
                stuck = true; // until an RTPG reports another state, 02/04/0A fails the path
                transitionTimed = false; // a later activation gets a whole timeout again, as in the kernel
            }
        }
        if (givenUp) {
            // a re-check of a group already given up on: nobody waits, and I/O on it fails its path
            LOG.debug("alua: {}: port group {} still {}", path.name(), hex(id), why);
            finish(PgInitResult.IO);
        } else if (expired) {
            if (waiting) {
                LOG.error("alua: {}: port group {} {} for longer than the transition timeout of {} s; failing the "
                        + "path", path.name(), hex(id), why, timeout);
            } else {
                LOG.error("alua: {}: port group {} {} for longer than the transition timeout of {} s; its paths "
                        + "fail on their next 02/04/0A", path.name(), hex(id), why, timeout);
            }
            finish(PgInitResult.IO);
        } else {
            LOG.debug("alua: {}: port group {} {}; polling again", path.name(), hex(id), why);
            schedule(handler.config().pollInterval().toNanos(), this::rtpg);
        }
    }

    /**
     * Ends the round: every waiting activation gets {@code result}. An activation that arrived after the STPG
     * decision was taken keeps the worker going instead, and so does a refresh asked for meanwhile.
     */
    private void finish(PgInitResult result) {
        List<PgInitRequest> done;
        boolean again;
        synchronized (this) {
            boolean closed = handler.isClosed();
            if (lateActivation && !closed) {
                lateActivation = false;
                again = true;
                done = List.of();
            } else {
                done = new ArrayList<>(waiters);
                waiters.clear();
                expiryArmed = false;
                stpgRefused = false;
                unreachable.clear();
                runStpg = false;
                lateActivation = false;
                again = runRtpg && !closed;
            }
            running = again;
            if (!again && deferred != null) {
                if (deferredRtpg > appliedRtpg) { // another group's answer came after this worker's last one
                    appliedRtpg = deferredRtpg;
                    record(deferred);
                }
                deferred = null;
            }
        }
        if (again) {
            schedule(0, this::rtpg);
        }
        for (PgInitRequest request : done) {
            request.complete(result);
        }
    }

    // ---------------------------------------------------------------------------------------------- helpers

    /** Records a descriptor's state (locked); any state but TRANSITIONING ends the transition clock. */
    private void record(RtpgData.PortGroupDescriptor d) {
        state = d.state();
        preferred = d.preferred();
        supportedStates = d.supportedStates();
        if (state == AluaState.TRANSITIONING) {
            startTransitionClock();
        } else {
            transitionTimed = false;
            stuck = false;
        }
    }

    private synchronized boolean onlyActiveOptimizedSupported() {
        return supportedStates != 0 && (supportedStates & ~AluaState.ACTIVE_OPTIMIZED.supportBit()) == 0;
    }

    /** The path commands go through: the last one used, a waiting one, any of the group; reachable ones first. */
    private MapPath choosePath() {
        List<MapPath> candidates = new ArrayList<>();
        if (commandPath != null) {
            candidates.add(commandPath);
        }
        waiters.forEach(w -> candidates.add(w.path()));
        candidates.addAll(paths);
        MapPath fallback = null;
        for (MapPath p : candidates) {
            if (unreachable.contains(p)) {
                continue;
            }
            if (p.device().isOnline()) {
                commandPath = p;
                return p;
            }
            if (fallback == null) {
                fallback = p;
            }
        }
        commandPath = fallback;
        return fallback;
    }

    private void schedule(long delayNanos, Runnable step) {
        try {
            Future<?> f = handler.executor().schedule(step, delayNanos, TimeUnit.NANOSECONDS);
            synchronized (this) {
                if (delayNanos > 0) {
                    timer = f;
                }
            }
        } catch (RejectedExecutionException e) {
            LOG.error("alua: port group {}: the handler's executor is shut down", hex(id));
            handler.markClosed();
            finish(PgInitResult.DEV_OFFLINED);
        }
    }

    static String hex(int groupId) {
        return String.format("%02x", groupId);
    }
}
