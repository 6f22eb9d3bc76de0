package io.mpathj.transport.iscsi.internal;

import io.mpathj.api.scsi.ScsiCommand;
import io.mpathj.api.scsi.ScsiResult;
import io.mpathj.api.scsi.ScsiStatus;
import io.mpathj.api.scsi.SenseKey;
import io.mpathj.transport.iscsi.IscsiPath;
import io.mpathj.transport.iscsi.IscsiPathName;
import io.mpathj.transport.iscsi.internal.pdu.Lun;
import io.mpathj.transport.iscsi.internal.session.Session;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** One LUN on one session. Sessions are shared by the LUNs of one portal and target. */
public final class IscsiPathDevice implements IscsiPath {
    /** ASC 0x29: POWER ON, RESET, OR BUS DEVICE RESET OCCURRED and its qualifiers (SPC-4 table D.1). */
    private static final int ASC_RESET_OCCURRED = 0x29;
    /** As many as the kernel's scsi_eh allows a command (SD_MAX_RETRIES). */
    private static final int MAX_RESET_RETRIES = 5;

    private final IscsiPathName name;
    private final String text;
    private final Session session;
    private final long lunField;
    private final boolean retryResetUnitAttention;

    public IscsiPathDevice(IscsiPathName name, Session session, boolean retryResetUnitAttention) {
        this.name = name;
        this.text = name.toString();
        this.session = session;
        this.lunField = Lun.encode(name.lun());
        this.retryResetUnitAttention = retryResetUnitAttention;
    }

    @Override
    public String name() {
        return text;
    }

    @Override
    public IscsiPathName pathName() {
        return name;
    }

    /** The session this path's LUN rides on (shared with the other LUNs of the same portal and target). */
    public Session session() {
        return session;
    }

    @Override
    public boolean isOnline() {
        return session.isOnline();
    }

    @Override
    public CompletionStage<ScsiResult> execute(ScsiCommand command) {
        return executeRetryingResets(command, retryResetUnitAttention ? MAX_RESET_RETRIES : 0);
    }

    /** Reset UAs queue up (power on, then a LU reset, then an I_T nexus loss): each costs one retry. */
    private CompletionStage<ScsiResult> executeRetryingResets(ScsiCommand command, int retriesLeft) {
        CompletionStage<ScsiResult> attempt = session.execute(lunField, command);
        if (retriesLeft == 0) {
            return attempt;
        }
        return attempt.thenCompose(result -> isResetUnitAttention(result)
                ? executeRetryingResets(command, retriesLeft - 1)
                : CompletableFuture.completedFuture(result));
    }

    /** A UA that only reports a reset: the command itself was not executed, so it is safe to send again. */
    static boolean isResetUnitAttention(ScsiResult result) {
        return result.status() == ScsiStatus.CHECK_CONDITION && result.sense()
                .map(s -> s.key() == SenseKey.UNIT_ATTENTION && s.asc() == ASC_RESET_OCCURRED).orElse(false);
    }

    @Override
    public CompletionStage<Void> whenOnline() {
        return session.whenOnline();
    }

    @Override
    public CompletionStage<Boolean> ping() {
        return session.ping();
    }

    @Override
    public CompletionStage<Integer> resetLogicalUnit() {
        return session.resetLogicalUnit(lunField);
    }

    @Override
    public String toString() {
        return text + (isOnline() ? " (online)" : " (offline)");
    }
}
