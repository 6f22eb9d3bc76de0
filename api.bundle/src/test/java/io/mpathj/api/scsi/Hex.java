package io.mpathj.api.scsi;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Byte arrays written and compared as hex, so a failing test shows which byte differs. */
final class Hex {
    private Hex() {
    }

    /** {@code "28 00 ff"} → {0x28, 0x00, (byte) 0xff}; spaces are ignored. */
    static byte[] bytes(String hex) {
        String digits = hex.replace(" ", "");
        byte[] b = new byte[digits.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(digits.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }

    static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(sb.length() == 0 ? "" : " ").append(String.format("%02x", x & 0xFF));
        }
        return sb.toString();
    }

    static void assertBytes(String expected, byte[] actual) {
        assertEquals(hex(bytes(expected)), hex(actual));
    }
}
