package io.mpathj.transport.iscsi.internal.pdu;

/** Which digests a connection uses (RFC 7143 §13.1): negotiated at login, used for every full-feature PDU. */
public record Digests(boolean header, boolean data) {
    public static final Digests NONE = new Digests(false, false);

    /** Bytes a PDU with {@code dataLength} data bytes and {@code ahsLength} AHS bytes occupies on the wire. */
    public int wireLength(int ahsLength, int dataLength) {
        int length = Pdu.BHS_LENGTH + ahsLength + (header ? Crc32cDigest.LENGTH : 0);
        if (dataLength > 0) {
            length += dataLength + Padding.of(dataLength) + (data ? Crc32cDigest.LENGTH : 0);
        }
        return length;
    }
}
