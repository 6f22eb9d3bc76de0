package io.mpathj.transport.iscsi.internal.session;

/** 32-bit serial number arithmetic (RFC 1982), which RFC 7143 §4.2.2.1 requires for CmdSN and StatSN. */
final class SerialNumbers {
    private SerialNumbers() {
    }

    /** s1 &lt; s2 in serial arithmetic. */
    static boolean lessThan(int s1, int s2) {
        return s1 != s2 && s2 - s1 > 0;
    }

    static boolean lessOrEqual(int s1, int s2) {
        return s1 == s2 || lessThan(s1, s2);
    }
}
