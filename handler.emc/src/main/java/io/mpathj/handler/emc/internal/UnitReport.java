package io.mpathj.handler.emc.internal;

import io.mpathj.api.path.PathDevice;
import io.mpathj.api.scsi.Cdbs;
import io.mpathj.api.scsi.ScsiCommand;
import io.mpathj.api.scsi.ScsiResult;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * VPD page C0h as multipath-tools' {@code emc_clariion} checker and {@code emc} prioritizer read it: a 128-byte
 * INQUIRY, the page code and revision (byte 1 = C0h, byte 9 = 0), the failover configuration (byte 27 effective
 * initiator type 3, byte 28 failover mode 4 or 6 in its low 3 bits, byte 30 bit 2 arraycommpath), byte 48 (an
 * operation that keeps the LU from normal operations, e.g. an NDU), byte 4 LUN state, byte 5 default SP, byte 8 this
 * path's SP, bytes 10..25 the LU's WWN.
 */
final class UnitReport {
    static final int LENGTH = 128;
    private static final int PAGE = 0xC0;
    private static final int INITIATOR_TYPE = 3;
    private static final int ARRAYCOMMPATH = 0x04;

    private final byte[] page;

    private UnitReport(byte[] page) {
        this.page = page;
    }

    /** INQUIRY EVPD C0h, allocation length 128 ({@code 12 01 C0 00 80 00}), with {@code timeout}. */
    static ScsiCommand inquiry(Duration timeout) {
        return ScsiCommand.dataIn(Cdbs.inquiryVpd(PAGE, LENGTH), ByteBuffer.allocate(LENGTH))
                .withTimeoutMillis(millis(timeout));
    }

    static int millis(Duration timeout) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    }

    /** Sends the INQUIRY and hands over the answer with the page (zeroed where nothing came back). */
    static void read(PathDevice path, Duration timeout, Consumer<Answer> done) {
        ScsiCommand inquiry = inquiry(timeout);
        path.execute(inquiry, r -> done.accept(new Answer(r, r.isGood()
                ? new UnitReport(Arrays.copyOf(inquiry.data().array(), LENGTH)) : null)));
    }

    static UnitReport of(byte[] page) {
        return new UnitReport(Arrays.copyOf(page, LENGTH));
    }

    private int at(int i) {
        return page[i] & 0xFF;
    }

    /** Byte 1 is C0h and byte 9 (the page's revision) 0. */
    boolean knownFormat() {
        return at(1) == PAGE && at(9) == 0;
    }

    /** Effective initiator type 3, failover mode 4 or 6, arraycommpath set. */
    boolean configuredForFailover() {
        int mode = at(28) & 0x07;
        return at(27) == INITIATOR_TYPE && (mode == 0x04 || mode == 0x06) && (at(30) & ARRAYCOMMPATH) != 0;
    }

    /** Byte 48 non-zero: the LU is not in normal operations (e.g. a non-disruptive upgrade). */
    boolean notNormal() {
        return at(48) != 0;
    }

    /** 0 unbound (or LUNZ), 1 bound (the peer SP owns it), 2 owned by this path's SP. */
    int lunState() {
        return at(4);
    }

    boolean defaultSpIsThisPath() {
        return at(5) == at(8);
    }

    /** Bytes 10..25. */
    byte[] wwn() {
        return Arrays.copyOfRange(page, 10, 26);
    }

    /** One INQUIRY's result and, when it was GOOD, the page. */
    record Answer(ScsiResult result, UnitReport report) {
    }
}
