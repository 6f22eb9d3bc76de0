package io.mpathj.transport.iscsi.internal.login;

import io.mpathj.transport.iscsi.internal.pdu.Pdu;

/** What to do after a Login Response: send another request, or the login is over one way or the other. */
public sealed interface LoginStep {
    /** Send this Login Request next. */
    record Send(Pdu request) implements LoginStep {
    }

    /** Full feature phase reached (§6.3): the session's numbers and parameters. */
    record Done(SessionParameters parameters, int tsih, int expStatSn, int expCmdSn, int maxCmdSn)
            implements LoginStep {
    }

    /**
     * The login failed. {@code retryable} for status class 3 (target error, §11.13.5) and redirection; authentication
     * and other initiator errors (class 2) are not worth retrying with the same settings.
     */
    record Failed(String reason, boolean retryable) implements LoginStep {
    }
}
