package io.mpathj.daemon.internal.checker;

import io.mpathj.api.checker.CheckResult;
import io.mpathj.api.checker.CheckerState;
import io.mpathj.api.path.PathDevice;
import io.mpathj.api.scsi.ScsiCommand;
import io.mpathj.api.scsi.ScsiResult;
import io.mpathj.api.scsi.ScsiStatus;
import io.mpathj.api.scsi.SenseKey;
import io.mpathj.api.scsi.TransportError;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * What the checkers share: a command's timeout from checker_timeout, unit attentions retried (tur.c's retry_tur; the
 * block layer does the same for directio's reads), and a transport failure's verdict.
 */
final class Verdicts {
    /** Commands sent at most while unit attentions come back. */
    static final int ATTEMPTS = 5;
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

    /** Executes {@code command}, again while it ends in a UNIT ATTENTION, {@link #ATTEMPTS} commands at most. */
    static void execute(PathDevice path, ScsiCommand command, Consumer<ScsiResult> done) {
        execute(path, command, ATTEMPTS, done);
    }

    private static void execute(PathDevice path, ScsiCommand command, int left, Consumer<ScsiResult> done) {
        path.execute(command, r -> {
            if (isUnitAttention(r) && left > 1) {
                execute(path, command, left - 1, done);
            } else {
                done.accept(r);
            }
        });
    }

    private static boolean isUnitAttention(ScsiResult r) {
        return r.status() == ScsiStatus.CHECK_CONDITION
                && r.sense().map(s -> s.key() == SenseKey.UNIT_ATTENTION).orElse(false);
    }
}
