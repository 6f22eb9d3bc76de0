package io.mpathj.api.handler;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Names a {@link HardwareHandlerType} DS component: {@code @HardwareHandlerName("emc")} sets the service property
 * {@value HardwareHandlerType#NAME_PROPERTY} to {@code emc}.
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface HardwareHandlerName {
    /** Prefix of the derived property name, {@code mpathj.hardware.handler.name}. */
    String PREFIX_ = "mpathj.";

    /** The handler's table name. */
    String value();
}
