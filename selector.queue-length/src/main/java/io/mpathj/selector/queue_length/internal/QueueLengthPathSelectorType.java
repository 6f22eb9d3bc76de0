package io.mpathj.selector.queue_length.internal;

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
 * The kernel's {@code queue-length} path selector type (drivers/md/dm-queue-length.c, QL_VERSION 0.2.0): one path
 * argument ({@code repeat_count}, printed back in TABLE output), one INFO word (the path's in-flight I/O count).
 * The bundle declares the capability {@code mpathj.path_selector;mpathj.path_selector=queue-length} so the
 * on-demand loader can find it by name.
 */
@Capability(namespace = PathSelectorType.CAPABILITY_NAMESPACE, name = QueueLengthPathSelectorType.NAME)
@Component(service = PathSelectorType.class)
@PathSelectorName(QueueLengthPathSelectorType.NAME)
public final class QueueLengthPathSelectorType implements PathSelectorType {
    /** The selector's table name. */
    public static final String NAME = "queue-length";

    private static final Logger LOG = LoggerFactory.getLogger(QueueLengthPathSelectorType.class);

    private final Consumer<String> warnings;

    public QueueLengthPathSelectorType() {
        this(LOG::warn);
    }

    /** For tests: {@code warnings} receives each warning text the selectors log. */
    QueueLengthPathSelectorType(Consumer<String> warnings) {
        this.warnings = Objects.requireNonNull(warnings, "warnings");
    }

    @Override
    public int tableArgs() {
        return 1;
    }

    @Override
    public int infoArgs() {
        return 1;
    }

    /** The kernel's {@code ql_create} ignores its arguments; so does this. */
    @Override
    public PathSelector create(List<String> args) {
        return new QueueLengthSelector(warnings);
    }

    @Override
    public String toString() {
        return NAME;
    }
}
