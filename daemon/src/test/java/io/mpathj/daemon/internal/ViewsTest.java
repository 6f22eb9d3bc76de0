package io.mpathj.daemon.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mpathj.daemon.internal.conf.PathIdentity;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The words of the views that do not need a running map. */
class ViewsTest {
    private static PathIdentity identity(String wwid) {
        return new PathIdentity("sim:a/A0/0", "DGC", "VRAID", "0001", wwid, "S1", 1, "scsi:unspec");
    }

    /** multipath -ll's map line, as in opensvc/multipath-tools issue #11: {@code mpathz (3600…) dm-8 DGC,VRAID}. */
    @Test
    void theMapLineNamesTheWwidWhenItIsNotTheNameAndThenVendorAndProduct() {
        assertEquals("mpathz (3600601606660450079c71c6173c6a3cc) DGC,VRAID",
                Views.mapLine("mpathz", Optional.of(identity("3600601606660450079c71c6173c6a3cc"))));
        // user_friendly_names no: the map is named by its WWID, which is then not repeated
        assertEquals("3600601606660450079c71c6173c6a3cc DGC,VRAID", Views.mapLine(
                "3600601606660450079c71c6173c6a3cc", Optional.of(identity("3600601606660450079c71c6173c6a3cc"))));
        assertEquals("mpathz DGC,VRAID", Views.mapLine("mpathz", Optional.of(identity(""))));
        assertEquals("mpathz", Views.mapLine("mpathz", Optional.empty()), "no path identified yet");
    }

    /** multipath-tools' snprint_size: KiB upwards, one decimal below 10, none from 10 on, glibc's rounding. */
    @Test
    void sizesAreWrittenAsMultipathToolsWritesThem() {
        long k = 1024;
        assertEquals("1.0G", Views.size(k * k * k));
        assertEquals("8.0M", Views.size(8 * k * k));
        assertEquals("64G", Views.size(64 * k * k * k));
        assertEquals("500M", Views.size(500 * k * k));
        assertEquals("1.5T", Views.size(1536 * k * k * k));
        assertEquals("10M", Views.size(10752 * k), "10.5 exactly: printf rounds a tie to even");
        assertEquals("12M", Views.size(11776 * k), "11.5 exactly: to even, upwards");
        assertEquals("0.0K", Views.size(512), "one sector: 0 KiB");
        assertEquals("1023K", Views.size(1023 * k));
        assertEquals("2048P", Views.size(2048 * k * k * k * k * k), "P is the last unit");
    }

    /** multipathd's next_check: snprint_progress's ten-character bar, then left/interval. */
    @Test
    void nextCheckIsMultipathdsProgressBar() {
        assertEquals("XXXXXXXXXX 5/5", Views.nextCheck(5, 5));
        assertEquals("XXXX...... 2/5", Views.nextCheck(2, 5));
        assertEquals(".......... 0/20", Views.nextCheck(0, 20));
        assertEquals("XXXXX..... 10/20", Views.nextCheck(10, 20));
    }

    /** multipathd prints PRIO_UNDEF as the number it is. */
    @Test
    void anUndefinedPriorityIsMinusOne() {
        assertEquals("-1", Views.prio(io.mpathj.api.prio.Prioritizer.UNDEFINED));
        assertEquals("50", Views.prio(50));
    }
}
