package io.mpathj.handler.rdac.internal;

import io.mpathj.api.handler.ErrorFlag;
import io.mpathj.api.handler.PathError;
import io.mpathj.api.handler.ScsiErrorRules;
import io.mpathj.api.path.PathDevice;
import io.mpathj.api.scsi.ScsiCommand;
import io.mpathj.api.scsi.ScsiResult;
import io.mpathj.api.scsi.SenseData;
import io.mpathj.api.scsi.SenseKey;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;

/**
 * The sense data the handler acts on: rdac_check_sense for I/O, and what its own commands are sent again for
 * (send_mode_select's failure table, plus the conditions rdac_check_sense has the midlayer requeue).
 */
final class RdacSense {
    /** RDAC_RETRY_COUNT: how often a handler command that met a transient condition is sent again. */
    static final int RETRIES = 5;

    private RdacSense() {
    }

    /**
     * The conditions rdac_check_sense answers with ADD_TO_MLQUEUE (the I/O is retried on the same path): 02/04/01
     * becoming ready, 02/04/A1 and 02/A1/02 quiescence in progress, 06/29/00 power on or reset, 06/8B/02 quiescence
     * in progress.
     */
    static boolean requeued(SenseData s) {
        return s.is(SenseKey.NOT_READY, 0x04, 0x01) || s.is(SenseKey.NOT_READY, 0x04, 0xA1)
                || s.is(SenseKey.NOT_READY, 0xA1, 0x02) || s.is(SenseKey.UNIT_ATTENTION, 0x29, 0x00)
                || s.is(SenseKey.UNIT_ATTENTION, 0x8B, 0x02);
    }

    /** 05/91/36: another MODE SELECT holds the controller's command lock; sent again without a count limit. */
    static boolean commandLockContention(SenseData s) {
        return s.is(SenseKey.ILLEGAL_REQUEST, 0x91, 0x36);
    }

    /**
     * A handler command's transient condition, sent again up to {@link #RETRIES} times: NO SENSE, ABORTED COMMAND,
     * any UNIT ATTENTION, 02/04/01 (send_mode_select's failure table) and the quiescence conditions of
     * {@link #requeued}.
     */
    static boolean transientCondition(SenseData s) {
        return s.key() == SenseKey.NO_SENSE || s.key() == SenseKey.ABORTED_COMMAND
                || s.key() == SenseKey.UNIT_ATTENTION || requeued(s);
    }

    /**
     * rdac_check_sense for a failed I/O: the requeued conditions are retried on the path; 02/04/81 (firmware
     * incompatible, manual code synchronisation required) and 05/94/01 (this controller does not own the LU) fail
     * the path, so that the map goes on with the others; anything else gets the generic verdict.
     */
    static Set<ErrorFlag> classify(PathError error) {
        Optional<SenseData> sense = error.sense();
        if (!error.result().isTransportFailure() && sense.isPresent()) {
            SenseData s = sense.get();
            if (requeued(s)) {
                return ScsiErrorRules.RETRY;
            }
            if (s.is(SenseKey.NOT_READY, 0x04, 0x81) || notOwner(s)) {
                return ScsiErrorRules.FAIL_PATH;
            }
        }
        return ScsiErrorRules.classify(error.result(), error.attempt());
    }

    /** 05/94/01: the controller is not the LU's current owner. */
    static boolean notOwner(SenseData s) {
        return s.is(SenseKey.ILLEGAL_REQUEST, 0x94, 0x01);
    }

    /**
     * Sends {@code command} on {@code device}, again (the same buffer) while it ends in a transient condition and
     * retries are left, and, when {@code lockContentionUnlimited}, while it ends in 05/91/36 — until
     * {@code stopped} says the handler is gone. The stage completes with the last result.
     */
    static CompletionStage<ScsiResult> send(PathDevice device, ScsiCommand command, boolean lockContentionUnlimited,
            BooleanSupplier stopped) {
        CompletableFuture<ScsiResult> done = new CompletableFuture<>();
        send(device, command, lockContentionUnlimited, stopped, RETRIES, done);
        return done;
    }

    private static void send(PathDevice device, ScsiCommand command, boolean lockContentionUnlimited,
            BooleanSupplier stopped, int retriesLeft, CompletableFuture<ScsiResult> done) {
        device.execute(command).whenComplete((r, failure) -> {
            if (failure != null) {
                done.completeExceptionally(failure);
                return;
            }
            Optional<SenseData> sense = r.isTransportFailure() ? Optional.empty() : r.sense();
            if (sense.isPresent() && !stopped.getAsBoolean()) {
                if (lockContentionUnlimited && commandLockContention(sense.get())) {
                    send(device, command, true, stopped, retriesLeft, done);
                    return;
                }
                if (retriesLeft > 0 && transientCondition(sense.get())) {
                    send(device, command, lockContentionUnlimited, stopped, retriesLeft - 1, done);
                    return;
                }
            }
            done.complete(r);
        });
    }
}
