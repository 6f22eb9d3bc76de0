package io.mpathj.api.selector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mpathj.api.InvalidArgumentsException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The round-robin, queue-length and service-time tests exercise every case through their selectors. */
class SelectorArgsTest {
    @ParameterizedTest(name = "[{index}] \"{0}\" -> {1}")
    @CsvSource(quoteCharacter = '\'', value = {"0, 0", "7, 7", "' 12', 12", "007, 7", "4294967295, 4294967295",
        "4294967296, 0", "4294967298, 2"})
    void parseUnsignedReadsWhatTheKernelsPercentUReads(String arg, long value) throws Exception {
        assertEquals(value, SelectorArgs.parseUnsigned(arg, "bad"));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @CsvSource(quoteCharacter = '\'', value = {"''", "+1", "-1", "'1 '", "x1", "1x", "0x1"})
    void parseUnsignedRefusesWithTheCallersText(String arg) {
        assertEquals("bad", assertThrows(InvalidArgumentsException.class,
                () -> SelectorArgs.parseUnsigned(arg, "bad")).getMessage());
    }

    @Test
    void repeatCountIsOneWhenAbsentAndUnclamped() throws Exception {
        assertEquals(1, SelectorArgs.repeatCount("x", List.of(), 1));
        assertEquals(128, SelectorArgs.repeatCount("x", List.of("128", "4"), 2));
    }

    @Test
    void repeatCountErrorsNameTheSelector() {
        assertEquals("queue-length ps: incorrect number of arguments", assertThrows(InvalidArgumentsException.class,
                () -> SelectorArgs.repeatCount("queue-length", List.of("1", "1"), 1)).getMessage());
        assertEquals("service-time ps: invalid repeat count", assertThrows(InvalidArgumentsException.class,
                () -> SelectorArgs.repeatCount("service-time", List.of("+1", "5"), 2)).getMessage());
    }
}
