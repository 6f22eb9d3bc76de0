package io.mpathj.handler.alua.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The ALUA handler's decoders against any bytes a device could send: RTPG parameter data, VPD page 0x83, standard
 * INQUIRY. The only exception allowed is their documented {@link ScsiDataFormatException}. The sizes of random
 * arrays stay small so that the length fields (which jqwik fills at random) often agree with them.
 */
class AluaDecoderFuzzProperties {

    @Property(tries = 2000)
    void rtpgDecodesAnyBytesOrSaysWhyNot(@ForAll @Size(max = 96) byte[] data, @ForAll @IntRange(min = -4, max = 120)
            int length, @ForAll boolean extended) {
        try {
            RtpgData r = RtpgData.parse(data, length, extended);
            assertTrue(r.totalLength() >= 4);
            r.groups().forEach(g -> g.state()); // every decoded state code maps to a state
        } catch (ScsiDataFormatException expected) {
            // documented
        }
    }

    /** Well-formed RTPG data with one byte changed, and cut at any length: still only the documented exception. */
    @Property(tries = 2000)
    void rtpgSurvivesMutatedWellFormedData(@ForAll("rtpg") byte[] valid, @ForAll @IntRange(min = 0, max = 200) int at,
            @ForAll byte value, @ForAll @IntRange(min = 0, max = 200) int cut, @ForAll boolean extended) {
        byte[] data = valid.clone();
        data[at % data.length] = value;
        try {
            RtpgData.parse(data, Math.min(cut, data.length), extended);
        } catch (ScsiDataFormatException expected) {
            // documented
        }
    }

    @Property(tries = 500)
    void wellFormedRtpgDataDecodesToWhatWasEncoded(@ForAll("rtpg") byte[] valid) throws Exception {
        RtpgData r = RtpgData.parse(valid, valid.length, true);
        assertEquals(valid.length, r.totalLength());
        assertTrue(!r.truncated());
        int groups = 0;
        for (int off = 8; off < valid.length; off += 8 + 4 * (valid[off + 7] & 0xFF)) {
            groups++;
        }
        assertEquals(groups, r.groups().size());
    }

    @Provide
    Arbitrary<byte[]> rtpg() {
        Arbitrary<byte[]> descriptor = Combinators.combine(Arbitraries.bytes(), Arbitraries.bytes(),
                Arbitraries.integers().between(0, 0xFFFF), Arbitraries.integers().between(0, 4))
                .as((state, supported, id, ports) -> {
                    ByteBuffer b = ByteBuffer.allocate(8 + 4 * ports);
                    b.put(0, state).put(1, supported).putShort(2, (short) (int) id).put(7, (byte) (int) ports);
                    for (int p = 0; p < ports; p++) {
                        b.putShort(8 + 4 * p + 2, (short) (p + 1));
                    }
                    return b.array();
                });
        return descriptor.list().ofMaxSize(4).map(list -> {
            int length = 8 + list.stream().mapToInt(d -> d.length).sum();
            ByteBuffer b = ByteBuffer.allocate(length);
            b.putInt(0, length - 4).put(4, (byte) 0x10).put(5, (byte) 60);
            int off = 8;
            for (byte[] d : list) {
                b.put(off, d);
                off += d.length;
            }
            return b.array();
        });
    }

    @Property(tries = 2000)
    void vpd83DecodesAnyBytesOrSaysWhyNot(@ForAll @Size(max = 80) byte[] data,
            @ForAll @IntRange(min = -4, max = 100) int length) {
        if (data.length > 1 && length % 2 == 0) {
            data[1] = (byte) DeviceIdentification.PAGE_CODE; // half the tries get past the page code check
        }
        try {
            DeviceIdentification.parse(data, length);
        } catch (ScsiDataFormatException expected) {
            // documented
        }
        int declared = DeviceIdentification.declaredLength(data, length);
        assertTrue(declared >= DeviceIdentification.HEADER_LENGTH);
    }

    @Property(tries = 2000)
    void vpd83SurvivesMutatedWellFormedPages(@ForAll("vpd83") byte[] valid, @ForAll @IntRange(min = 0, max = 200)
            int at, @ForAll byte value, @ForAll @IntRange(min = 0, max = 200) int cut) {
        byte[] data = valid.clone();
        data[at % data.length] = value;
        try {
            DeviceIdentification.parse(data, Math.min(cut, data.length));
        } catch (ScsiDataFormatException expected) {
            // documented
        }
    }

    @Provide
    Arbitrary<byte[]> vpd83() {
        Arbitrary<byte[]> designator = Combinators.combine(Arbitraries.integers().between(0, 0xF),
                Arbitraries.integers().between(0, 3), Arbitraries.bytes().array(byte[].class).ofMaxSize(12))
                .as((type, association, body) -> {
                    byte[] d = new byte[4 + body.length];
                    d[0] = 0x01;
                    d[1] = (byte) (association << 4 | type);
                    d[3] = (byte) body.length;
                    System.arraycopy(body, 0, d, 4, body.length);
                    return d;
                });
        return designator.list().ofMaxSize(5).map(list -> {
            int length = 4 + list.stream().mapToInt(d -> d.length).sum();
            ByteBuffer b = ByteBuffer.allocate(length);
            b.put(1, (byte) 0x83).putShort(2, (short) (length - 4));
            int off = 4;
            for (byte[] d : list) {
                b.put(off, d);
                off += d.length;
            }
            return b.array();
        });
    }

    @Property(tries = 1000)
    void standardInquiryDecodesAnyBytesOrSaysWhyNot(@ForAll @Size(max = 40) byte[] data,
            @ForAll @IntRange(min = -10, max = 50) int length) {
        try {
            StandardInquiry s = StandardInquiry.parse(data, length);
            assertTrue(s.tpgs() >= 0 && s.tpgs() <= 3);
        } catch (ScsiDataFormatException expected) {
            // documented
        }
    }

    @Property(tries = 200)
    void everyAccessStateCodeHasAState(@ForAll @IntRange(min = 0, max = 15) int code) {
        List.of(AluaState.ofCode(code)).forEach(s -> assertTrue(s != null));
    }
}
