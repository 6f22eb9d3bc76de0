package io.mpathj.handler.hp_sw.internal;

import io.mpathj.api.handler.PgInitResult;
import io.mpathj.api.path.PathDevice;
import io.mpathj.api.scsi.ScsiResult;
import io.mpathj.api.scsi.SenseData;
import io.mpathj.api.scsi.SenseKey;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * scsi_dh_hp_sw's two steps as chains of completions: {@code hp_sw_tur} (is this path active or passive?) and
 * {@code hp_sw_start_stop} (make it active). Each step runs on the thread that completed the previous command;
 * nothing blocks.
 */
final class Activation {
    /**
     * TEST UNIT READY commands sent at most while they meet a UNIT ATTENTION. The kernel sends it again without
     * limit (a unit attention is reported once per condition); a device that answers one forever must not spin here.
     */
    static final int TUR_ATTEMPTS = 5;
    private static final Logger LOG = LoggerFactory.getLogger(Activation.class);

    private final PathDevice device;
    private final String name;

    Activation(PathDevice device, String name) {
        this.device = device;
        this.name = name;
    }

    /**
     * What TEST UNIT READY says (hp_sw_tur with tur_done): GOOD: active; 02/04/02: passive; a UNIT ATTENTION: asked
     * again; any other sense, or no sense: {@code IO} with the kernel's words; unit attentions that do not stop:
     * {@code IMM_RETRY}.
     */
    CompletionStage<Tur> testUnitReady() {
        return testUnitReady(TUR_ATTEMPTS);
    }

    private CompletionStage<Tur> testUnitReady(int attemptsLeft) {
        return device.execute(HpSwCommands.testUnitReady()).thenCompose(r -> {
            if (r.isGood()) {
                return done(new Tur(PgInitResult.OK, PathState.ACTIVE, null, r));
            }
            Optional<SenseData> sense = r.isTransportFailure() ? Optional.empty() : r.sense();
            if (sense.isEmpty()) {
                return done(new Tur(PgInitResult.IO, PathState.UNKNOWN, "sending tur failed with " + r.describe(), r));
            }
            SenseData s = sense.get();
            if (s.key() == SenseKey.UNIT_ATTENTION) {
                if (attemptsLeft > 1) {
                    return testUnitReady(attemptsLeft - 1);
                }
                return done(new Tur(PgInitResult.IMM_RETRY, PathState.UNKNOWN,
                        "sending tur failed, unit attention " + HpSwCommands.senseWords(s) + " after "
                                + TUR_ATTEMPTS + " tries", r));
            }
            if (HpSwCommands.isPassive(r)) {
                return done(new Tur(PgInitResult.OK, PathState.PASSIVE, null, r));
            }
            return done(new Tur(PgInitResult.IO, PathState.UNKNOWN,
                    "sending tur failed, sense " + HpSwCommands.senseWords(s), r));
        });
    }

    /**
     * START STOP UNIT (start): GOOD: {@code OK}; 02/04/03 (switch-over in progress): sent again, {@value
     * HpSwCommands#RETRIES} commands in all, then {@code RETRY} (the map retries the activation within its
     * pg_init_retries); any other sense, or none: {@code IO}.
     */
    CompletionStage<PgInitResult> startUnit() {
        return startUnit(HpSwCommands.RETRIES);
    }

    private CompletionStage<PgInitResult> startUnit(int attemptsLeft) {
        return device.execute(HpSwCommands.startUnit()).thenCompose(r -> {
            if (r.isGood()) {
                return done(PgInitResult.OK);
            }
            Optional<SenseData> sense = r.isTransportFailure() ? Optional.empty() : r.sense();
            if (sense.isEmpty()) {
                LOG.warn("{}: hp_sw: sending start_stop_unit failed, no sense available ({})", name, r.describe());
                return done(PgInitResult.IO);
            }
            if (HpSwCommands.isSwitchingOver(r)) {
                if (attemptsLeft > 1) {
                    return startUnit(attemptsLeft - 1);
                }
                LOG.warn("{}: hp_sw: start_stop_unit: switch-over still in progress after {} tries", name,
                        HpSwCommands.RETRIES);
                return done(PgInitResult.RETRY);
            }
            LOG.warn("{}: hp_sw: sending start_stop_unit failed, sense {}", name,
                    HpSwCommands.senseWords(sense.get()));
            return done(PgInitResult.IO);
        });
    }

    private static <T> CompletionStage<T> done(T value) {
        return CompletableFuture.completedStage(value);
    }

    /**
     * One TEST UNIT READY verdict.
     *
     * @param result OK when the state is known
     * @param state active, passive, or unknown when the result is not OK
     * @param problem the kernel's words for a failure, null on OK
     * @param answer the last answer
     */
    record Tur(PgInitResult result, PathState state, String problem, ScsiResult answer) {
    }
}
