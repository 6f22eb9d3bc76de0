package io.mpathj.storage.sim.internal.personality;

import io.mpathj.storage.sim.Tpgs;
import io.mpathj.storage.sim.personality.ArrayBehavior;
import io.mpathj.storage.sim.personality.ArrayContext;
import io.mpathj.storage.sim.personality.ArrayPersonality;
import io.mpathj.storage.sim.personality.Identity;
import org.osgi.service.component.annotations.Component;

/**
 * LSI/Engenio/NetApp E-Series in RDAC mode with AVT off, as Linux's scsi_dh_rdac drives it: two controllers, each
 * LU owned by one; I/O through the other gets 05/94/01; MODE SELECT page 2Ch (legacy or expanded) moves the listed
 * LUs to the controller that receives it; VPD C2h, C4h, C8h, C9h.
 */
@Component(service = ArrayPersonality.class,
        property = ArrayPersonality.NAME_PROPERTY + "=" + EseriesPersonality.NAME)
public final class EseriesPersonality implements ArrayPersonality {
    public static final String NAME = "eseries";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "NetApp E-Series RDAC, AVT off: controller A owns the LUs, MODE SELECT page 2Ch transfers them";
    }

    @Override
    public Identity defaultIdentity() {
        return new Identity("NETAPP", "INF-01-00", "0820", Tpgs.NONE);
    }

    @Override
    public ArrayBehavior attach(ArrayContext context) {
        return new EseriesBehavior(context);
    }
}
