package io.mpathj.handler.emc.internal;

import java.util.List;

/**
 * The handler's two parameters.
 *
 * @param shortTrespass the short page 22h by MODE SELECT(6) (FC series) instead of the long one by MODE SELECT(10)
 *     (CX/AX, the default)
 * @param honorReservations let the array refuse the trespass while the peer SP holds a SCSI reservation; by default
 *     the page's 80h bit tells it to ignore reservations
 */
record EmcSettings(boolean shortTrespass, boolean honorReservations) {
    static final EmcSettings DEFAULTS = new EmcSettings(false, false);

    /** The TABLE words after {@code emc}: none for the defaults (the kernel's {@code 1 emc}), else both flags. */
    List<String> tableWords() {
        return equals(DEFAULTS) ? List.of() : List.of(bit(shortTrespass), bit(honorReservations));
    }

    private static String bit(boolean b) {
        return b ? "1" : "0";
    }
}
