package io.mpathj.handler.emc.internal;

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
 * The {@code emc} hardware handler type for EMC CLARiiON AX/CX/FC arrays in failover mode 4 (active/passive) or 6:
 * trespass by MODE SELECT page 22h. Arguments as the 2005 dm-emc {@code emc_create} and scsi_dh_emc
 * {@code clariion_set_params}: none, or {@code <short_trespass 0|1> <honor_reservations 0|1>}
 * ({@code 1 emc}, {@code 3 emc 1 0}).
 */
@Component(service = HardwareHandlerType.class)
@HardwareHandlerName(EmcHandlerType.NAME)
@Capability(namespace = HardwareHandlerType.CAPABILITY_NAMESPACE, name = EmcHandlerType.NAME)
public final class EmcHandlerType implements HardwareHandlerType {
    /** The handler's table name. */
    public static final String NAME = "emc";
    static final String BAD_ARG_COUNT = "incorrect number of arguments";
    static final String BAD_TRESPASS_MODE = "invalid trespass mode selected";
    static final String BAD_HONOR_RESERVATIONS = "invalid honor reservation flag selected";

    private static final Logger LOG = LoggerFactory.getLogger(EmcHandlerType.class);

    /** For DS. */
    public EmcHandlerType() {
    }

    @Override
    public HardwareHandler create(List<String> args) throws InvalidArgumentsException {
        EmcSettings settings;
        if (args.isEmpty()) {
            settings = EmcSettings.DEFAULTS;
        } else if (args.size() != 2) {
            throw new InvalidArgumentsException(BAD_ARG_COUNT);
        } else {
            settings = new EmcSettings(flag(args.get(0), BAD_TRESPASS_MODE), flag(args.get(1), BAD_HONOR_RESERVATIONS));
        }
        LOG.info("emc: {} trespass command will be sent; honor reservation bit will {}", 
                settings.shortTrespass() ? "short" : "long",
                settings.honorReservations() ? "be set" : "not be set (default)");
        return new EmcHandler(settings);
    }

    /**
     * One 0|1 argument read the way the kernel's {@code sscanf(arg, "%u", &v) != 1 || v > 1} reads it: the leading
     * decimal digits count (at least one), anything after them is ignored.
     */
    static boolean flag(String arg, String error) throws InvalidArgumentsException {
        int digits = 0;
        while (digits < arg.length() && arg.charAt(digits) >= '0' && arg.charAt(digits) <= '9') {
            digits++;
        }
        if (digits == 0) {
            throw new InvalidArgumentsException(error);
        }
        String number = arg.substring(0, digits).replaceFirst("^0+(?=.)", "");
        if (!number.equals("0") && !number.equals("1")) {
            throw new InvalidArgumentsException(error);
        }
        return number.equals("1");
    }

    @Override
    public String toString() {
        return NAME;
    }
}
