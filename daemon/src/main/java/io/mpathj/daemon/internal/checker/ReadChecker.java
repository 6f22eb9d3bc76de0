package io.mpathj.daemon.internal.checker;

import io.mpathj.api.checker.CheckResult;
import io.mpathj.api.checker.CheckerState;
import io.mpathj.api.checker.PathChecker;
import io.mpathj.api.path.PathDevice;
import io.mpathj.api.scsi.Cdbs;
import io.mpathj.api.scsi.ScsiCommand;
import io.mpathj.api.scsi.ScsiResult;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A checker that reads block 0 through the path (unit attentions retried): up when the read succeeds, down otherwise (timeout when it timed
 * out). The buffer is 4 KiB, enough for any logical block size; a device with smaller blocks reports a residual.
 */
class ReadChecker implements PathChecker {
    private static final int BUFFER = 4096;

    private final String name;
    private final ByteBuffer buffer;

    ReadChecker(String name, boolean direct) {
        this.name = name;
        // directio reads into its own aligned buffer per path; readsector0 into a heap buffer
        this.buffer = direct ? ByteBuffer.allocateDirect(BUFFER) : ByteBuffer.allocate(BUFFER);
    }

    @Override
    public CompletionStage<CheckResult> check(PathDevice path, Duration timeout) {
        CompletableFuture<CheckResult> result = new CompletableFuture<>();
        ByteBuffer b = buffer.duplicate().clear();
        Verdicts.execute(path, ScsiCommand.dataIn(Cdbs.read10(0, 1), b).withTimeoutMillis(Verdicts.millis(timeout)),
                r -> result.complete(verdict(r)));
        return result;
    }

    private CheckResult verdict(ScsiResult r) {
        if (r.isTransportFailure()) {
            return Verdicts.transportFailure(name, r);
        }
        if (r.isGood()) {
            return CheckResult.of(CheckerState.UP, name + " checker reports path is up");
        }
        return CheckResult.of(CheckerState.DOWN, name + " checker reports path is down: " + r.describe());
    }
}
