package io.mpathj.selector.historical_service_time.internal;

import io.mpathj.api.InvalidArgumentsException;
import io.mpathj.api.selector.PathSelector;
import io.mpathj.api.selector.PathSelectorName;
import io.mpathj.api.selector.PathSelectorType;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.osgi.annotation.bundle.Capability;
import org.osgi.service.component.annotations.Component;

/**
 * The kernel's {@code historical-service-time} path selector type (drivers/md/dm-ps-historical-service-time.c,
 * HST_VERSION 0.1.1, Linux 5.8): selector arguments {@code [<base_weight> [<threshold_multiplier>]]}, one path
 * argument ({@code repeat_count}, read and not used; TABLE prints {@code 0}), three INFO words (the moving average of
 * the path's service time in 1/1024 ns, its I/Os in flight, the time after which it counts as stale).
 * The bundle declares the capability {@code mpathj.path_selector;mpathj.path_selector=historical-service-time} so
 * the on-demand loader can find it by name.
 */
@Capability(namespace = PathSelectorType.CAPABILITY_NAMESPACE, name = HistoricalServiceTimePathSelectorType.NAME)
@Component(service = PathSelectorType.class)
@PathSelectorName(HistoricalServiceTimePathSelectorType.NAME)
public final class HistoricalServiceTimePathSelectorType implements PathSelectorType {
    /** The selector's table name. */
    public static final String NAME = "historical-service-time";

    private final LongSupplier clock;
    private final long origin;

    public HistoricalServiceTimePathSelectorType() {
        this(System::nanoTime);
    }

    /**
     * For tests: {@code clock} is read as {@link System#nanoTime()} is (the map stamps an I/O's start with that).
     * The selectors count time from this type's creation, as the kernel counts it from boot, so every time they
     * keep or print is 0 or more.
     */
    HistoricalServiceTimePathSelectorType(LongSupplier clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.origin = clock.getAsLong();
    }

    @Override
    public int tableArgs() {
        return 1;
    }

    @Override
    public int infoArgs() {
        return 3;
    }

    /** {@code hst_create}: any refusal is the map's {@code path selector constructor failed}, as in the kernel. */
    @Override
    public PathSelector create(List<String> args) throws InvalidArgumentsException {
        return new HistoricalServiceTimeSelector(args, clock, origin);
    }

    @Override
    public String toString() {
        return NAME;
    }
}
