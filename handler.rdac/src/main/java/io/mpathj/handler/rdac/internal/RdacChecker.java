package io.mpathj.handler.rdac.internal;

import io.mpathj.api.checker.CheckResult;
import io.mpathj.api.checker.CheckerState;
import io.mpathj.api.checker.PathChecker;
import io.mpathj.api.checker.PathCheckerType;
import io.mpathj.api.path.PathDevice;
import io.mpathj.api.scsi.ScsiCommand;
import io.mpathj.api.scsi.ScsiResult;
import io.mpathj.api.scsi.SenseData;
import io.mpathj.api.scsi.SenseKey;
import io.mpathj.api.scsi.TransportError;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.bundle.Capability;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code rdac} path checker (multipath-tools' checkers/rdac.c): INQUIRY of VPD C9h (48 bytes). The LU not
 * connected (peripheral qualifier 1, or any other qualifier or device type bits): down. With target port group data
 * (TPGDE, C9h byte 8 bit 4): this controller's group unavailable: down; transitioning while the other one is not (the
 * controller is booting): down. The controller owns the LU, or the LU is in I/O shipping mode: up; else ghost.
 * RECOVERED ERROR counts as GOOD; ILLEGAL REQUEST (no such page: not an RDAC LU) and any other failure: down; an
 * aborted command is sent again (5 commands at most), so is a UNIT ATTENTION; a command that timed out: timeout.
 */
@Component(service = PathCheckerType.class, property = PathCheckerType.NAME_PROPERTY + "=" + RdacChecker.NAME)
@Capability(namespace = PathCheckerType.CAPABILITY_NAMESPACE, name = RdacChecker.NAME)
public final class RdacChecker implements PathCheckerType, PathChecker {
    public static final String NAME = "rdac";
    /** sizeof(struct volume_access_inq). */
    static final int LENGTH = 48;
    /** do_inq's retry_rdac: commands sent at most. */
    static final int ATTEMPTS = 5;
    private static final int UNAVAILABLE = 0x3;
    private static final int TRANSITIONING = 0xF;
    private static final String DOWN = "rdac checker reports path is down";

    /** The checker keeps nothing per path: one instance serves every path. */
    @Override
    public PathChecker create() {
        return this;
    }

    @Override
    public CompletionStage<CheckResult> check(PathDevice path, Duration timeout) {
        int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        CompletableFuture<CheckResult> result = new CompletableFuture<>();
        inquire(path, millis, ATTEMPTS, result);
        return result;
    }

    private static void inquire(PathDevice path, int millis, int left, CompletableFuture<CheckResult> result) {
        ScsiCommand inquiry = RdacPages.inquiry(RdacPages.VOLUME_ACCESS, LENGTH).withTimeoutMillis(millis);
        path.execute(inquiry, r -> {
            if (left > 1 && retried(r)) {
                inquire(path, millis, left - 1, result);
            } else {
                result.complete(verdict(r, r.isGood() || recovered(r) ? RdacPages.received(inquiry, r) : null));
            }
        });
    }

    /** An aborted command (do_inq's DID_ERROR and kin) or a UNIT ATTENTION. */
    private static boolean retried(ScsiResult r) {
        if (r.isTransportFailure()) {
            return r.transportError().orElse(null) == TransportError.ABORTED;
        }
        return r.sense().map(s -> s.key() == SenseKey.UNIT_ATTENTION).orElse(false);
    }

    private static boolean recovered(ScsiResult r) {
        return !r.isTransportFailure() && r.sense().map(s -> s.key() == SenseKey.RECOVERED_ERROR).orElse(false);
    }

    /** The verdict on an answer and, when it carried the page, on the page. */
    static CheckResult verdict(ScsiResult r, byte[] page) {
        if (page == null) {
            if (r.transportError().orElse(null) == TransportError.TIMEOUT) {
                return CheckResult.of(CheckerState.TIMEOUT, "rdac checker timed out");
            }
            Optional<SenseData> sense = r.isTransportFailure() ? Optional.empty() : r.sense();
            if (sense.isPresent() && sense.get().key() == SenseKey.ILLEGAL_REQUEST) {
                return CheckResult.of(CheckerState.DOWN, "rdac checker doesn't support this device");
            }
            return CheckResult.of(CheckerState.DOWN, DOWN + ": inquiry failed (" + r.describe() + ")");
        }
        int peripheral = RdacPages.at(page, 0);
        if ((peripheral & 0xE0) == 0x20 || (peripheral & 0x7F) != 0) {
            return CheckResult.of(CheckerState.DOWN, DOWN + ": lun not connected");
        }
        RdacPages.VolumeAccess access = RdacPages.VolumeAccess.parse(page);
        if ((access.avtCvp() & RdacPages.VolumeAccess.TPG_DATA_VALID) != 0) {
            if (access.groupState() == UNAVAILABLE) {
                return CheckResult.of(CheckerState.DOWN, DOWN + ": " + unavailable(access.groupReason()));
            }
            if (access.groupState() == TRANSITIONING && access.alternateState() != TRANSITIONING) {
                return CheckResult.of(CheckerState.DOWN, DOWN + ": ctlr is in startup sequence");
            }
        }
        if (access.owned() || access.mode() == RdacPages.Mode.IOSHIP) {
            return CheckResult.of(CheckerState.UP, "rdac checker reports path is up");
        }
        return CheckResult.of(CheckerState.GHOST, "rdac checker reports path is ghost");
    }

    /** checker_msg_string's reasons for an unavailable target port group (C9h byte 11). */
    static String unavailable(int reason) {
        return switch (reason) {
            case 0x2 -> "non-responsive to queries";
            case 0x3 -> "ctlr held in reset";
            case 0x4, 0x5 -> "ctlr firmware downloading";
            case 0x6 -> "ctlr quiesced by admin request";
            case 0x7 -> "ctlr is in service mode";
            default -> "ctlr is unavailable";
        };
    }
}
