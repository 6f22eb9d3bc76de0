package io.mpathj.api.path;

import io.mpathj.api.scsi.ScsiCommand;
import io.mpathj.api.scsi.ScsiResult;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * One path to a logical unit: an I_T_L nexus that executes SCSI commands. Transports implement it (the simulated
 * array, iSCSI); maps, handlers and selectors use it.
 *
 * <p>{@link #execute} never throws for a command it accepts and never completes exceptionally: every outcome,
 * including a lost connection, is a {@link ScsiResult}. A path that cannot reach its target completes commands with
 * a transport failure; it does not hang them past their timeout.
 */
@ConsumerType
public interface PathDevice {
    /** The path's name as it appears in tables, e.g. {@code sim:array1/A0/0} or {@code iscsi:127.0.0.1:3260/iqn…/1}. */
    String name();

    /** Whether the transport currently believes the path can carry commands (multipathd's "running"/"offline"). */
    boolean isOnline();

    /**
     * The hardware handler the transport attached to this device when it found it, as Linux's SCSI layer does at
     * probe (scsi_dh: {@code alua} for every device that reports TPGS in its standard INQUIRY, {@code emc},
     * {@code rdac}, {@code hp_sw} by vendor and product), or empty. A map's table cannot replace an attached
     * handler: a table naming another one, or none with {@code retain_attached_hw_handler}, gets this one, as the
     * kernel's scsi_dh_attach answers -EBUSY and dm-mpath retains what is attached.
     */
    default java.util.Optional<String> attachedHandler() {
        return java.util.Optional.empty();
    }

    /** Executes a command; the stage completes once, on a transport thread, with the result. */
    CompletionStage<ScsiResult> execute(ScsiCommand command);

    /**
     * Executes a command and hands its result to {@code completion}, once. This default adapts
     * {@link #execute(ScsiCommand)}; a transport that can complete without a stage overrides it, so that a map's
     * fast path allocates nothing. A stage that broke the contract by completing exceptionally goes to
     * {@link PathCompletion#completedExceptionally}.
     */
    default void execute(ScsiCommand command, PathCompletion completion) {
        execute(command).whenComplete((result, failure) -> {
            if (failure == null) {
                completion.completed(result);
            } else {
                completion.completedExceptionally(failure);
            }
        });
    }
}
