package io.mpathj.handler.hp_sw.internal;

import io.mpathj.api.scsi.Cdbs;
import io.mpathj.api.scsi.ScsiCommand;
import io.mpathj.api.scsi.ScsiResult;
import io.mpathj.api.scsi.SenseData;
import io.mpathj.api.scsi.SenseKey;
import java.util.Optional;

/** The commands the handler sends and the sense it reads (scsi_dh_hp_sw). */
final class HpSwCommands {
    /** HP_SW_TIMEOUT: 60 s per command. */
    static final int TIMEOUT_MILLIS = 60_000;
    /** HP_SW_RETRIES: START STOP UNIT is sent at most this often while it meets 02/04/03. */
    static final int RETRIES = 3;
    /** ASC/ASCQ of NOT READY "LUN not ready, initializing command required": the passive controller. */
    static final int ASC_NOT_READY = 0x04;
    static final int ASCQ_INITIALIZING_COMMAND_REQUIRED = 0x02;
    static final int ASCQ_MANUAL_INTERVENTION = 0x03;

    private HpSwCommands() {
    }

    /** TEST UNIT READY, 60 s. */
    static ScsiCommand testUnitReady() {
        return ScsiCommand.noData(Cdbs.testUnitReady()).withTimeoutMillis(TIMEOUT_MILLIS);
    }

    /** START STOP UNIT with START set ({@code 1B 00 00 00 01 00}), 60 s: makes this path's controller active. */
    static ScsiCommand startUnit() {
        return ScsiCommand.noData(Cdbs.startStopUnit(true)).withTimeoutMillis(TIMEOUT_MILLIS);
    }

    /** A checker's or prioritizer's timeout as a command timeout in milliseconds (at least 1). */
    static int millis(java.time.Duration timeout) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    }

    /** Whether a result is NOT READY 04/02: the path leads to the passive controller. */
    static boolean isPassive(ScsiResult r) {
        return is(r, SenseKey.NOT_READY, ASC_NOT_READY, ASCQ_INITIALIZING_COMMAND_REQUIRED);
    }

    /** Whether a result is NOT READY 04/03: a switch-over is in progress. */
    static boolean isSwitchingOver(ScsiResult r) {
        return is(r, SenseKey.NOT_READY, ASC_NOT_READY, ASCQ_MANUAL_INTERVENTION);
    }

    private static boolean is(ScsiResult r, SenseKey key, int asc, int ascq) {
        Optional<SenseData> s = r.isTransportFailure() ? Optional.empty() : r.sense();
        return s.isPresent() && s.get().is(key, asc, ascq);
    }

    /** The kernel's {@code %x/%x/%x} of the sense (e.g. {@code 5/24/0}), for its log lines. */
    static String senseWords(SenseData s) {
        return Integer.toHexString(s.key().code()) + "/" + Integer.toHexString(s.asc()) + "/"
                + Integer.toHexString(s.ascq());
    }
}
