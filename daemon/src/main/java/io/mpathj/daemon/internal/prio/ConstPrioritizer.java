package io.mpathj.daemon.internal.prio;

import io.mpathj.api.InvalidArgumentsException;
import io.mpathj.api.path.PathDevice;
import io.mpathj.api.prio.Prioritizer;
import io.mpathj.api.prio.PrioritizerType;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.bundle.Capability;
import org.osgi.service.component.annotations.Component;

/** The {@code const} prioritizer (prioritizers/const.c): every path has priority 1; it takes no arguments. */
@Component(service = PrioritizerType.class, property = PrioritizerType.NAME_PROPERTY + "=" + ConstPrioritizer.NAME)
@Capability(namespace = PrioritizerType.CAPABILITY_NAMESPACE, name = ConstPrioritizer.NAME)
public final class ConstPrioritizer implements PrioritizerType, Prioritizer {
    public static final String NAME = "const";
    private static final CompletionStage<Integer> ONE = CompletableFuture.completedFuture(1);

    @Override
    public Prioritizer create(String args) throws InvalidArgumentsException {
        if (!args.isBlank()) {
            throw new InvalidArgumentsException("const prioritizer takes no prio_args (got '" + args + "')");
        }
        return this;
    }

    @Override
    public CompletionStage<Integer> priority(PathDevice path, Duration timeout) {
        return ONE;
    }
}
