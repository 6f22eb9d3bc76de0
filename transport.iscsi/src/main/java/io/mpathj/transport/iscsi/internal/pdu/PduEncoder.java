package io.mpathj.transport.iscsi.internal.pdu;

import java.nio.ByteBuffer;

/**
 * Lays a PDU out for a gathering write (RFC 7143 §11.2: BHS, header digest, data segment, padding, data digest).
 * The data segment is not copied: the caller's buffer goes to the socket as it is.
 */
public final class PduEncoder {
    private PduEncoder() {
    }

    /** The buffers to write, in order: header (+ digest), then the data and its trailer when there is data. */
    public static ByteBuffer[] encode(Pdu pdu, Digests digests) {
        ByteBuffer header = ByteBuffer.allocate(Pdu.BHS_LENGTH + (digests.header() ? Crc32cDigest.LENGTH : 0));
        header.put(pdu.bhs());
        if (digests.header()) {
            Crc32cDigest.put(header, Crc32cDigest.of(ByteBuffer.wrap(pdu.bhs())));
        }
        header.flip();
        int length = pdu.dataLength();
        if (length == 0) {
            return new ByteBuffer[] {header};
        }
        ByteBuffer data = pdu.data();
        ByteBuffer trailer = ByteBuffer.allocate(Padding.of(length) + (digests.data() ? Crc32cDigest.LENGTH : 0));
        trailer.position(Padding.of(length));
        if (digests.data()) {
            Crc32cDigest.put(trailer, Crc32cDigest.of(data, ByteBuffer.allocate(Padding.of(length))));
        }
        trailer.flip();
        return trailer.hasRemaining() ? new ByteBuffer[] {header, data, trailer} : new ByteBuffer[] {header, data};
    }
}
