package io.mpathj.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpathj.api.scsi.SenseData;
import io.mpathj.api.scsi.SenseKey;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** {@link SenseData#decode} is documented to never throw, whatever the bytes, offset and length. */
class SenseDecoderFuzzProperties {

    @Property(tries = 3000)
    void anyBytesDecodeWithoutThrowing(@ForAll @Size(max = 64) byte[] sense, @ForAll int offset,
            @ForAll int length) {
        check(SenseData.decode(sense, offset, length));
        check(SenseData.decode(sense));
    }

    /** Plausible windows (offsets and lengths near the buffer) hit the decoding branches, not only the guard. */
    @Property(tries = 3000)
    void anyWindowOfAnyBytesDecodesWithoutThrowing(@ForAll @Size(min = 1, max = 64) byte[] sense,
            @ForAll @IntRange(min = 0, max = 70) int offset, @ForAll @IntRange(min = 0, max = 70) int length,
            @ForAll @IntRange(min = 0x70, max = 0x73) int responseCode) {
        sense[Math.min(offset, sense.length - 1)] = (byte) responseCode;
        check(SenseData.decode(sense, offset, length));
    }

    @Property(tries = 1000)
    void whatIsWrittenReadsBack(@ForAll @IntRange(min = 0, max = 15) int key, @ForAll @IntRange(max = 255) int asc,
            @ForAll @IntRange(max = 255) int ascq, @ForAll boolean deferred, @ForAll boolean valid,
            @ForAll long information) {
        long info = valid ? information : 0;
        SenseData fixed = new SenseData(deferred ? SenseData.FIXED_DEFERRED : SenseData.FIXED_CURRENT,
                SenseKey.of(key), asc, ascq, valid, info & 0xFFFF_FFFFL);
        assertEquals(Optional.of(fixed), SenseData.decode(fixed.toFixed()));
        SenseData descriptor = new SenseData(deferred ? SenseData.DESCRIPTOR_DEFERRED : SenseData.DESCRIPTOR_CURRENT,
                SenseKey.of(key), asc, ascq, valid, info);
        assertEquals(Optional.of(descriptor), SenseData.decode(descriptor.toDescriptor()));
    }

    private static void check(Optional<SenseData> decoded) {
        decoded.ifPresent(s -> {
            assertTrue(s.asc() >= 0 && s.asc() <= 255 && s.ascq() >= 0 && s.ascq() <= 255, s.toString());
            assertTrue(s.responseCode() >= 0x70 && s.responseCode() <= 0x73, s.toString());
            assertTrue(s.triple().length() == 8, s.triple());
        });
    }
}
