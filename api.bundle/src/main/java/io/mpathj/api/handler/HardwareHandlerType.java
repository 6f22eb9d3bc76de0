package io.mpathj.api.handler;

import io.mpathj.api.InvalidArgumentsException;
import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A kind of hardware handler (the kernel's {@code struct hw_handler_type}), registered as a whiteboard service with
 * the property {@value #NAME_PROPERTY}. The name is what tables use: {@code 1 alua}, {@code 3 emc 0 1}.
 */
@ConsumerType
public interface HardwareHandlerType {
    /** Service property carrying the handler's table name. */
    String NAME_PROPERTY = "mpathj.hardware.handler.name";
    /** Capability namespace a bundle declares so the on-demand loader can find it by name. */
    String CAPABILITY_NAMESPACE = "mpathj.hw_handler";

    /**
     * The constructor: one handler instance per map, from the table's handler parameters (the words after the
     * name). A refusal's message is the user-facing error text.
     */
    HardwareHandler create(List<String> args) throws InvalidArgumentsException;
}
