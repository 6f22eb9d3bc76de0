package io.mpathj.handler.generic_scsi.internal;

import io.mpathj.api.InvalidArgumentsException;
import io.mpathj.api.handler.HardwareHandler;
import io.mpathj.api.handler.HardwareHandlerName;
import io.mpathj.api.handler.HardwareHandlerType;
import java.util.List;
import org.osgi.annotation.bundle.Capability;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code generic-scsi} hardware handler type: for arrays that need no activation, with the seed's
 * {@code dm_scsi_err_handler} sense table made live. Takes no arguments ({@code 1 generic-scsi}).
 */
@Component(service = HardwareHandlerType.class)
@HardwareHandlerName(GenericScsiHandlerType.NAME)
@Capability(namespace = HardwareHandlerType.CAPABILITY_NAMESPACE, name = GenericScsiHandlerType.NAME)
public final class GenericScsiHandlerType implements HardwareHandlerType {
    /** The handler's table name. */
    public static final String NAME = "generic-scsi";
    /** The 2005 handlers' words for a wrong argument count (dm-emc.c {@code emc_create}). */
    static final String BAD_ARG_COUNT = "incorrect number of arguments";

    /** For DS. */
    public GenericScsiHandlerType() {
    }

    @Override
    public HardwareHandler create(List<String> args) throws InvalidArgumentsException {
        if (!args.isEmpty()) {
            throw new InvalidArgumentsException(BAD_ARG_COUNT);
        }
        return new GenericScsiHandler();
    }

    @Override
    public String toString() {
        return NAME;
    }
}
