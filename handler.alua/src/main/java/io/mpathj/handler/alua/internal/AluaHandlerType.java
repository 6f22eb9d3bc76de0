package io.mpathj.handler.alua.internal;

import io.mpathj.api.InvalidArgumentsException;
import io.mpathj.api.handler.HardwareHandler;
import io.mpathj.api.handler.HardwareHandlerName;
import io.mpathj.api.handler.HardwareHandlerType;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.LongSupplier;
import org.osgi.annotation.bundle.Capability;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The {@code alua} hardware handler type (scsi_dh_alua): for arrays that report TPGS in standard INQUIRY. Table
 * arguments are scsi_dh_alua's {@code set_params}: none ({@code 1 alua}) or {@code optimize_stpg}
 * ({@code 2 alua 0|1}).
 */
@Component(service = HardwareHandlerType.class)
@HardwareHandlerName(AluaHandlerType.NAME)
@Capability(namespace = HardwareHandlerType.CAPABILITY_NAMESPACE, name = AluaHandlerType.NAME)
public final class AluaHandlerType implements HardwareHandlerType {
    /** The handler's table name. */
    public static final String NAME = "alua";
    /** dm-mpath's words when a handler refuses its parameters ({@code scsi_dh_set_params} failed). */
    static final String BAD_PARAMS = "unable to set hardware handler parameters";

    private final ScheduledExecutorService executor;
    private final boolean ownsExecutor;
    private final AluaConfig config;

    /** For DS: the kernel's timings (2 s poll, 60 s default transition timeout) and an executor of its own. */
    public AluaHandlerType() {
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mpathj-alua"); // the kernel's kaluad
            t.setDaemon(true);
            return t;
        });
        this.ownsExecutor = true;
        this.config = AluaConfig.defaults();
    }

    /** For tests and embedding: the workers run on {@code executor} (not shut down here) and poll as given. */
    public AluaHandlerType(ScheduledExecutorService executor, Duration pollInterval) {
        this(executor, pollInterval, System::nanoTime);
    }

    /** As above, with the clock transition timeouts are measured by. */
    public AluaHandlerType(ScheduledExecutorService executor, Duration pollInterval, LongSupplier nanoClock) {
        this.executor = Objects.requireNonNull(executor, "executor");
        this.ownsExecutor = false;
        this.config = new AluaConfig(pollInterval, AluaConfig.DEFAULT_TRANSITION_TIMEOUT_SECONDS,
                AluaConfig.DEFAULT_COMMAND_TIMEOUT_MILLIS, nanoClock);
    }

    /**
     * alua_set_params: no words, or exactly one word {@code 0} or {@code 1} (optimize_stpg). The kernel answers
     * anything else with -EINVAL, which dm-mpath reports as "unable to set hardware handler parameters".
     */
    @Override
    public HardwareHandler create(List<String> args) throws InvalidArgumentsException {
        boolean optimize = false;
        if (args.size() > 1) {
            throw new InvalidArgumentsException(BAD_PARAMS + ": alua takes at most 1 parameter"
                    + " (optimize_stpg 0|1), got " + args.size());
        }
        if (args.size() == 1) {
            String word = args.get(0);
            if (!word.equals("0") && !word.equals("1")) {
                throw new InvalidArgumentsException(BAD_PARAMS + ": alua optimize_stpg must be 0 or 1, got '"
                        + word + "'");
            }
            optimize = word.equals("1");
        }
        return new AluaHandler(optimize, config, executor);
    }

    @Deactivate
    void deactivate() {
        if (ownsExecutor) {
            executor.shutdownNow();
        }
    }

    @Override
    public String toString() {
        return NAME;
    }
}
