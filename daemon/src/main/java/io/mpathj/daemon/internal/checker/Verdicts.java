package io.mpathj.daemon.internal.checker;

import io.mpathj.api.checker.CheckResult;
import io.mpathj.api.checker.CheckerState;
import io.mpathj.api.scsi.ScsiResult;
import io.mpathj.api.scsi.TransportError;
import java.time.Duration;

/** What the checkers share: a command's timeout from checker_timeout, and a transport failure's verdict. */
final class Verdicts {
    private Verdicts() {
    }

    /** checker_timeout as a command timeout in milliseconds (at least 1). */
    static int millis(Duration timeout) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    }

    /**
     * No SCSI status: a command that timed out is {@link CheckerState#TIMEOUT}, any other transport failure (link
     * down, device gone) {@link CheckerState#DOWN}.
     */
    static CheckResult transportFailure(String checker, ScsiResult r) {
        boolean timedOut = r.transportError().orElse(null) == TransportError.TIMEOUT;
        return CheckResult.of(timedOut ? CheckerState.TIMEOUT : CheckerState.DOWN,
                checker + " checker " + (timedOut ? "timed out" : "reports path is down: " + r.describe()));
    }
}
