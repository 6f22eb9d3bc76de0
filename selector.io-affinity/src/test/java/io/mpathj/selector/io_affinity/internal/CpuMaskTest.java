package io.mpathj.selector.io_affinity.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.BitSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** cpumask_parse (bitmap_parse) and %*pb (bitmap_string) over nr_cpu_ids bits. */
class CpuMaskTest {
    /** text | CPUs | bits of the mask | printed. */
    @ParameterizedTest(name = "[{index}] ''{0}'' over {1}")
    @CsvSource(delimiter = '|', value = {
        "1|4|0|1", "f|4|0 1 2 3|f", "F|4|0 1 2 3|f", "a|4|1 3|a", "0|4||0", "''|4||0", "','|4||0",
        "' 3 '|4|0 1|3", "00000001|4|0|1",
        "01|8|0|01", "80|8|7|80", "1|32|0|00000001", "1|2|0|1", "3|2|0 1|3",
        "1,00000000|40|32|01,00000000", "ff,00000001|40|0 32 33 34 35 36 37 38 39|ff,00000001",
        "'1,,5'|40|0 2 32|01,00000005", "f|40|0 1 2 3|00,0000000f",
        // a character that is neither a digit nor a separator right after 8 digits is passed over
        "1g00000000|64|32|00000001,00000000"})
    void readAndPrinted(String text, int nbits, String bits, String printed) {
        BitSet mask = CpuMask.parse(text, nbits);
        BitSet expected = new BitSet();
        if (bits != null) {
            for (String b : bits.split(" ")) {
                expected.set(Integer.parseInt(b));
            }
        }
        assertEquals(expected, mask);
        assertEquals(printed, CpuMask.format(mask, nbits));
    }

    /** A newline or a NUL ends the text. */
    @Test
    void aNewlineOrNulEndsTheText() {
        BitSet zeroAndOne = new BitSet();
        zeroAndOne.set(0, 2);
        assertEquals(zeroAndOne, CpuMask.parse("3\nx", 4));
        assertEquals(zeroAndOne, CpuMask.parse("3\u0000x", 4));
    }

    /** -EINVAL (a character that is not hex) or -EOVERFLOW (a bit too high, a ninth digit, a chunk too many). */
    @ParameterizedTest(name = "[{index}] ''{0}''")
    @ValueSource(strings = {"x", "0x1", "+1", "-1", "1.", "g", "\u0663", "10", "1f", "000000001", "1,0", "f0"})
    void refusedOverFourCpus(String text) {
        assertNull(CpuMask.parse(text, 4));
    }

    @ParameterizedTest(name = "[{index}] ''{0}''")
    @ValueSource(strings = {"100,00000000", "1,00000000,00000000", "123456789"})
    void refusedOverFortyCpus(String text) {
        assertNull(CpuMask.parse(text, 40));
    }
}
