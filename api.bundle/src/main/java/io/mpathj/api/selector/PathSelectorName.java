package io.mpathj.api.selector;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Names a {@link PathSelectorType} DS component: {@code @PathSelectorName("round-robin")} sets the service property
 * {@value PathSelectorType#NAME_PROPERTY}.
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface PathSelectorName {
    /** Prefix of the derived property name, {@code mpathj.path.selector.name}. */
    String PREFIX_ = "mpathj.";

    /** The selector's table name. */
    String value();
}
