package io.mpathj.transport.iscsi.internal.session;

/**
 * The session's command numbering (RFC 7143 §4.2.2.1): the next CmdSN, the target's ExpCmdSN/MaxCmdSN window, and
 * ExpStatSN (§4.2.2.2). A non-immediate command may be sent only while its CmdSN is within the window; immediate
 * PDUs carry the current CmdSN without advancing it. Used on the I/O thread only.
 */
final class CommandWindow {
    private int cmdSn;
    private int expCmdSn;
    private int maxCmdSn;
    private int expStatSn;

    /** A window after login: the next CmdSN is the one the login carried, the target's last reply set the rest. */
    CommandWindow(int cmdSn, int expCmdSn, int maxCmdSn, int expStatSn) {
        this.cmdSn = cmdSn;
        this.expCmdSn = expCmdSn;
        this.maxCmdSn = maxCmdSn;
        this.expStatSn = expStatSn;
    }

    /** Whether a non-immediate command may be numbered now: CmdSN &lt;= MaxCmdSN. */
    boolean isOpen() {
        return SerialNumbers.lessOrEqual(cmdSn, maxCmdSn);
    }

    /** The CmdSN for a non-immediate command, advancing the counter. Only while {@link #isOpen()}. */
    int nextForCommand() {
        if (!isOpen()) {
            throw new IllegalStateException("CmdSN window closed: CmdSN " + cmdSn + " MaxCmdSN " + maxCmdSn);
        }
        return cmdSn++;
    }

    /** The CmdSN an immediate PDU carries: the current one, not advanced. */
    int forImmediate() {
        return cmdSn;
    }

    /** The CmdSN the next non-immediate command gets. */
    int cmdSn() {
        return cmdSn;
    }

    int expStatSn() {
        return expStatSn;
    }

    int expCmdSn() {
        return expCmdSn;
    }

    int maxCmdSn() {
        return maxCmdSn;
    }

    /**
     * Takes ExpCmdSN/MaxCmdSN from a target PDU. §4.2.2.1: a MaxCmdSN below ExpCmdSN - 1 is invalid and ignored;
     * values older than the ones held (PDUs may pass each other on multi-connection sessions) are ignored too.
     */
    void updateWindow(int newExpCmdSn, int newMaxCmdSn) {
        if (SerialNumbers.lessThan(newMaxCmdSn, newExpCmdSn - 1)) {
            return;
        }
        if (SerialNumbers.lessThan(expCmdSn, newExpCmdSn)) {
            expCmdSn = newExpCmdSn;
        }
        if (SerialNumbers.lessThan(maxCmdSn, newMaxCmdSn)) {
            maxCmdSn = newMaxCmdSn;
        }
    }

    /** Acknowledges a StatSN: ExpStatSN becomes StatSN + 1 unless it is already past it. */
    void acknowledgeStatus(int statSn) {
        if (SerialNumbers.lessOrEqual(expStatSn, statSn)) {
            expStatSn = statSn + 1;
        }
    }
}
