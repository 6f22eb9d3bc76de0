package io.mpathj.transport.iscsi.internal.pdu;

import java.nio.ByteBuffer;

/**
 * Cuts whole PDUs out of a receive buffer and checks their digests (RFC 7143 §11.2, §13.1). Additional header
 * segments are skipped: no target PDU mpathj handles carries one it needs.
 */
public final class PduDecoder {
    private PduDecoder() {
    }

    /**
     * The next PDU starting at the buffer's position, advancing past it; {@code null} (position unchanged) when the
     * buffer does not hold it all yet. The data segment is a view into {@code buffer}.
     *
     * @throws ProtocolException on a digest mismatch or a PDU larger than {@code maxPduLength}
     */
    public static Pdu decode(ByteBuffer buffer, Digests digests, int maxPduLength) throws ProtocolException {
        int start = buffer.position();
        if (buffer.remaining() < Pdu.BHS_LENGTH) {
            return null;
        }
        int ahsLength = (buffer.get(start + 4) & 0xFF) * 4;
        int dataLength = (buffer.get(start + 5) & 0xFF) << 16 | (buffer.get(start + 6) & 0xFF) << 8
                | (buffer.get(start + 7) & 0xFF);
        int total = digests.wireLength(ahsLength, dataLength);
        if (total > maxPduLength) {
            throw new ProtocolException("PDU of " + total + " bytes exceeds the receive limit " + maxPduLength);
        }
        if (buffer.remaining() < total) {
            return null;
        }
        int headerEnd = start + Pdu.BHS_LENGTH + ahsLength;
        if (digests.header()) {
            int expected = Crc32cDigest.of(buffer.duplicate().position(start).limit(headerEnd));
            if (Crc32cDigest.get(buffer, headerEnd) != expected) {
                throw new ProtocolException("header digest mismatch");
            }
            headerEnd += Crc32cDigest.LENGTH;
        }
        ByteBuffer data = buffer.duplicate().position(headerEnd).limit(headerEnd + dataLength).slice();
        if (digests.data() && dataLength > 0) {
            int padded = dataLength + Padding.of(dataLength);
            int expected = Crc32cDigest.of(buffer.duplicate().position(headerEnd).limit(headerEnd + padded));
            if (Crc32cDigest.get(buffer, headerEnd + padded) != expected) {
                throw new ProtocolException("data digest mismatch");
            }
        }
        byte[] bhs = new byte[Pdu.BHS_LENGTH];
        buffer.get(bhs);
        buffer.position(start + total);
        return new Pdu(bhs, data);
    }
}
