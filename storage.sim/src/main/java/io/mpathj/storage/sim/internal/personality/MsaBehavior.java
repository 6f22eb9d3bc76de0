package io.mpathj.storage.sim.internal.personality;

import io.mpathj.api.scsi.ScsiCommand;
import io.mpathj.api.scsi.ScsiOpcode;
import io.mpathj.api.scsi.ScsiResult;
import io.mpathj.api.scsi.SenseData;
import io.mpathj.api.scsi.SenseKey;
import io.mpathj.storage.sim.MsaControls;
import io.mpathj.storage.sim.SimLogicalUnit;
import io.mpathj.storage.sim.SimPath;
import io.mpathj.storage.sim.SimPortGroup;
import io.mpathj.storage.sim.SimTime;
import io.mpathj.storage.sim.personality.ArrayBehavior;
import io.mpathj.storage.sim.personality.ArrayContext;
import io.mpathj.storage.sim.personality.ScsiReplies;
import java.time.Duration;
import java.util.List;

/**
 * An active/standby array in the way of the HP MSA1000 that scsi_dh_hp_sw drives: one controller (port group) is
 * active for every LU, the others are standby. A command through a standby controller gets 02/04/02 (initializing
 * command required) except INQUIRY, REPORT LUNS, REQUEST SENSE and START STOP UNIT; START STOP UNIT with START set
 * through it makes it the active controller and the old one standby. With a transfer time, the switch-over lasts
 * that long: START STOP UNIT and the commands through the controller becoming active get 02/04/03 (retry).
 */
final class MsaBehavior implements MsaControls, ArrayBehavior {
    /** LOGICAL UNIT NOT READY, INITIALIZING COMMAND REQUIRED: the standby controller. */
    static final SenseData STANDBY = new SenseData(SenseKey.NOT_READY, 0x04, 0x02);
    /** LOGICAL UNIT NOT READY, MANUAL INTERVENTION REQUIRED: a switch-over in progress (hp_sw retries). */
    static final SenseData SWITCHING = new SenseData(SenseKey.NOT_READY, 0x04, 0x03);
    private static final int START = 0x01;

    private final ArrayContext context;
    private final List<SimPortGroup> controllers;
    private final SimTime time;
    private final Duration switchTime;
    /** The active controller's index; during a switch-over, the one becoming active. */
    private volatile int active;
    private volatile boolean switching;
    private long generation;

    MsaBehavior(ArrayContext context) {
        this.context = context;
        this.controllers = context.portGroups();
        this.time = context.time();
        this.switchTime = context.transitionTime();
        int first = 0;
        for (SimPortGroup g : controllers) {
            if (g.preferred()) {
                first = g.index();
                break;
            }
        }
        this.active = first;
    }

    @Override
    public SenseData refuse(SimPath path, int opcode) {
        if (opcode == ScsiOpcode.INQUIRY || opcode == ScsiOpcode.REPORT_LUNS || opcode == ScsiOpcode.REQUEST_SENSE
                || opcode == ScsiOpcode.START_STOP_UNIT) {
            return null;
        }
        if (path.port().portGroup().index() != active) {
            return STANDBY;
        }
        return switching ? SWITCHING : null;
    }

    /** START STOP UNIT (SBC-3 5.25): START set activates the controller it arrives through; a stop does nothing. */
    @Override
    public ScsiResult execute(SimPath path, ScsiCommand command) {
        if (command.opcode() != ScsiOpcode.START_STOP_UNIT || (command.cdb()[4] & START) == 0) {
            return null;
        }
        int controller = path.port().portGroup().index();
        synchronized (this) {
            if (controller == active && !switching) {
                return ScsiResult.good();
            }
            if (!switching) {
                switchTo(controller);
                if (!switching) {
                    return ScsiResult.good();
                }
            }
        }
        return ScsiReplies.checkCondition(path.logicalUnit(), SWITCHING);
    }

    /** Makes a controller active: at once when the transfer time is zero, else after it. Caller synchronizes. */
    private void switchTo(int controller) {
        if (controller == active && !switching) {
            return;
        }
        active = controller;
        if (switchTime.isZero()) {
            switching = false;
            return;
        }
        switching = true;
        long gen = ++generation;
        time.schedule(switchTime, () -> finish(gen));
    }

    private synchronized void finish(long gen) {
        if (generation == gen) {
            switching = false;
        }
    }

    @Override
    public String accessState(SimLogicalUnit lu, SimPortGroup group) {
        if (group.index() != active) {
            return "standby";
        }
        return switching ? "activating" : "active";
    }

    @Override
    public String attachedHandler() {
        return "hp_sw"; // scsi_dh's device table: COMPAQ "MSA1000 VOLUME"
    }

    // ---- MsaControls

    @Override
    public int activeController() {
        return controllers.get(active).id();
    }

    @Override
    public boolean switching() {
        return switching;
    }

    @Override
    public synchronized void activate(int groupId) {
        switchTo(context.portGroup(groupId).index());
    }
}
