package io.mpathj.itest.vendor;

import io.mpathj.api.scsi.ScsiOpcode;
import io.mpathj.api.scsi.SenseData;
import io.mpathj.api.scsi.SenseKey;
import io.mpathj.storage.sim.SimLogicalUnit;
import io.mpathj.storage.sim.SimPath;
import io.mpathj.storage.sim.SimPort;
import io.mpathj.storage.sim.SimPortGroup;
import io.mpathj.storage.sim.personality.ArrayBehavior;
import io.mpathj.storage.sim.personality.ArrayContext;
import io.mpathj.storage.sim.personality.UnitAttention;
import java.nio.charset.StandardCharsets;

/**
 * One array of {@link MyVendorPersonality}: which group serves, READ/WRITE elsewhere refused with a vendor sense, a
 * vendor VPD page D0h naming the serving group, failover when the serving group loses its last port.
 */
public final class MyVendorBehavior implements ArrayBehavior {
    /** NOT READY, vendor ASC 80h: "this group is standby" in the vendor's own words. */
    public static final SenseData STANDBY = new SenseData(SenseKey.NOT_READY, 0x80, 0x01);
    public static final int VPD_SERVING_GROUP = 0xD0;

    private final ArrayContext context;
    private volatile int serving;

    MyVendorBehavior(ArrayContext context) {
        this.context = context;
    }

    @Override
    public SenseData refuse(SimPath path, int opcode) {
        boolean media = opcode == ScsiOpcode.READ_10 || opcode == ScsiOpcode.WRITE_10 || opcode == ScsiOpcode.READ_16
                || opcode == ScsiOpcode.WRITE_16;
        return media && path.port().portGroup().index() != serving ? STANDBY : null;
    }

    @Override
    public int[] vpdPages() {
        return new int[] {VPD_SERVING_GROUP};
    }

    /** D0h: "MYVD", then the id of the serving group and of the group of the path asked through. */
    @Override
    public byte[] vpdPage(SimPath path, int pageCode) {
        if (pageCode != VPD_SERVING_GROUP) {
            return null;
        }
        byte[] body = new byte[8];
        System.arraycopy("MYVD".getBytes(StandardCharsets.US_ASCII), 0, body, 0, 4);
        body[5] = (byte) context.portGroups().get(serving).id();
        body[7] = (byte) path.port().portGroup().id();
        return body;
    }

    @Override
    public synchronized void portLinkChanged(SimPort port) {
        if (context.portGroups().get(serving).isReachable()) {
            return;
        }
        for (SimPortGroup g : context.portGroups()) {
            if (g.isReachable()) {
                serving = g.index();
                context.raiseUnitAttention(UnitAttention.ASYMMETRIC_ACCESS_STATE_CHANGED);
                return;
            }
        }
    }

    @Override
    public String accessState(SimLogicalUnit lu, SimPortGroup group) {
        return group.index() == serving ? "serving" : "standby";
    }
}
