package io.mpathj.testkit;

/** Byte arrays written as the specifications print them (CDBs, pages, parameter lists) in a handler's tests. */
public final class Bytes {
    private Bytes() {
    }

    /** The values as bytes, each cut to its low 8 bits: {@code Bytes.of(0x12, 0x01, 0xC0, 0x00, 0xFC, 0x00)}. */
    public static byte[] of(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }
}
