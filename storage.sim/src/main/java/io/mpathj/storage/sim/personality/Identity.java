package io.mpathj.storage.sim.personality;

import io.mpathj.storage.sim.Tpgs;
import java.util.Objects;

/**
 * What standard INQUIRY data (SPC-4 6.6.2) says about an array: T10 VENDOR IDENTIFICATION (at most 8 characters),
 * PRODUCT IDENTIFICATION (16), PRODUCT REVISION LEVEL (4), printable ASCII padded with spaces, and the TPGS field.
 * Linux chooses a hardware handler from these: {@code alua} when TPGS is not 0, else by vendor and product.
 */
public record Identity(String vendor, String product, String revision, Tpgs tpgs) {
    public Identity {
        vendor = checkAscii(vendor, 8, "vendor");
        product = checkAscii(product, 16, "product");
        revision = checkAscii(revision, 4, "revision");
        Objects.requireNonNull(tpgs, "tpgs");
    }

    /** The same identity with another TPGS field. */
    public Identity withTpgs(Tpgs value) {
        return new Identity(vendor, product, revision, value);
    }

    private static String checkAscii(String s, int max, String what) {
        Objects.requireNonNull(s, what);
        if (s.length() > max || !s.chars().allMatch(c -> c >= 0x20 && c < 0x7F)) {
            throw new IllegalArgumentException(what + " '" + s + "' is not printable ASCII of at most " + max
                    + " characters");
        }
        return s;
    }
}
