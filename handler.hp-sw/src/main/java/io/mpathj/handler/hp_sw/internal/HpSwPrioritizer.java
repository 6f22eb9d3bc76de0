package io.mpathj.handler.hp_sw.internal;

import io.mpathj.api.path.PathDevice;
import io.mpathj.api.prio.Prioritizer;
import io.mpathj.api.prio.PrioritizerType;
import io.mpathj.api.scsi.Cdbs;
import io.mpathj.api.scsi.ScsiCommand;
import io.mpathj.api.scsi.ScsiResult;
import io.mpathj.api.scsi.SenseData;
import io.mpathj.api.scsi.SenseKey;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.bundle.Capability;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code hp_sw} prioritizer (multipath-tools' prioritizers/hp_sw.c): TEST UNIT READY. GOOD (or RECOVERED ERROR):
 * active, 4; NOT READY 04/02: standby, 2; anything else, or no answer: failed, 0. A power-on or reset unit
 * attention (06/29/xx) is asked again. {@code prio_args} are ignored, as multipath-tools ignores them.
 */
@Component(service = PrioritizerType.class, property = PrioritizerType.NAME_PROPERTY + "=" + HpSwPrioritizer.NAME)
@Capability(namespace = PrioritizerType.CAPABILITY_NAMESPACE, name = HpSwPrioritizer.NAME)
public final class HpSwPrioritizer implements PrioritizerType, Prioritizer {
    public static final String NAME = "hp_sw";
    static final int ACTIVE = 4;
    static final int STANDBY = 2;
    static final int FAILED = 0;
    /**
     * TEST UNIT READY commands sent at most while they meet 06/29/xx. hp_sw.c asks again without limit; a unit
     * attention is reported once per condition, and a device that answers one forever must not spin here.
     */
    static final int ATTEMPTS = 5;
    private static final int ASC_POWER_ON_RESET = 0x29;

    @Override
    public Prioritizer create(String args) {
        return this;
    }

    @Override
    public CompletionStage<Integer> priority(PathDevice path, Duration timeout) {
        int millis = HpSwCommands.millis(timeout);
        CompletableFuture<Integer> result = new CompletableFuture<>();
        ask(path, ScsiCommand.noData(Cdbs.testUnitReady()).withTimeoutMillis(millis), ATTEMPTS, result);
        return result;
    }

    private static void ask(PathDevice path, ScsiCommand tur, int attemptsLeft, CompletableFuture<Integer> result) {
        path.execute(tur, r -> {
            if (attemptsLeft > 1 && isPowerOnOrReset(r)) {
                ask(path, tur, attemptsLeft - 1, result);
            } else {
                result.complete(priority(r));
            }
        });
    }

    /** hp_sw_prio's verdict on one answer. */
    static int priority(ScsiResult r) {
        if (r.isGood()) {
            return ACTIVE;
        }
        Optional<SenseData> sense = r.isTransportFailure() ? Optional.empty() : r.sense();
        if (sense.isEmpty()) {
            return FAILED;
        }
        SenseData s = sense.get();
        if (s.key() == SenseKey.RECOVERED_ERROR) {
            return ACTIVE;
        }
        if (s.is(SenseKey.NOT_READY, HpSwCommands.ASC_NOT_READY, HpSwCommands.ASCQ_INITIALIZING_COMMAND_REQUIRED)) {
            return STANDBY;
        }
        return FAILED;
    }

    private static boolean isPowerOnOrReset(ScsiResult r) {
        Optional<SenseData> s = r.isTransportFailure() ? Optional.empty() : r.sense();
        return s.isPresent() && s.get().key() == SenseKey.UNIT_ATTENTION && s.get().asc() == ASC_POWER_ON_RESET;
    }
}
