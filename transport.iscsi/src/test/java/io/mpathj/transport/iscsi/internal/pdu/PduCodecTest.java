package io.mpathj.transport.iscsi.internal.pdu;

import static io.mpathj.transport.iscsi.internal.pdu.Bytes.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Framing (RFC 7143 §11.2), padding (§11.2.3) and CRC32C digests (§13.1) in both directions. */
class PduCodecTest {
    private static final int MAX = 1 << 20;

    @Test
    void crc32cMatchesThePublishedVectorsInWireOrder() {
        // RFC 3720 appendix B.4 (the digest RFC 7143 §13.1 keeps): the CRC bytes as they appear on the wire
        assertDigest(new byte[32], "aa 36 91 8a");
        byte[] ones = new byte[32];
        Arrays.fill(ones, (byte) 0xff);
        assertDigest(ones, "43 ab a8 62");
        byte[] up = new byte[32];
        byte[] down = new byte[32];
        for (int i = 0; i < 32; i++) {
            up[i] = (byte) i;
            down[i] = (byte) (31 - i);
        }
        assertDigest(up, "4e 79 dd 46");
        assertDigest(down, "5c db 3f 11");
    }

    private static void assertDigest(byte[] data, String wire) {
        ByteBuffer out = ByteBuffer.allocate(4);
        Crc32cDigest.put(out, Crc32cDigest.of(ByteBuffer.wrap(data)));
        assertEquals(wire, hex(out.array(), 0, 4));
        assertEquals(Crc32cDigest.of(ByteBuffer.wrap(data)), Crc32cDigest.get(out, 0));
    }

    @Test
    void dataSegmentsArePaddedToFourBytesWithZeroes() {
        assertEquals(0, Padding.of(0));
        assertEquals(3, Padding.of(5));
        assertEquals(0, Padding.of(8));
        Pdu pdu = InitiatorPdus.text(1, Pdu.RESERVED_TAG, 1, 1, ByteBuffer.wrap(Bytes.hex("61 3d 62 00 ff")));
        byte[] wire = Bytes.concat(PduEncoder.encode(pdu, Digests.NONE));
        // 48-byte BHS, 5 data bytes, 3 pad bytes (§11.2.3: not counted in DataSegmentLength)
        assertEquals(56, wire.length);
        assertEquals("00 00 05", hex(wire, 5, 8));
        assertEquals("61 3d 62 00 ff 00 00 00", hex(wire, 48, 56));
    }

    @Test
    void headerAndDataDigestsFollowTheirSegmentsAndCoverThePadding() {
        Pdu pdu = InitiatorPdus.text(1, Pdu.RESERVED_TAG, 1, 1, ByteBuffer.wrap(Bytes.hex("61 3d 62 00 ff")));
        byte[] wire = Bytes.concat(PduEncoder.encode(pdu, new Digests(true, true)));
        // BHS 48 + header digest 4 + data 5 + pad 3 + data digest 4 (§11.2, figure of §11.2.1 layout)
        assertEquals(64, wire.length);
        ByteBuffer w = ByteBuffer.wrap(wire);
        assertEquals(Crc32cDigest.of(ByteBuffer.wrap(wire, 0, 48)), Crc32cDigest.get(w, 48));
        assertEquals(Crc32cDigest.of(ByteBuffer.wrap(wire, 52, 8)), Crc32cDigest.get(w, 60));
    }

    @Test
    void aPduWithoutDataHasNoDataDigest() {
        Pdu pdu = InitiatorPdus.nopOut(0, 1, Pdu.RESERVED_TAG, 1, 1);
        assertEquals(52, Bytes.concat(PduEncoder.encode(pdu, new Digests(true, true))).length);
    }

    @Test
    void decoderRoundTripsWithDigestsAndSkipsThePadding() throws Exception {
        Digests digests = new Digests(true, true);
        Pdu first = InitiatorPdus.text(1, Pdu.RESERVED_TAG, 1, 1, ByteBuffer.wrap(Bytes.hex("61 3d 62 00 ff")));
        Pdu second = InitiatorPdus.nopOut(0, 2, Pdu.RESERVED_TAG, 1, 1);
        ByteBuffer stream = ByteBuffer.allocate(200);
        stream.put(Bytes.concat(PduEncoder.encode(first, digests)));
        stream.put(Bytes.concat(PduEncoder.encode(second, digests))).flip();
        Pdu a = PduDecoder.decode(stream, digests, MAX);
        assertEquals(Opcode.TEXT_REQUEST, a.opcode());
        assertEquals("61 3d 62 00 ff", hex(toArray(a.data()), 0, 5));
        Pdu b = PduDecoder.decode(stream, digests, MAX);
        assertEquals(Opcode.NOP_OUT, b.opcode());
        assertEquals(2, b.itt());
        assertFalse(stream.hasRemaining());
    }

    @Test
    void decoderWaitsForTheWholePdu() throws Exception {
        byte[] wire = Bytes.concat(PduEncoder.encode(
                InitiatorPdus.text(1, Pdu.RESERVED_TAG, 1, 1, ByteBuffer.allocate(10)), Digests.NONE));
        ByteBuffer partial = ByteBuffer.wrap(wire, 0, wire.length - 1);
        assertNull(PduDecoder.decode(partial, Digests.NONE, MAX));
        assertEquals(0, partial.position());
        assertNull(PduDecoder.decode(ByteBuffer.wrap(wire, 0, 47), Digests.NONE, MAX));
    }

    @Test
    void corruptDigestsAreProtocolErrors() {
        Digests digests = new Digests(true, true);
        byte[] wire = Bytes.concat(PduEncoder.encode(
                InitiatorPdus.text(1, Pdu.RESERVED_TAG, 1, 1, ByteBuffer.allocate(8)), digests));
        byte[] badHeader = wire.clone();
        badHeader[20] ^= 1;
        assertThrows(ProtocolException.class, () -> PduDecoder.decode(ByteBuffer.wrap(badHeader), digests, MAX));
        byte[] badData = wire.clone();
        badData[53] ^= 1;
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> PduDecoder.decode(ByteBuffer.wrap(badData), digests, MAX));
        assertTrue(e.getMessage().contains("data digest"));
    }

    @Test
    void aPduLargerThanTheReceiveLimitIsAProtocolError() {
        byte[] bhs = new byte[48];
        bhs[0] = Opcode.DATA_IN;
        bhs[5] = 0x10; // DSL 1 MiB
        assertThrows(ProtocolException.class, () -> PduDecoder.decode(ByteBuffer.wrap(bhs), Digests.NONE, 65536));
    }

    @Test
    void additionalHeaderSegmentsAreSkipped() throws Exception {
        byte[] wire = new byte[48 + 8 + 4];
        wire[0] = Opcode.NOP_IN;
        wire[4] = 2; // TotalAHSLength in 4-byte words (§11.2.1.4)
        wire[7] = 4;
        wire[56] = 0x5a;
        Pdu pdu = PduDecoder.decode(ByteBuffer.wrap(wire), Digests.NONE, MAX);
        assertEquals(8, pdu.ahsLength());
        assertEquals(0x5a, pdu.data().get(0));
    }

    @Test
    void encoderSendsTheCallersBufferWithoutCopying() {
        ByteBuffer payload = ByteBuffer.allocate(16);
        ByteBuffer[] parts = PduEncoder.encode(
                InitiatorPdus.dataOut(0, 1, 2, true, 1, 0, 0, payload), Digests.NONE);
        assertEquals(2, parts.length);
        assertTrue(parts[1].array() == payload.array(), "the data segment is the caller's own array");
    }

    private static byte[] toArray(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    @Test
    void copyOutlivesTheReceiveBuffer() throws Exception {
        byte[] wire = Bytes.concat(PduEncoder.encode(
                InitiatorPdus.text(1, Pdu.RESERVED_TAG, 1, 1, ByteBuffer.wrap(new byte[] {1, 2, 3, 4})),
                Digests.NONE));
        ByteBuffer receive = ByteBuffer.wrap(wire);
        Pdu copy = PduDecoder.decode(receive, Digests.NONE, MAX).copy();
        Arrays.fill(wire, (byte) 0);
        assertArrayEquals(new byte[] {1, 2, 3, 4}, toArray(copy.data()));
        assertEquals(Opcode.TEXT_REQUEST, copy.opcode());
    }
}
