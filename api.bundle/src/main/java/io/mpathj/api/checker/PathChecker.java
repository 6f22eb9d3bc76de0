package io.mpathj.api.checker;

import io.mpathj.api.path.PathDevice;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * One path's checker (multipath-tools' {@code struct checker} with its context): the daemon calls {@link #check}
 * every polling interval. A check is asynchronous: it sends commands on the path and completes when they are
 * answered; it must complete within {@code timeout} (checker_timeout), with {@link CheckerState#TIMEOUT} when the
 * path did not answer in time. It never completes exceptionally.
 */
@ConsumerType
public interface PathChecker extends AutoCloseable {
    CompletionStage<CheckResult> check(PathDevice path, Duration timeout);

    /** The path left the daemon: release what the checker holds. Does nothing by default. */
    @Override
    default void close() {
    }
}
