package io.mpathj.storage.sim.internal.personality;

import io.mpathj.storage.sim.Tpgs;
import io.mpathj.storage.sim.personality.ArrayBehavior;
import io.mpathj.storage.sim.personality.ArrayContext;
import io.mpathj.storage.sim.personality.ArrayPersonality;
import io.mpathj.storage.sim.personality.Identity;
import org.osgi.service.component.annotations.Component;

/** EMC CLARiiON active/passive (failover mode 4): each LU owned by one storage processor, trespass moves it. */
@Component(service = ArrayPersonality.class,
        property = ArrayPersonality.NAME_PROPERTY + "=" + ClariionPersonality.NAME)
public final class ClariionPersonality implements ArrayPersonality {
    public static final String NAME = "clariion";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "EMC CLARiiON active/passive: SP A owns the LUs, MODE SELECT page 22h trespasses";
    }

    @Override
    public Identity defaultIdentity() {
        return new Identity("DGC", "RAID 5", "0100", Tpgs.NONE);
    }

    @Override
    public ArrayBehavior attach(ArrayContext context) {
        return new ClariionBehavior(context);
    }
}
