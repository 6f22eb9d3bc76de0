package io.mpathj.transport.iscsi.internal.pdu;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The CRC32C header and data digest (RFC 7143 §13.1, generator 0x11EDC6F41). On the wire the 32-bit result is sent
 * least significant byte first: the reference vector "32 bytes of zeroes" gives {@code aa 36 91 8a} (RFC 3720
 * appendix B.4, carried over unchanged by RFC 7143).
 */
public final class Crc32cDigest {
    public static final int LENGTH = 4;

    private Crc32cDigest() {
    }

    /** CRC32C of the buffer's remaining bytes; the buffer's position is not moved. */
    public static int of(ByteBuffer... segments) {
        CRC32C crc = new CRC32C();
        for (ByteBuffer segment : segments) {
            crc.update(segment.duplicate());
        }
        return (int) crc.getValue();
    }

    /** Puts the digest in wire order at the buffer's position and advances it. */
    public static void put(ByteBuffer target, int digest) {
        target.put((byte) digest).put((byte) (digest >>> 8)).put((byte) (digest >>> 16)).put((byte) (digest >>> 24));
    }

    /** Reads a digest in wire order at an absolute index. */
    public static int get(ByteBuffer source, int index) {
        return (source.get(index) & 0xFF) | (source.get(index + 1) & 0xFF) << 8 | (source.get(index + 2) & 0xFF) << 16
                | (source.get(index + 3) & 0xFF) << 24;
    }
}
