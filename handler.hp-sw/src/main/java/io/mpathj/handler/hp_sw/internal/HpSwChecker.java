package io.mpathj.handler.hp_sw.internal;

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
import io.mpathj.api.scsi.TransportError;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.bundle.Capability;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code hp_sw} path checker (multipath-tools' checkers/hp_sw.c): INQUIRY of the unit serial number page (VPD
 * 80h); when it fails the path is down (ILLEGAL REQUEST: the device does not support the check; RECOVERED ERROR
 * counts as success). Then TEST UNIT READY: success is up, any failure ghost: the standby controller answers the
 * INQUIRY but not the TEST UNIT READY.
 */
@Component(service = PathCheckerType.class, property = PathCheckerType.NAME_PROPERTY + "=" + HpSwChecker.NAME)
@Capability(namespace = PathCheckerType.CAPABILITY_NAMESPACE, name = HpSwChecker.NAME)
public final class HpSwChecker implements PathCheckerType, PathChecker {
    public static final String NAME = "hp_sw";
    static final int SERIAL_NUMBER_PAGE = 0x80;
    /** MX_ALLOC_LEN. */
    static final int ALLOCATION_LENGTH = 255;
    /** SAM's COMMAND TERMINATED status, which hp_sw.c reads like CHECK CONDITION. */
    private static final int COMMAND_TERMINATED = 0x22;

    /** The checker keeps nothing per path: one instance serves every path. */
    @Override
    public PathChecker create() {
        return this;
    }

    @Override
    public CompletionStage<CheckResult> check(PathDevice path, Duration timeout) {
        int millis = HpSwCommands.millis(timeout);
        CompletableFuture<CheckResult> result = new CompletableFuture<>();
        ScsiCommand inquiry = ScsiCommand.dataIn(Cdbs.inquiryVpd(SERIAL_NUMBER_PAGE, ALLOCATION_LENGTH),
                ByteBuffer.allocate(ALLOCATION_LENGTH)).withTimeoutMillis(millis);
        path.execute(inquiry, r -> {
            CheckResult failed = inquiryVerdict(r);
            if (failed != null) {
                result.complete(failed);
                return;
            }
            path.execute(ScsiCommand.noData(Cdbs.testUnitReady()).withTimeoutMillis(millis),
                    tur -> result.complete(turVerdict(tur)));
        });
        return result;
    }

    /** do_inq: null when the INQUIRY worked (GOOD or RECOVERED ERROR), else the verdict. */
    static CheckResult inquiryVerdict(ScsiResult r) {
        if (r.isTransportFailure()) {
            return r.transportError().orElse(null) == TransportError.TIMEOUT
                    ? CheckResult.of(CheckerState.TIMEOUT, NAME + " checker timed out")
                    : down(r);
        }
        if (r.isGood()) {
            return null;
        }
        Optional<SenseData> sense = r.sense();
        if ((r.status() == ScsiStatus.CHECK_CONDITION || r.status() == COMMAND_TERMINATED) && sense.isPresent()) {
            if (sense.get().key() == SenseKey.RECOVERED_ERROR) {
                return null;
            }
            if (sense.get().key() == SenseKey.ILLEGAL_REQUEST) {
                // PATH_WILD: multipathd leaves such a path unusable; there is no "wild" state here, so down
                return CheckResult.of(CheckerState.DOWN, NAME + " checker doesn't support this device");
            }
        }
        return down(r);
    }

    /** do_tur: GOOD is up; anything else, a transport failure included, is ghost. */
    static CheckResult turVerdict(ScsiResult r) {
        if (r.isGood()) {
            return CheckResult.of(CheckerState.UP, NAME + " checker reports path is up");
        }
        return CheckResult.of(CheckerState.GHOST, NAME + " checker reports path is ghost");
    }

    private static CheckResult down(ScsiResult r) {
        return CheckResult.of(CheckerState.DOWN, NAME + " checker reports path is down: " + r.describe());
    }
}
