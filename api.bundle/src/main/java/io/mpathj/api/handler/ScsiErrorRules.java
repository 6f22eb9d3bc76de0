package io.mpathj.api.handler;

import io.mpathj.api.scsi.ScsiResult;
import io.mpathj.api.scsi.ScsiStatus;
import io.mpathj.api.scsi.SenseData;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The generic verdict on a failed SCSI command, as the modern kernel reaches it across its layers
 * ({@code scsi_check_sense}, {@code scsi_io_completion_action}, {@code blk_path_error}): device-level errors complete
 * the I/O and keep the path, path-level errors fail the path and retry elsewhere, transient conditions are retried a
 * bounded number of times. A map without a handler uses these rules; handlers fall back to them for what they do
 * not claim.
 *
 * <p>NO SENSE and RECOVERED ERROR are not errors: a map completes such I/O successfully and never asks.
 */
public final class ScsiErrorRules {
    /** Retries of a transient condition before it counts as a path failure (the sd driver's SD_MAX_RETRIES). */
    public static final int MAX_RETRIES = 5;

    public static final Set<ErrorFlag> RETRY = Collections.unmodifiableSet(EnumSet.noneOf(ErrorFlag.class));
    public static final Set<ErrorFlag> FAIL_PATH = Collections.unmodifiableSet(EnumSet.of(ErrorFlag.FAIL_PATH));
    public static final Set<ErrorFlag> ERROR_IO = Collections.unmodifiableSet(EnumSet.of(ErrorFlag.ERROR_IO));

    /** ASCQs of NOT READY / LOGICAL UNIT NOT READY (04/xx) that mean "in progress, try again" (scsi_lib.c). */
    private static final int[] NOT_READY_IN_PROGRESS = {0x01, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x11, 0x14, 0x1A,
        0x1B, 0x1D};
    /** ILLEGAL REQUEST ASCs that scsi_check_sense calls a target failure (not a path error). */
    private static final int[] ILLEGAL_REQUEST_TARGET = {0x20, 0x21, 0x22, 0x24, 0x26, 0x27};
    /** MEDIUM ERROR ASCs that are unrecoverable read/write errors of the medium. */
    private static final int[] MEDIUM_UNRECOVERED = {0x11, 0x13, 0x14};
    /** ASC of protection information (DIF) errors. */
    private static final int ASC_PROTECTION = 0x10;
    /** NOT READY 04/0A: asymmetric access state transition. */
    private static final int ASCQ_ALUA_TRANSITION = 0x0A;

    private ScsiErrorRules() {
    }

    /**
     * The verdict for a command that did not end GOOD.
     *
     * @param attempt 1 for the first try of the I/O; transient conditions are retried while {@code attempt <=}
     *     {@link #MAX_RETRIES}, then fail the path
     */
    public static Set<ErrorFlag> classify(ScsiResult result, int attempt) {
        if (result.isTransportFailure()) {
            return FAIL_PATH;
        }
        boolean retriesLeft = attempt <= MAX_RETRIES;
        switch (result.status()) {
            case ScsiStatus.GOOD:
            case ScsiStatus.CONDITION_MET:
                return RETRY;
            case ScsiStatus.BUSY:
            case ScsiStatus.TASK_SET_FULL:
            case ScsiStatus.TASK_ABORTED:
                return retriesLeft ? RETRY : FAIL_PATH;
            case ScsiStatus.RESERVATION_CONFLICT:
                return ERROR_IO;
            case ScsiStatus.CHECK_CONDITION:
                Optional<SenseData> sense = result.sense();
                return sense.isPresent() ? classifySense(sense.get(), retriesLeft) : FAIL_PATH;
            default:
                return FAIL_PATH;
        }
    }

    private static Set<ErrorFlag> classifySense(SenseData s, boolean retriesLeft) {
        switch (s.key()) {
            case NO_SENSE:
            case RECOVERED_ERROR:
                return RETRY;
            case NOT_READY:
                if (s.asc() == 0x04 && s.ascq() == ASCQ_ALUA_TRANSITION) {
                    return RETRY; // never fail a path for a transition; the map bounds the wait
                }
                return s.asc() == 0x04 && contains(NOT_READY_IN_PROGRESS, s.ascq()) && retriesLeft ? RETRY : FAIL_PATH;
            case MEDIUM_ERROR:
                if (contains(MEDIUM_UNRECOVERED, s.asc())) {
                    return ERROR_IO;
                }
                return retriesLeft ? RETRY : FAIL_PATH;
            case HARDWARE_ERROR:
                return ERROR_IO;
            case ILLEGAL_REQUEST:
                return contains(ILLEGAL_REQUEST_TARGET, s.asc()) || s.asc() == ASC_PROTECTION ? ERROR_IO : FAIL_PATH;
            case UNIT_ATTENTION:
                return retriesLeft ? RETRY : FAIL_PATH;
            case DATA_PROTECT:
            case BLANK_CHECK:
            case COPY_ABORTED:
            case VOLUME_OVERFLOW:
            case MISCOMPARE:
                return ERROR_IO;
            case ABORTED_COMMAND:
                if (s.asc() == ASC_PROTECTION) {
                    return ERROR_IO;
                }
                return retriesLeft ? RETRY : FAIL_PATH;
            default: // VENDOR SPECIFIC, obsolete 0C, reserved 0F
                return FAIL_PATH;
        }
    }

    private static boolean contains(int[] values, int v) {
        for (int x : values) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }
}
