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
}
