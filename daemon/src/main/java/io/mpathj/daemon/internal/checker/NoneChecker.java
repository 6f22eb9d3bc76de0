package io.mpathj.daemon.internal.checker;

import io.mpathj.api.checker.CheckResult;
import io.mpathj.api.checker.CheckerState;
import io.mpathj.api.checker.PathChecker;
import io.mpathj.api.checker.PathCheckerType;
import io.mpathj.api.path.PathDevice;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.bundle.Capability;
import org.osgi.service.component.annotations.Component;

/** The {@code none} checker (checkers/none.c): every path is up, nothing is sent. */
@Component(service = PathCheckerType.class, property = PathCheckerType.NAME_PROPERTY + "=" + NoneChecker.NAME)
@Capability(namespace = PathCheckerType.CAPABILITY_NAMESPACE, name = NoneChecker.NAME)
public final class NoneChecker implements PathCheckerType, PathChecker {
    public static final String NAME = "none";
    private static final CompletionStage<CheckResult> UP = CompletableFuture.completedFuture(
            CheckResult.of(CheckerState.UP, "none checker: path is not checked"));

    @Override
    public PathChecker create() {
        return this;
    }

    @Override
    public CompletionStage<CheckResult> check(PathDevice path, Duration timeout) {
        return UP;
    }
}
