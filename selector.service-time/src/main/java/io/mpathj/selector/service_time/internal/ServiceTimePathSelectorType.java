package io.mpathj.selector.service_time.internal;

import io.mpathj.api.selector.PathSelector;
import io.mpathj.api.selector.PathSelectorName;
import io.mpathj.api.selector.PathSelectorType;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.osgi.annotation.bundle.Capability;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kernel's {@code service-time} path selector type (drivers/md/dm-service-time.c, ST_VERSION 0.3.0): two path
 * arguments ({@code repeat_count} and {@code relative_throughput}, both printed back in TABLE output), two INFO
 * words (the path's in-flight bytes and its relative throughput).
 * The bundle declares the capability {@code mpathj.path_selector;mpathj.path_selector=service-time} so the
 * on-demand loader can find it by name.
 */
@Capability(namespace = PathSelectorType.CAPABILITY_NAMESPACE, name = ServiceTimePathSelectorType.NAME)
@Component(service = PathSelectorType.class)
@PathSelectorName(ServiceTimePathSelectorType.NAME)
public final class ServiceTimePathSelectorType implements PathSelectorType {
    /** The selector's table name. */
    public static final String NAME = "service-time";

    private static final Logger LOG = LoggerFactory.getLogger(ServiceTimePathSelectorType.class);

    private final Consumer<String> warnings;

    public ServiceTimePathSelectorType() {
        this(LOG::warn);
    }

    /** For tests: {@code warnings} receives each warning text the selectors log. */
    ServiceTimePathSelectorType(Consumer<String> warnings) {
        this.warnings = Objects.requireNonNull(warnings, "warnings");
    }

    @Override
    public int tableArgs() {
        return 2;
    }

    @Override
    public int infoArgs() {
        return 2;
    }

    /** The kernel's {@code st_create} ignores its arguments; so does this. */
    @Override
    public PathSelector create(List<String> args) {
        return new ServiceTimeSelector(warnings);
    }

    @Override
    public String toString() {
        return NAME;
    }
}
