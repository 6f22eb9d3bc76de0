package io.mpathj.handler.alua.internal;

import io.mpathj.api.path.PathDevice;
import io.mpathj.api.scsi.ScsiCommand;
import io.mpathj.api.scsi.ScsiResult;
import io.mpathj.api.scsi.ScsiStatus;
import io.mpathj.api.scsi.SenseKey;
import io.mpathj.api.scsi.TransportError;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Sends the handler's own commands. A UNIT ATTENTION only reports an event (power on, state changed) and means the
 * command was not executed, so it is sent again at once, up to {@link #UNIT_ATTENTION_RESENDS} times, as the SCSI
 * midlayer's retries do for scsi_dh_alua's commands. Everything else goes back to the caller.
 */
final class Commands {
    /** SD_MAX_RETRIES / ALUA_FAILOVER_RETRIES. */
    static final int UNIT_ATTENTION_RESENDS = 5;

    private Commands() {
    }

    /** Sends {@code command}, resending it on unit attentions; {@code done} gets the last result. */
    static void send(PathDevice device, ScsiCommand command, Consumer<ScsiResult> done) {
        send(device, command, UNIT_ATTENTION_RESENDS, done);
    }

    private static void send(PathDevice device, ScsiCommand command, int resends, Consumer<ScsiResult> done) {
        device.execute(command).whenComplete((result, failure) -> {
            ScsiResult r = result != null ? result
                    : ScsiResult.transportFailure(TransportError.DEVICE_GONE,
                            String.valueOf(failure));
            if (resends > 0 && isUnitAttention(r)) {
                send(device, command, resends - 1, done);
            } else {
                done.accept(r);
            }
        });
    }

    /** {@link #send} for a thread that may wait: the result, or a TIMEOUT transport failure after {@code millis}. */
    static ScsiResult sendAndWait(PathDevice device, ScsiCommand command, long millis) throws InterruptedException {
        CompletableFuture<ScsiResult> f = new CompletableFuture<>();
        send(device, command, f::complete);
        try {
            return f.get(millis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return ScsiResult.transportFailure(TransportError.TIMEOUT,
                    "no answer within " + millis + " ms");
        } catch (ExecutionException e) {
            return ScsiResult.transportFailure(TransportError.DEVICE_GONE,
                    String.valueOf(e.getCause()));
        }
    }

    static boolean isUnitAttention(ScsiResult r) {
        return r.status() == ScsiStatus.CHECK_CONDITION
                && r.sense().map(s -> s.key() == SenseKey.UNIT_ATTENTION).orElse(false);
    }

    /** Bytes a data-in command actually received: its buffer's size less the residual. */
    static int received(ScsiCommand command, ScsiResult result) {
        return Math.max(0, command.dataLength() - result.residual());
    }
}
