package io.mpathj.selector.io_affinity.internal;

import io.mpathj.api.selector.PathSelector;
import io.mpathj.api.selector.PathSelectorName;
import io.mpathj.api.selector.PathSelectorType;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import org.osgi.annotation.bundle.Capability;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kernel's {@code io-affinity} path selector type (drivers/md/dm-ps-io-affinity.c, Linux 5.10): one path
 * argument, a CPU mask (printed back in TABLE output), one INFO word (the group's count of submissions from a CPU
 * no path claimed). The bundle declares the capability {@code mpathj.path_selector;mpathj.path_selector=io-affinity}
 * so the on-demand loader can find it by name.
 *
 * <p>Java has no "current CPU": the CPUs are {@link Runtime#availableProcessors()} stripes, fixed when the type is
 * made (the kernel's {@code nr_cpu_ids}, fixed at boot), and a submission's CPU is its thread's id modulo that count,
 * so one thread always uses the same path while the JVM's scheduler may run it on any processor.
 */
@Capability(namespace = PathSelectorType.CAPABILITY_NAMESPACE, name = IoAffinityPathSelectorType.NAME)
@Component(service = PathSelectorType.class)
@PathSelectorName(IoAffinityPathSelectorType.NAME)
public final class IoAffinityPathSelectorType implements PathSelectorType {
    /** The selector's table name. */
    public static final String NAME = "io-affinity";

    private static final Logger LOG = LoggerFactory.getLogger(IoAffinityPathSelectorType.class);

    private final int cpus;
    private final IntSupplier currentCpu;
    private final Consumer<String> warnings;

    public IoAffinityPathSelectorType() {
        this(Runtime.getRuntime().availableProcessors(), LOG::warn);
    }

    /** {@code cpus} stripes, a submission's being its thread's id modulo {@code cpus}. */
    IoAffinityPathSelectorType(int cpus, Consumer<String> warnings) {
        this(cpus, () -> (int) (Thread.currentThread().getId() % cpus), warnings);
    }

    /** For tests: {@code cpus} stripes, {@code currentCpu} the stripe of a submission, the warnings' receiver. */
    IoAffinityPathSelectorType(int cpus, IntSupplier currentCpu, Consumer<String> warnings) {
        if (cpus < 1) {
            throw new IllegalArgumentException("cpus " + cpus);
        }
        this.cpus = cpus;
        this.currentCpu = Objects.requireNonNull(currentCpu, "currentCpu");
        this.warnings = Objects.requireNonNull(warnings, "warnings");
    }

    /** The number of CPUs (stripes) a mask covers. */
    int cpus() {
        return cpus;
    }

    @Override
    public int tableArgs() {
        return 1;
    }

    @Override
    public int infoArgs() {
        return 1;
    }

    /** The kernel's {@code ioa_create} ignores its arguments; so does this. */
    @Override
    public PathSelector create(List<String> args) {
        return new IoAffinitySelector(cpus, currentCpu, warnings);
    }

    @Override
    public String toString() {
        return NAME;
    }
}
