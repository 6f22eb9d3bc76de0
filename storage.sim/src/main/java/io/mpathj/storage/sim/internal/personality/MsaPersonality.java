package io.mpathj.storage.sim.internal.personality;

import io.mpathj.storage.sim.Tpgs;
import io.mpathj.storage.sim.personality.ArrayBehavior;
import io.mpathj.storage.sim.personality.ArrayContext;
import io.mpathj.storage.sim.personality.ArrayPersonality;
import io.mpathj.storage.sim.personality.Identity;
import org.osgi.service.component.annotations.Component;

/**
 * An HP MSA-style active/standby array, as Linux's scsi_dh_hp_sw drives it: one controller active for every LU; TEST
 * UNIT READY through a standby one gets 02/04/02, START STOP UNIT (start) through it makes it the active one.
 */
@Component(service = ArrayPersonality.class, property = ArrayPersonality.NAME_PROPERTY + "=" + MsaPersonality.NAME)
public final class MsaPersonality implements ArrayPersonality {
    public static final String NAME = "msa";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "HP MSA active/standby: controller A active, START STOP UNIT through B makes B active";
    }

    @Override
    public Identity defaultIdentity() {
        return new Identity("COMPAQ", "MSA1000 VOLUME", "4.48", Tpgs.NONE);
    }

    @Override
    public ArrayBehavior attach(ArrayContext context) {
        return new MsaBehavior(context);
    }
}
