package io.mpathj.api.path;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Names the scheme of a {@link PathDeviceProvider} DS component: {@code @PathTransportScheme("sim")} sets the
 * service property {@value PathDeviceProvider#SCHEME_PROPERTY}.
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface PathTransportScheme {
    /** Prefix of the derived property name, {@code mpathj.path.transport.scheme}. */
    String PREFIX_ = "mpathj.";

    String value();
}
