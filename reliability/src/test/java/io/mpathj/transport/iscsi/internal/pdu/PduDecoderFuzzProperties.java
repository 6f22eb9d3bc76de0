package io.mpathj.transport.iscsi.internal.pdu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The iSCSI receive path's entry point, {@link PduDecoder#decode}: whatever a target (or a broken network) sends, it
 * returns a whole PDU, returns null without moving (not all there yet), or throws its documented
 * {@link ProtocolException}. A PDU it returns accounts for exactly the bytes it consumed.
 */
class PduDecoderFuzzProperties {

    @Property(tries = 3000)
    void anyBytesGiveAPduNullOrAProtocolException(@ForAll @Size(max = 200) byte[] bytes,
            @ForAll @IntRange(min = 0, max = 8) int skip, @ForAll boolean headerDigest, @ForAll boolean dataDigest,
            @ForAll @IntRange(min = 0, max = 1 << 20) int maxPduLength) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        buffer.position(Math.min(skip, bytes.length));
        check(buffer, new Digests(headerDigest, dataDigest), maxPduLength);
    }

    /** Real PDUs (encoded by the initiator's own encoder) with a byte changed and cut at any point. */
    @Property(tries = 3000)
    void mutatedEncodedPdusGiveAPduNullOrAProtocolException(@ForAll("encoded") byte[] pdu,
            @ForAll @IntRange(min = 0, max = 400) int at, @ForAll byte value,
            @ForAll @IntRange(min = 0, max = 400) int cut, @ForAll boolean headerDigest, @ForAll boolean dataDigest) {
        byte[] data = pdu.clone();
        data[at % data.length] = value;
        ByteBuffer buffer = ByteBuffer.wrap(data, 0, Math.min(cut, data.length));
        check(buffer, new Digests(headerDigest, dataDigest), 8192);
    }

    @Property(tries = 500)
    void encodedPdusDecodeToThemselves(@ForAll("encoded") byte[] pdu) throws ProtocolException {
        ByteBuffer buffer = ByteBuffer.wrap(pdu);
        Pdu decoded = PduDecoder.decode(buffer, Digests.NONE, 1 << 20);
        assertEquals(pdu.length, buffer.position());
        assertEquals(pdu[0] & 0x3F, decoded.opcode());
    }

    @Provide
    Arbitrary<byte[]> encoded() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(64).map(segment -> {
            byte[] bhs = new byte[Pdu.BHS_LENGTH];
            bhs[0] = 0x25; // SCSI Data-In
            Pdu pdu = new Pdu(bhs, null).data(ByteBuffer.wrap(segment));
            int padded = segment.length + Padding.of(segment.length);
            ByteBuffer out = ByteBuffer.allocate(Pdu.BHS_LENGTH + padded);
            out.put(pdu.bhs()).put(segment);
            return out.array();
        });
    }

    private static void check(ByteBuffer buffer, Digests digests, int maxPduLength) {
        int before = buffer.position();
        try {
            Pdu pdu = PduDecoder.decode(buffer, digests, maxPduLength);
            if (pdu == null) {
                assertEquals(before, buffer.position(), "null must leave the buffer where it was");
            } else {
                int consumed = buffer.position() - before;
                assertEquals(digests.wireLength(pdu.ahsLength(), pdu.dataLength()), consumed);
                assertTrue(consumed <= maxPduLength);
            }
        } catch (ProtocolException expected) {
            // documented
        }
    }
}
