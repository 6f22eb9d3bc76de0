package io.mpathj.transport.iscsi.internal.pdu;

/** Data segments end on a 4-byte boundary; the pad bytes are not counted in DataSegmentLength (RFC 7143 §11.2.3). */
public final class Padding {
    private Padding() {
    }

    /** Pad bytes after a segment of {@code length} bytes: 0..3. */
    public static int of(int length) {
        return -length & 3;
    }
}
