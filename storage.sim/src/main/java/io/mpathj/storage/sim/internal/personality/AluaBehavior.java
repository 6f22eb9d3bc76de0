package io.mpathj.storage.sim.internal.personality;

import io.mpathj.api.scsi.ScsiCommand;
import io.mpathj.api.scsi.ScsiOpcode;
import io.mpathj.api.scsi.ScsiResult;
import io.mpathj.api.scsi.SenseData;
import io.mpathj.api.scsi.SenseKey;
import io.mpathj.storage.sim.AccessState;
import io.mpathj.storage.sim.AluaControls;
import io.mpathj.storage.sim.SimLogicalUnit;
import io.mpathj.storage.sim.SimPath;
import io.mpathj.storage.sim.SimPort;
import io.mpathj.storage.sim.SimPortGroup;
import io.mpathj.storage.sim.SimTime;
import io.mpathj.storage.sim.Tpgs;
import io.mpathj.storage.sim.personality.ArrayBehavior;
import io.mpathj.storage.sim.personality.ArrayContext;
import io.mpathj.storage.sim.personality.UnitAttention;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * ALUA state per (LU, target port group) and every way it changes: by the administrator, by STPG, by the array
 * itself when a port group becomes unreachable. Reads are lock-free (one atomic array element per command);
 * changes are serialized on this object.
 */
final class AluaBehavior implements AluaControls, ArrayBehavior {
    /** RTPG STATUS CODE values (SPC-4 6.37): why the state last changed. */
    static final int STATUS_NONE = 0;
    static final int STATUS_ALTERED_BY_STPG = 1;
    static final int STATUS_ALTERED_IMPLICITLY = 2;
    static final SenseData TRANSITIONING = new SenseData(SenseKey.NOT_READY, 0x04, 0x0A);
    static final SenseData STANDBY = new SenseData(SenseKey.NOT_READY, 0x04, 0x0B);
    static final SenseData UNAVAILABLE = new SenseData(SenseKey.NOT_READY, 0x04, 0x0C);
    /** LOGICAL UNIT NOT READY, OFFLINE: what LIO reports for a target port group in the offline state. */
    static final SenseData OFFLINE = new SenseData(SenseKey.NOT_READY, 0x04, 0x12);
    private static final int LOG_SELECT = 0x4C;
    private static final int LOG_SENSE = 0x4D;
    private static final int RECEIVE_DIAGNOSTIC_RESULTS = 0x1C;
    private static final int SEND_DIAGNOSTIC = 0x1D;
    private static final int WRITE_BUFFER = 0x3B;
    private static final int READ_BUFFER = 0x3C;
    private static final int PERSISTENT_RESERVE_IN = 0x5E;
    private static final int PERSISTENT_RESERVE_OUT = 0x5F;

    private final Tpgs tpgs;
    private final ArrayContext context;
    private final List<SimPortGroup> groups;
    private final List<SimLogicalUnit> lus;
    /** Null when the array reports no TPGS: RTPG and STPG are then unknown opcodes. */
    private final TargetPortGroups targetPortGroups;
    private final SimTime time;
    private final AccessState demotedState;
    private final boolean implicitFailover;
    /** Per LU, per group index: state code in bits 0..7, RTPG status code in bits 8..15. */
    private final AtomicIntegerArray[] states;
    /** Per LU, per group index: where a transition in progress ends; null entries for groups not transitioning. */
    private final AccessState[][] pending;
    private final long[] generation;
    /** Per LU, per group index: the state a group had before it became unreachable, null while reachable. */
    private final AccessState[][] beforeUnreachable;
    private volatile Duration transitionTime;
    private volatile int advertisedTimeoutSeconds;

    AluaBehavior(ArrayContext context) {
        this.tpgs = context.identity().tpgs();
        this.context = context;
        this.groups = context.portGroups();
        this.lus = context.logicalUnits();
        this.time = context.time();
        this.demotedState = context.demotedState();
        this.implicitFailover = context.implicitFailover();
        this.transitionTime = context.transitionTime();
        this.advertisedTimeoutSeconds = context.advertisedTransitionTimeoutSeconds();
        this.states = new AtomicIntegerArray[lus.size()];
        this.pending = new AccessState[lus.size()][groups.size()];
        this.beforeUnreachable = new AccessState[lus.size()][groups.size()];
        this.generation = new long[lus.size()];
        for (int l = 0; l < lus.size(); l++) {
            states[l] = new AtomicIntegerArray(groups.size());
            for (int g = 0; g < groups.size(); g++) {
                SimPortGroup group = groups.get(g);
                // a plain disk (TPGS 0) has no access states: every group serves I/O unless told otherwise
                AccessState initial = context.initialState(group).orElse(
                        group.preferred() || tpgs == Tpgs.NONE ? AccessState.ACTIVE_OPTIMIZED : AccessState.STANDBY);
                states[l].set(g, initial.code());
            }
        }
        this.targetPortGroups = tpgs == Tpgs.NONE ? null
                : new TargetPortGroups(this, context, tpgs, context.rtpgExtendedHeader());
    }

    // ---- reads used by commands

    AccessState state(SimLogicalUnit lu, SimPortGroup group) {
        return AccessState.ofCode(states[lu.index()].get(group.index()) & 0xFF);
    }

    int statusCode(SimLogicalUnit lu, SimPortGroup group) {
        return states[lu.index()].get(group.index()) >>> 8;
    }

    /**
     * SPC-4 5.15.2.4: the commands each access state still accepts (the lists LIO also uses); everything else
     * ends with NOT READY and the state's ASCQ.
     */
    @Override
    public SenseData refuse(SimPath path, int opcode) {
        int code = states[path.logicalUnit().index()].get(path.port().portGroup().index()) & 0xFF;
        switch (code) {
            case 0x0: // active/optimized
            case 0x1: // active/non-optimized
                return null;
            case 0x2:
                return allowedInStandby(opcode) ? null : STANDBY;
            case 0x3:
                return allowedInUnavailable(opcode) ? null : UNAVAILABLE;
            case 0xF:
                return allowedInTransitioning(opcode) ? null : TRANSITIONING;
            default:
                return allowedInOffline(opcode) ? null : OFFLINE;
        }
    }

    private static boolean allowedInOffline(int opcode) {
        return opcode == ScsiOpcode.INQUIRY || opcode == ScsiOpcode.REPORT_LUNS || opcode == ScsiOpcode.REQUEST_SENSE
                || opcode == ScsiOpcode.MAINTENANCE_IN;
    }

    private static boolean allowedInTransitioning(int opcode) {
        return allowedInOffline(opcode) || opcode == READ_BUFFER || opcode == WRITE_BUFFER;
    }

    private static boolean allowedInUnavailable(int opcode) {
        return allowedInTransitioning(opcode) || opcode == ScsiOpcode.MAINTENANCE_OUT;
    }

    private static boolean allowedInStandby(int opcode) {
        switch (opcode) {
            case ScsiOpcode.MODE_SELECT_6:
            case ScsiOpcode.MODE_SELECT_10:
            case ScsiOpcode.MODE_SENSE_6:
            case ScsiOpcode.MODE_SENSE_10:
            case ScsiOpcode.SERVICE_ACTION_IN_16:
            case LOG_SELECT:
            case LOG_SENSE:
            case RECEIVE_DIAGNOSTIC_RESULTS:
            case SEND_DIAGNOSTIC:
            case PERSISTENT_RESERVE_IN:
            case PERSISTENT_RESERVE_OUT:
                return true;
            default:
                return allowedInUnavailable(opcode);
        }
    }

    /** RTPG and STPG, on an array that reports TPGS; everything else is the core's. */
    @Override
    public ScsiResult execute(SimPath path, ScsiCommand command) {
        int opcode = command.opcode();
        if (targetPortGroups == null) {
            return null;
        }
        if (opcode == ScsiOpcode.MAINTENANCE_IN) {
            return targetPortGroups.report(path, command);
        }
        return opcode == ScsiOpcode.MAINTENANCE_OUT ? targetPortGroups.set(path, command) : null;
    }

    @Override
    public String accessState(SimLogicalUnit lu, SimPortGroup group) {
        return state(lu, group).name().toLowerCase(Locale.ROOT);
    }

    // ---- explicit transitions (STPG)

    /**
     * SET TARGET PORT GROUPS from {@code path}: {@code targets} per group index (null = not named). A group made
     * active/optimized demotes the other active/optimized groups, as dual-controller arrays do.
     */
    synchronized void setTargetPortGroups(SimPath path, AccessState[] targets) {
        SimLogicalUnit lu = path.logicalUnit();
        boolean optimizing = false;
        for (AccessState t : targets) {
            optimizing |= t == AccessState.ACTIVE_OPTIMIZED;
        }
        if (optimizing) {
            for (int g = 0; g < targets.length; g++) {
                if (targets[g] == null && ultimateState(lu, g) == AccessState.ACTIVE_OPTIMIZED) {
                    targets[g] = demotedState;
                }
            }
        }
        transition(lu, targets, STATUS_ALTERED_BY_STPG, path);
    }

    /** The state a group has, or will have once its transition ends. */
    private AccessState ultimateState(SimLogicalUnit lu, int g) {
        AccessState p = pending[lu.index()][g];
        return p != null ? p : AccessState.ofCode(states[lu.index()].get(g) & 0xFF);
    }

    /**
     * Moves groups to their targets through TRANSITIONING for the transition time (at once when zero). Unit
     * attentions 2A/06 go to every path of the LU but {@code origin} (SPC-4 5.15.2.2), at start and at the end.
     */
    private void transition(SimLogicalUnit lu, AccessState[] targets, int statusCode, SimPath origin) {
        int l = lu.index();
        Duration duration = transitionTime;
        boolean changed = false;
        for (int g = 0; g < targets.length; g++) {
            if (targets[g] == null || (pending[l][g] == null && ultimateState(lu, g) == targets[g])) {
                continue; // already there: a real array treats this as a no-op
            }
            changed = true;
            if (duration.isZero()) {
                pending[l][g] = null;
                store(l, g, targets[g], statusCode);
            } else {
                pending[l][g] = targets[g];
                store(l, g, AccessState.TRANSITIONING, statusCode);
            }
        }
        if (!changed) {
            return;
        }
        long gen = ++generation[l];
        context.raiseUnitAttention(lu, UnitAttention.ASYMMETRIC_ACCESS_STATE_CHANGED, origin);
        if (!duration.isZero()) {
            time.schedule(duration, () -> finishTransition(lu, gen, statusCode, origin));
        }
    }

    private synchronized void finishTransition(SimLogicalUnit lu, long gen, int statusCode, SimPath origin) {
        int l = lu.index();
        if (generation[l] != gen) {
            return; // a later transition took over and will finish all pending groups
        }
        for (int g = 0; g < groups.size(); g++) {
            if (pending[l][g] != null) {
                store(l, g, pending[l][g], statusCode);
                pending[l][g] = null;
            }
        }
        context.raiseUnitAttention(lu, UnitAttention.ASYMMETRIC_ACCESS_STATE_CHANGED, origin);
    }

    private void store(int l, int g, AccessState state, int statusCode) {
        states[l].set(g, state.code() | statusCode << 8);
    }

    // ---- implicit transitions (the array decides)

    /**
     * A group with no reachable port is reported UNAVAILABLE through the others; if it was active, an
     * implicit-capable array promotes the best reachable group (PREF first, then definition order). When the
     * group comes back it gets its old state, or the demoted state if another group took over meanwhile.
     */
    @Override
    public synchronized void portLinkChanged(SimPort port) {
        if (tpgs == Tpgs.NONE) {
            return; // a plain disk has no access states: a port that comes back serves I/O as before
        }
        SimPortGroup group = port.portGroup();
        int g = group.index();
        for (SimLogicalUnit lu : lus) {
            int l = lu.index();
            if (!group.isReachable() && beforeUnreachable[l][g] == null) {
                AccessState was = ultimateState(lu, g);
                beforeUnreachable[l][g] = was;
                pending[l][g] = null;
                store(l, g, AccessState.UNAVAILABLE, STATUS_ALTERED_IMPLICITLY);
                context.raiseUnitAttention(lu, UnitAttention.ASYMMETRIC_ACCESS_STATE_CHANGED, null);
                if (was.isActive() && tpgs.implicit() && implicitFailover && !anyActive(lu)) {
                    promoteSuccessor(lu);
                }
            } else if (group.isReachable() && beforeUnreachable[l][g] != null) {
                AccessState was = beforeUnreachable[l][g];
                beforeUnreachable[l][g] = null;
                AccessState back = was.isActive() && anyActive(lu) ? demotedState : was;
                store(l, g, back, STATUS_ALTERED_IMPLICITLY);
                context.raiseUnitAttention(lu, UnitAttention.ASYMMETRIC_ACCESS_STATE_CHANGED, null);
            }
        }
    }

    private boolean anyActive(SimLogicalUnit lu) {
        for (int g = 0; g < groups.size(); g++) {
            if (groups.get(g).isReachable() && ultimateState(lu, g).isActive()) {
                return true;
            }
        }
        return false;
    }

    private void promoteSuccessor(SimLogicalUnit lu) {
        int best = -1;
        for (int g = 0; g < groups.size(); g++) {
            SimPortGroup candidate = groups.get(g);
            AccessState s = ultimateState(lu, g);
            boolean eligible = candidate.isReachable()
                    && (s == AccessState.STANDBY || s == AccessState.ACTIVE_NON_OPTIMIZED);
            if (eligible && (best < 0 || candidate.preferred() && !groups.get(best).preferred())) {
                best = g;
            }
        }
        if (best >= 0) {
            AccessState[] targets = new AccessState[groups.size()];
            targets[best] = AccessState.ACTIVE_OPTIMIZED;
            transition(lu, targets, STATUS_ALTERED_IMPLICITLY, null);
        }
    }

    // ---- AluaControls: the administrator's side

    @Override
    public Tpgs tpgs() {
        return tpgs;
    }

    @Override
    public AccessState state(int lun, int groupId) {
        return state(context.logicalUnit(lun), context.portGroup(groupId));
    }

    @Override
    public synchronized void setState(int groupId, AccessState state) {
        for (SimLogicalUnit lu : lus) {
            setState(lu, context.portGroup(groupId), state);
        }
    }

    @Override
    public synchronized void setState(int lun, int groupId, AccessState state) {
        setState(context.logicalUnit(lun), context.portGroup(groupId), state);
    }

    private void setState(SimLogicalUnit lu, SimPortGroup group, AccessState state) {
        Objects.requireNonNull(state, "state");
        pending[lu.index()][group.index()] = null;
        store(lu.index(), group.index(), state, STATUS_ALTERED_IMPLICITLY);
        context.raiseUnitAttention(lu, UnitAttention.ASYMMETRIC_ACCESS_STATE_CHANGED, null);
    }

    @Override
    public synchronized void transition(int groupId, AccessState state) {
        SimPortGroup group = context.portGroup(groupId);
        for (SimLogicalUnit lu : lus) {
            AccessState[] targets = new AccessState[groups.size()];
            targets[group.index()] = Objects.requireNonNull(state, "state");
            transition(lu, targets, STATUS_ALTERED_IMPLICITLY, null);
        }
    }

    @Override
    public void scheduleTransition(Duration delay, int groupId, AccessState state) {
        context.portGroup(groupId);
        time.schedule(delay, () -> transition(groupId, state));
    }

    @Override
    public Duration transitionTime() {
        return transitionTime;
    }

    @Override
    public void setTransitionTime(Duration time) {
        if (time.isNegative()) {
            throw new IllegalArgumentException("negative transition time " + time);
        }
        this.transitionTime = time;
    }

    @Override
    public int advertisedTransitionTimeoutSeconds() {
        return advertisedTimeoutSeconds;
    }

    @Override
    public void setAdvertisedTransitionTimeoutSeconds(int seconds) {
        if (seconds < 0 || seconds > 255) {
            throw new IllegalArgumentException("transition timeout outside 0..255: " + seconds);
        }
        this.advertisedTimeoutSeconds = seconds;
    }
}
