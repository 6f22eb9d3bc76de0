package io.mpathj.daemon.internal.checker;

import io.mpathj.api.checker.CheckResult;
import io.mpathj.api.checker.CheckerState;
import io.mpathj.api.checker.PathChecker;
import io.mpathj.api.checker.PathCheckerType;
import io.mpathj.api.path.PathDevice;
import io.mpathj.api.scsi.Cdbs;
import io.mpathj.api.scsi.ScsiCommand;
import io.mpathj.api.scsi.ScsiResult;
import io.mpathj.api.scsi.ScsiStatus;
import io.mpathj.api.scsi.SenseData;
import io.mpathj.api.scsi.SenseKey;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.bundle.Capability;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code tur} checker (multipath-tools' checkers/tur.c): TEST UNIT READY. GOOD or RESERVATION CONFLICT: up;
 * NOT READY 04/0B (target port in standby): ghost; NOT READY 04/0A (ALUA transition): pending; a UNIT ATTENTION is
 * retried, up to 5 commands in all; any other answer, or a transport failure: down (timeout when it timed out).
 */
@Component(service = PathCheckerType.class, property = PathCheckerType.NAME_PROPERTY + "=" + TurChecker.NAME)
@Capability(namespace = PathCheckerType.CAPABILITY_NAMESPACE, name = TurChecker.NAME)
public final class TurChecker implements PathCheckerType, PathChecker {
    public static final String NAME = "tur";

    /** The checker keeps nothing per path: one instance serves every path. */
    @Override
    public PathChecker create() {
        return this;
    }

    @Override
    public CompletionStage<CheckResult> check(PathDevice path, Duration timeout) {
        CompletableFuture<CheckResult> result = new CompletableFuture<>();
        Verdicts.execute(path, ScsiCommand.noData(Cdbs.testUnitReady()).withTimeoutMillis(Verdicts.millis(timeout)),
                r -> result.complete(verdict(r)));
        return result;
    }

    static CheckResult verdict(ScsiResult r) {
        if (r.isTransportFailure()) {
            return Verdicts.transportFailure(NAME, r);
        }
        if (r.isGood() || r.status() == ScsiStatus.RESERVATION_CONFLICT) {
            return CheckResult.of(CheckerState.UP, "tur checker reports path is up");
        }
        SenseData sense = r.sense().orElse(null);
        if (r.status() == ScsiStatus.CHECK_CONDITION && sense != null && sense.key() == SenseKey.NOT_READY
                && sense.asc() == 0x04) {
            if (sense.ascq() == 0x0B) {
                return CheckResult.of(CheckerState.GHOST, "tur checker reports path is in standby state");
            }
            if (sense.ascq() == 0x0A) {
                return CheckResult.of(CheckerState.PENDING, "tur checker reports path is in transition");
            }
        }
        return CheckResult.of(CheckerState.DOWN, "tur checker reports path is down: " + r.describe());
    }
}
