package io.mpathj.transport.iscsi.internal.pdu;

import java.nio.ByteBuffer;
import java.util.HexFormat;

/** Hex helpers for byte-level expectations. */
final class Bytes {
    private Bytes() {
    }

    /** Hex with spaces ignored, e.g. {@code "01 c1 00 00"}. */
    static byte[] hex(String spaced) {
        return HexFormat.of().parseHex(spaced.replace(" ", ""));
    }

    static String hex(byte[] bytes, int from, int to) {
        return HexFormat.ofDelimiter(" ").formatHex(bytes, from, to);
    }

    /** All buffers of a gathering write, concatenated. */
    static byte[] concat(ByteBuffer[] buffers) {
        int total = 0;
        for (ByteBuffer b : buffers) {
            total += b.remaining();
        }
        ByteBuffer all = ByteBuffer.allocate(total);
        for (ByteBuffer b : buffers) {
            all.put(b.duplicate());
        }
        return all.array();
    }
}
