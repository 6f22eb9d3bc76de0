package io.mpathj.handler.hp_sw.internal;

import io.mpathj.api.InvalidArgumentsException;
import io.mpathj.api.handler.HardwareHandler;
import io.mpathj.api.handler.HardwareHandlerName;
import io.mpathj.api.handler.HardwareHandlerType;
import java.util.List;
import org.osgi.annotation.bundle.Capability;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code hp_sw} hardware handler type for HP active/standby arrays (MSA 1000/1500, the older HSV and EVA
 * firmwares in active/standby mode): TEST UNIT READY finds the passive path (02/04/02), START STOP UNIT activates it.
 * It takes no parameters ({@code 1 hp_sw}): scsi_dh_hp_sw has no set_params, so dm-mpath refuses any with
 * {@code unable to set hardware handler parameters}.
 */
@Component(service = HardwareHandlerType.class)
@HardwareHandlerName(HpSwHandlerType.NAME)
@Capability(namespace = HardwareHandlerType.CAPABILITY_NAMESPACE, name = HpSwHandlerType.NAME)
public final class HpSwHandlerType implements HardwareHandlerType {
    /** The handler's table name. */
    public static final String NAME = "hp_sw";
    /** dm-mpath's words when scsi_dh_set_params fails (-SCSI_DH_NOSYS: the handler has no set_params). */
    static final String NO_PARAMETERS = "unable to set hardware handler parameters";

    private static final Logger LOG = LoggerFactory.getLogger(HpSwHandlerType.class);

    /** For DS. */
    public HpSwHandlerType() {
    }

    @Override
    public HardwareHandler create(List<String> args) throws InvalidArgumentsException {
        if (!args.isEmpty()) {
            LOG.warn("hp_sw: takes no parameters, got {}", args);
            throw new InvalidArgumentsException(NO_PARAMETERS);
        }
        return new HpSwHandler();
    }

    @Override
    public String toString() {
        return NAME;
    }
}
