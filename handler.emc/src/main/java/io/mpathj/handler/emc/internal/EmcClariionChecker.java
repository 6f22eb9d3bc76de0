package io.mpathj.handler.emc.internal;

import io.mpathj.api.checker.CheckResult;
import io.mpathj.api.checker.CheckerState;
import io.mpathj.api.checker.PathChecker;
import io.mpathj.api.checker.PathCheckerType;
import io.mpathj.api.path.PathDevice;
import io.mpathj.api.scsi.Cdbs;
import io.mpathj.api.scsi.ScsiCommand;
import io.mpathj.api.scsi.ScsiResult;
import io.mpathj.api.scsi.SenseData;
import io.mpathj.api.scsi.SenseKey;
import io.mpathj.api.scsi.TransportError;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.osgi.annotation.bundle.Capability;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code emc_clariion} path checker (multipath-tools' checkers/emc_clariion.c), one instance per path: VPD page
 * C0h (128 bytes). Down when the INQUIRY fails, the page is in an unknown format, the path is not configured for
 * failover (initiator type 3, failover mode 4 or 6, arraycommpath), the LU is unbound, or its WWN changed since the
 * path's first check; shaky while the LU is not in normal operations (byte 48). A path to the owning SP reads block
 * 0: up when it works, down when not (05/25/01 marks the LU an inactive snapshot); a path to the peer SP is up (not
 * ghost: the array accepts I/O there once the LU is trespassed), unless the LU is an inactive snapshot.
 */
@Component(service = PathCheckerType.class, property = PathCheckerType.NAME_PROPERTY + "=" + EmcClariionChecker.NAME)
@Capability(namespace = PathCheckerType.CAPABILITY_NAMESPACE, name = EmcClariionChecker.NAME)
public final class EmcClariionChecker implements PathCheckerType {
    public static final String NAME = "emc_clariion";
    /** INQUIRY commands sent at most while the transport fails (retry_emc). */
    static final int INQUIRY_ATTEMPTS = 5;
    /** READ commands sent at most while they meet a UNIT ATTENTION (sg_read). */
    static final int READ_ATTEMPTS = 3;
    private static final int READ_BUFFER = 4096;

    /**
     * WWNs (hex) of the LUs whose owning SP answered a read with 05/25/01: multipath-tools keeps this flag per map
     * (its mpcontext), so that the passive paths of an inactive snapshot fail too; one map per LU makes the WWN the
     * same key.
     */
    private final Set<String> inactiveSnapshots = ConcurrentHashMap.newKeySet();

    @Override
    public PathChecker create() {
        return new PerPath();
    }

    static String message(String words) {
        return NAME + " checker: " + words;
    }

    /** One path's checker: remembers the WWN of its first good check. */
    private final class PerPath implements PathChecker {
        private volatile byte[] wwn;

        @Override
        public CompletionStage<CheckResult> check(PathDevice path, Duration timeout) {
            CompletableFuture<CheckResult> result = new CompletableFuture<>();
            inquire(path, timeout, INQUIRY_ATTEMPTS, r -> {
                CheckResult failed = inquiryVerdict(r);
                if (failed != null) {
                    result.complete(failed);
                } else {
                    judge(path, timeout, UnitReport.of(r.data()), result);
                }
            });
            return result;
        }

        private void judge(PathDevice path, Duration timeout, UnitReport page, CompletableFuture<CheckResult> result) {
            if (!page.knownFormat()) {
                result.complete(CheckResult.of(CheckerState.DOWN, message("Path unit report page in unknown format")));
                return;
            }
            if (!page.configuredForFailover()) {
                result.complete(CheckResult.of(CheckerState.DOWN,
                        message("Path not correctly configured for failover")));
                return;
            }
            if (page.notNormal()) {
                result.complete(CheckResult.of(CheckerState.SHAKY,
                        message("Path not available for normal operations")));
                return;
            }
            if (page.lunState() == 0) {
                result.complete(CheckResult.of(CheckerState.DOWN, message("Logical Unit is unbound or LUNZ")));
                return;
            }
            byte[] seen = page.wwn();
            if (wwn == null) {
                wwn = seen;
            } else if (!java.util.Arrays.equals(wwn, seen)) {
                result.complete(CheckResult.of(CheckerState.DOWN, message("Logical Unit WWN has changed")));
                return;
            }
            String lu = HexFormat.of().formatHex(wwn);
            if (page.lunState() != 2) {
                result.complete(inactiveSnapshots.contains(lu)
                        ? CheckResult.of(CheckerState.DOWN, message("Passive path to inactive snapshot WWN " + lu))
                        : CheckResult.of(CheckerState.UP, message("Active path is healthy")));
                return;
            }
            ScsiCommand read = ScsiCommand.dataIn(Cdbs.read10(0, 1), ByteBuffer.allocate(READ_BUFFER))
                    .withTimeoutMillis(UnitReport.millis(timeout));
            readBlockZero(path, read, READ_ATTEMPTS, r -> {
                if (r.isGood()) {
                    inactiveSnapshots.remove(lu);
                    result.complete(CheckResult.of(CheckerState.UP, message("Active path is healthy")));
                    return;
                }
                Optional<SenseData> s = r.isTransportFailure() ? Optional.empty() : r.sense();
                if (s.isPresent() && s.get().is(SenseKey.ILLEGAL_REQUEST, 0x25, 0x01)) {
                    inactiveSnapshots.add(lu);
                    result.complete(CheckResult.of(CheckerState.DOWN,
                            message("Active path to inactive snapshot WWN " + lu)));
                } else {
                    result.complete(CheckResult.of(CheckerState.DOWN, message("Read error: " + r.describe())));
                }
            });
        }
    }

    /** The INQUIRY's answer with its page bytes. */
    private record Inquired(ScsiResult result, byte[] data) {
    }

    /** Sends the INQUIRY, again while the transport fails (not when it timed out), {@code left} commands at most. */
    private static void inquire(PathDevice path, Duration timeout, int left, Consumer<Inquired> done) {
        ScsiCommand inquiry = UnitReport.inquiry(timeout);
        path.execute(inquiry, r -> {
            if (r.isTransportFailure() && r.transportError().orElse(null) != TransportError.TIMEOUT && left > 1) {
                inquire(path, timeout, left - 1, done);
            } else {
                done.accept(new Inquired(r, inquiry.data().array()));
            }
        });
    }

    /** null when the INQUIRY was GOOD, else the verdict (ILLEGAL REQUEST: the device is not supported). */
    private static CheckResult inquiryVerdict(Inquired i) {
        ScsiResult r = i.result();
        if (r.isGood()) {
            return null;
        }
        if (r.transportError().orElse(null) == TransportError.TIMEOUT) {
            return CheckResult.of(CheckerState.TIMEOUT, NAME + " checker timed out");
        }
        Optional<SenseData> s = r.isTransportFailure() ? Optional.empty() : r.sense();
        if (s.isPresent() && s.get().key() == SenseKey.ILLEGAL_REQUEST) {
            // PATH_WILD: multipathd leaves such a path unusable; there is no "wild" state here, so down
            return CheckResult.of(CheckerState.DOWN, NAME + " checker doesn't support this device");
        }
        return CheckResult.of(CheckerState.DOWN, message("query command indicates error (" + r.describe() + ")"));
    }

    private static void readBlockZero(PathDevice path, ScsiCommand read, int left, Consumer<ScsiResult> done) {
        path.execute(read, r -> {
            Optional<SenseData> s = r.isTransportFailure() ? Optional.empty() : r.sense();
            if (left > 1 && s.isPresent() && s.get().key() == SenseKey.UNIT_ATTENTION) {
                readBlockZero(path, read, left - 1, done);
            } else {
                done.accept(r);
            }
        });
    }
}
