package ${package}.sim;

import io.mpathj.storage.sim.Tpgs;
import io.mpathj.storage.sim.personality.ArrayBehavior;
import io.mpathj.storage.sim.personality.ArrayContext;
import io.mpathj.storage.sim.personality.ArrayPersonality;
import io.mpathj.storage.sim.personality.Identity;
import org.osgi.service.component.annotations.Component;

/**
 * A simulated ${handlerName} array for tests, written against the sim's personality SPI: one controller (port
 * group) serves every LU, the others are standby until START STOP UNIT arrives through them. In a container,
 * {@code sim:create NAME ${handlerName} GROUPS PORTS} builds one; outside OSGi,
 * {@code SimArrayBuilder.of(NAME, new ${classPrefix}Personality(), time)}.
 */
@Component(service = ArrayPersonality.class, property = ArrayPersonality.NAME_PROPERTY + "="
        + ${classPrefix}Personality.NAME)
public final class ${classPrefix}Personality implements ArrayPersonality {
    /** The personality's name, as {@code sim:create} and {@code personality=} name it. */
    public static final String NAME = "${handlerName}";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "${handlerName}: active/standby, START STOP UNIT moves the LUs to the controller it arrives through";
    }

    @Override
    public Identity defaultIdentity() {
        return new Identity("VENDOR", "${handlerName} ARRAY", "0001", Tpgs.NONE);
    }

    @Override
    public ArrayBehavior attach(ArrayContext context) {
        return new ${classPrefix}Behavior(context);
    }
}
