package io.mpathj.transport.iscsi;

import io.mpathj.api.path.PathDevice;
import java.util.concurrent.CompletionStage;

/**
 * A path over iSCSI: one LUN behind one portal's session. Besides executing commands it can wait for its session,
 * probe it, and reset its logical unit. Every stage completes normally; waits are bounded by {@link IscsiConfig}
 * except {@link #whenOnline()}, which callers bound themselves.
 */
public interface IscsiPath extends PathDevice {
    IscsiPathName pathName();

    /** Completes when the session is next logged in; fails if the transport closes first. */
    CompletionStage<Void> whenOnline();

    /** A NOP-Out/NOP-In round trip (RFC 7143 §11.18): true when the target answered within the NOP timeout. */
    CompletionStage<Boolean> ping();

    /**
     * LOGICAL UNIT RESET (RFC 7143 §11.5.1): the task management response code (0 = function complete), -1 when the
     * session is down or the target did not answer in time.
     */
    CompletionStage<Integer> resetLogicalUnit();
}
