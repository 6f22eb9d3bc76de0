package io.mpathj.storage.sim;

/** The TPGS field of standard INQUIRY data (SPC-4 6.6.2): which kinds of ALUA transitions the array supports. */
public enum Tpgs {
    /** No asymmetric access support (CLARiiON in PNR mode). */
    NONE(0),
    /** The array changes states itself; SET TARGET PORT GROUPS is refused. */
    IMPLICIT(1),
    /** Only SET TARGET PORT GROUPS changes states. */
    EXPLICIT(2),
    /** Both. */
    BOTH(3);

    private final int bits;

    Tpgs(int bits) {
        this.bits = bits;
    }

    /** The two-bit field value. */
    public int bits() {
        return bits;
    }

    public boolean implicit() {
        return (bits & 1) != 0;
    }

    public boolean explicit() {
        return (bits & 2) != 0;
    }
}
