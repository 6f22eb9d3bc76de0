package ${package};

import io.mpathj.api.InvalidArgumentsException;
import io.mpathj.api.handler.HardwareHandler;
import io.mpathj.api.handler.HardwareHandlerName;
import io.mpathj.api.handler.HardwareHandlerType;
import java.util.List;
import org.osgi.annotation.bundle.Capability;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code ${handlerName}} hardware handler type: a DS component registered under its table name, with the
 * capability the on-demand loader finds it by. It takes no parameters ({@code 1 ${handlerName}}).
 */
@Component(service = HardwareHandlerType.class)
@HardwareHandlerName(${classPrefix}HandlerType.NAME)
@Capability(namespace = HardwareHandlerType.CAPABILITY_NAMESPACE, name = ${classPrefix}HandlerType.NAME)
public final class ${classPrefix}HandlerType implements HardwareHandlerType {
    /** The handler's table name. */
    public static final String NAME = "${handlerName}";

    @Override
    public HardwareHandler create(List<String> args) throws InvalidArgumentsException {
        if (!args.isEmpty()) {
            throw new InvalidArgumentsException("unable to set hardware handler parameters");
        }
        return new ${classPrefix}Handler();
    }
}
