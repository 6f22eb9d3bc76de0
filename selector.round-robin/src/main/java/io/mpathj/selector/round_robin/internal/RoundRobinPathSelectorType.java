package io.mpathj.selector.round_robin.internal;

import io.mpathj.api.selector.PathSelector;
import io.mpathj.api.selector.PathSelectorType;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import io.mpathj.api.selector.PathSelectorName;
import org.osgi.annotation.bundle.Capability;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kernel's {@code round-robin} path selector type (dm-round-robin.c, RR_VERSION 1.2.0): one path argument
 * ({@code repeat_count}, printed back in TABLE output), no INFO words. The bundle declares the capability
 * {@code mpathj.path_selector;mpathj.path_selector=round-robin} so the on-demand loader can find it by name.
 */
@Capability(namespace = PathSelectorType.CAPABILITY_NAMESPACE, name = RoundRobinPathSelectorType.NAME)
@Component(service = PathSelectorType.class)
@PathSelectorName(RoundRobinPathSelectorType.NAME)
public final class RoundRobinPathSelectorType implements PathSelectorType {
    /** The selector's table name. */
    public static final String NAME = "round-robin";

    private static final Logger LOG = LoggerFactory.getLogger(RoundRobinPathSelectorType.class);

    private final Consumer<String> warnings;

    public RoundRobinPathSelectorType() {
        this(LOG::warn);
    }

    /** For tests: {@code warnings} receives each warning text the selectors log. */
    RoundRobinPathSelectorType(Consumer<String> warnings) {
        this.warnings = Objects.requireNonNull(warnings, "warnings");
    }

    @Override
    public int tableArgs() {
        return 1;
    }

    @Override
    public int infoArgs() {
        return 0;
    }

    /** The kernel's {@code rr_create} ignores its arguments; so does this. */
    @Override
    public PathSelector create(List<String> args) {
        return new RoundRobinSelector(warnings);
    }

    @Override
    public String toString() {
        return NAME;
    }
}
