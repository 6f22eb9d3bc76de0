package io.mpathj.itest.vendor;

import io.mpathj.storage.sim.Tpgs;
import io.mpathj.storage.sim.personality.ArrayBehavior;
import io.mpathj.storage.sim.personality.ArrayContext;
import io.mpathj.storage.sim.personality.ArrayPersonality;
import io.mpathj.storage.sim.personality.Identity;

/**
 * A vendor's array written only against the personality SPI, shipped in its own bundle (built by
 * {@code VendorPersonalityTest}) and registered by DS from a hand-written component description with
 * {@code mpathj.sim.personality=myvendor}: the first port group serves I/O, the others are standby until every port
 * of the serving group is gone; then the array moves service to the next reachable group by itself.
 */
public final class MyVendorPersonality implements ArrayPersonality {
    public static final String NAME = "myvendor";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "a vendor's active/standby array that fails over by itself";
    }

    @Override
    public Identity defaultIdentity() {
        return new Identity("MYVENDOR", "FAILOVER BOX", "0007", Tpgs.NONE);
    }

    @Override
    public ArrayBehavior attach(ArrayContext context) {
        return new MyVendorBehavior(context);
    }
}
