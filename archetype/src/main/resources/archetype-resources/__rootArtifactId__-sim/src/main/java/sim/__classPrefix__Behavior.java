package ${package}.sim;

import io.mpathj.api.scsi.ScsiCommand;
import io.mpathj.api.scsi.ScsiOpcode;
import io.mpathj.api.scsi.ScsiResult;
import io.mpathj.api.scsi.SenseData;
import io.mpathj.api.scsi.SenseKey;
import io.mpathj.storage.sim.SimLogicalUnit;
import io.mpathj.storage.sim.SimPath;
import io.mpathj.storage.sim.SimPortGroup;
import io.mpathj.storage.sim.personality.ArrayBehavior;
import io.mpathj.storage.sim.personality.ArrayContext;

/**
 * One simulated ${handlerName} array. Through a standby controller every command but INQUIRY, REPORT LUNS, REQUEST
 * SENSE and START STOP UNIT gets NOT READY 04/0B (target port in standby state: the daemon's tur checker reports
 * such a path as ghost, not down); START STOP UNIT with START set makes that controller the active one. Replace
 * this with what your array does.
 */
final class ${classPrefix}Behavior implements ArrayBehavior {
    /** NOT READY, LOGICAL UNIT NOT ACCESSIBLE, TARGET PORT IN STANDBY STATE: a standby controller. */
    static final SenseData STANDBY = new SenseData(SenseKey.NOT_READY, 0x04, 0x0B);

    private final ArrayContext context;
    private volatile int active;

    ${classPrefix}Behavior(ArrayContext context) {
        this.context = context;
        for (SimPortGroup g : context.portGroups()) {
            if (g.preferred()) {
                active = g.index();
                break;
            }
        }
    }

    @Override
    public SenseData refuse(SimPath path, int opcode) {
        if (opcode == ScsiOpcode.INQUIRY || opcode == ScsiOpcode.REPORT_LUNS || opcode == ScsiOpcode.REQUEST_SENSE
                || opcode == ScsiOpcode.START_STOP_UNIT) {
            return null;
        }
        return path.port().portGroup().index() == active ? null : STANDBY;
    }

    @Override
    public ScsiResult execute(SimPath path, ScsiCommand command) {
        if (command.opcode() != ScsiOpcode.START_STOP_UNIT || (command.cdb()[4] & 0x01) == 0) {
            return null;
        }
        active = path.port().portGroup().index();
        return ScsiResult.good();
    }

    @Override
    public String accessState(SimLogicalUnit lu, SimPortGroup group) {
        return group.index() == active ? "active" : "standby";
    }

    /** The active controller's port group id. */
    int activeGroupId() {
        return context.portGroups().get(active).id();
    }
}
