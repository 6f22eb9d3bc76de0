package io.mpathj.handler.emc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.mpathj.api.handler.PgInitResult;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

/**
 * The EMC handler's VPD page C0h decoder: it documents no exception ("missing bytes read as 0, as in the kernel's
 * zeroed buffer"), so any page, of any length, must decode, and the verdict, the log words and the description
 * must be there.
 */
class SpInfoFuzzProperties {

    @Property(tries = 2000)
    void anyPageDecodesAndIsJudged(@ForAll @Size(max = 300) byte[] page) {
        SpInfo info = SpInfo.parse(page);
        PgInitResult verdict = info.check();
        assertNotNull(verdict);
        assertNotNull(info.describe());
        if (verdict != PgInitResult.OK) {
            assertNotNull(info.problem());
        }
    }

    /** A short page reads exactly as the same bytes in the handler's zeroed 252-byte buffer. */
    @Property(tries = 1000)
    void aShortPageReadsAsTheZeroedBufferWould(@ForAll @Size(max = 60) byte[] page) {
        assertEquals(SpInfo.parse(Arrays.copyOf(page, 252)), SpInfo.parse(page));
    }
}
