package io.mpathj.storage.sim.internal.personality;

import io.mpathj.storage.sim.Tpgs;
import io.mpathj.storage.sim.personality.ArrayBehavior;
import io.mpathj.storage.sim.personality.ArrayContext;
import io.mpathj.storage.sim.personality.ArrayPersonality;
import io.mpathj.storage.sim.personality.Identity;
import java.util.EnumSet;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * SPC-4 asymmetric logical unit access: access states per (LU, target port group), RTPG and STPG, transitions,
 * implicit failover. Without TPGS ({@code tpgs none}) a plain disk whose every group serves I/O.
 */
@Component(service = ArrayPersonality.class, property = ArrayPersonality.NAME_PROPERTY + "=" + AluaPersonality.NAME)
public final class AluaPersonality implements ArrayPersonality {
    public static final String NAME = "alua";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "SPC-4 ALUA: preferred group active/optimized, the others standby; RTPG, STPG";
    }

    @Override
    public Identity defaultIdentity() {
        return new Identity("MPATHJ", "SIM ALUA", "0100", Tpgs.BOTH);
    }

    @Override
    public Set<Tpgs> supportedTpgs() {
        return EnumSet.allOf(Tpgs.class);
    }

    @Override
    public ArrayBehavior attach(ArrayContext context) {
        return new AluaBehavior(context);
    }
}
