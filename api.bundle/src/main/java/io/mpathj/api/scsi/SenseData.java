package io.mpathj.api.scsi;

import java.util.Optional;

/**
 * Decoded sense data (SPC-4 4.5): the sense key, additional sense code and qualifier, and the INFORMATION field.
 * Reads fixed format (response codes 0x70 current / 0x71 deferred, SPC-4 table 50) and descriptor format
 * (0x72 current / 0x73 deferred, SPC-4 table 29), and writes both for devices that answer commands.
 *
 * @param responseCode 0x70..0x73
 * @param key the sense key
 * @param asc additional sense code, 0 when the data is too short to carry it
 * @param ascq additional sense code qualifier, 0 when the data is too short to carry it
 * @param information the INFORMATION field when {@code informationValid}
 * @param informationValid fixed format VALID bit, or an information descriptor with VALID set
 */
public record SenseData(int responseCode, SenseKey key, int asc, int ascq, boolean informationValid,
        long information) {

    public static final int FIXED_CURRENT = 0x70;
    public static final int FIXED_DEFERRED = 0x71;
    public static final int DESCRIPTOR_CURRENT = 0x72;
    public static final int DESCRIPTOR_DEFERRED = 0x73;
    /** Length of the fixed-format sense mpathj writes: 8-byte header plus 10 additional bytes. */
    public static final int FIXED_LENGTH = 18;
    private static final int INFORMATION_DESCRIPTOR = 0x00;

    /** Current (not deferred) sense without an INFORMATION field. */
    public SenseData(SenseKey key, int asc, int ascq) {
        this(FIXED_CURRENT, key, asc, ascq, false, 0);
    }

    public boolean isDescriptorFormat() {
        return responseCode == DESCRIPTOR_CURRENT || responseCode == DESCRIPTOR_DEFERRED;
    }

    public boolean isDeferred() {
        return responseCode == FIXED_DEFERRED || responseCode == DESCRIPTOR_DEFERRED;
    }

    /** True when key, ASC and ASCQ are exactly these. */
    public boolean is(SenseKey k, int a, int q) {
        return key == k && asc == a && ascq == q;
    }

    /** Key/ASC/ASCQ as the kernel logs it: {@code 02/04/0b}. */
    public String triple() {
        return String.format("%02x/%02x/%02x", key.code(), asc, ascq);
    }

    /**
     * Decodes sense bytes. Short buffers are read as far as they go (missing ASC/ASCQ read as 0), the additional
     * length field bounds what is read; an empty buffer or an unknown response code gives empty.
     */
    public static Optional<SenseData> decode(byte[] sense) {
        return decode(sense, 0, sense.length);
    }

    /** Decodes {@code length} sense bytes starting at {@code offset}; never throws for any content. */
    public static Optional<SenseData> decode(byte[] buf, int offset, int length) {
        if (offset < 0 || length < 0 || offset > buf.length - length || length < 1) {
            return Optional.empty();
        }
        int code = buf[offset] & 0x7F;
        switch (code) {
            case FIXED_CURRENT:
            case FIXED_DEFERRED:
                return Optional.of(decodeFixed(buf, offset, length, code));
            case DESCRIPTOR_CURRENT:
            case DESCRIPTOR_DEFERRED:
                return Optional.of(decodeDescriptor(buf, offset, length, code));
            default:
                return Optional.empty();
        }
    }

    private static SenseData decodeFixed(byte[] b, int off, int len, int code) {
        if (len > 7) {
            len = Math.min(len, (b[off + 7] & 0xFF) + 8);
        }
        SenseKey key = SenseKey.of(len > 2 ? b[off + 2] : 0);
        int asc = len > 12 ? b[off + 12] & 0xFF : 0;
        int ascq = len > 13 ? b[off + 13] & 0xFF : 0;
        boolean valid = (b[off] & 0x80) != 0 && len > 6;
        long info = valid ? Cdbs.getU32(b, off + 3) : 0;
        return new SenseData(code, key, asc, ascq, valid, info);
    }

    private static SenseData decodeDescriptor(byte[] b, int off, int len, int code) {
        SenseKey key = SenseKey.of(len > 1 ? b[off + 1] : 0);
        int asc = len > 2 ? b[off + 2] & 0xFF : 0;
        int ascq = len > 3 ? b[off + 3] & 0xFF : 0;
        boolean valid = false;
        long info = 0;
        if (len > 7) {
            int end = Math.min(len, (b[off + 7] & 0xFF) + 8);
            int d = 8;
            // walk the descriptor list: type, additional length, body (SPC-4 4.5.2.1)
            while (d + 1 < end) {
                int type = b[off + d] & 0xFF;
                int dlen = (b[off + d + 1] & 0xFF) + 2;
                if (type == INFORMATION_DESCRIPTOR && d + 12 <= end && (b[off + d + 2] & 0x80) != 0) {
                    valid = true;
                    info = Cdbs.getU64(b, off + d + 4);
                    break;
                }
                d += dlen;
            }
        }
        return new SenseData(code, key, asc, ascq, valid, info);
    }

    /** Fixed-format sense (SPC-4 table 50), 18 bytes, current error, VALID and INFORMATION per this record. */
    public byte[] toFixed() {
        byte[] b = new byte[FIXED_LENGTH];
        b[0] = (byte) ((isDeferred() ? FIXED_DEFERRED : FIXED_CURRENT) | (informationValid ? 0x80 : 0));
        b[2] = (byte) key.code();
        if (informationValid) {
            Cdbs.putU32(b, 3, information);
        }
        b[7] = (byte) (FIXED_LENGTH - 8);
        b[12] = (byte) asc;
        b[13] = (byte) ascq;
        return b;
    }

    /**
     * Descriptor-format sense (SPC-4 table 29): the 8-byte header, plus an information descriptor (SPC-4 table 31)
     * when the INFORMATION field is valid.
     */
    public byte[] toDescriptor() {
        byte[] b = new byte[informationValid ? 20 : 8];
        b[0] = (byte) (isDeferred() ? DESCRIPTOR_DEFERRED : DESCRIPTOR_CURRENT);
        b[1] = (byte) key.code();
        b[2] = (byte) asc;
        b[3] = (byte) ascq;
        if (informationValid) {
            b[7] = 12;
            b[8] = INFORMATION_DESCRIPTOR;
            b[9] = 0x0A;
            b[10] = (byte) 0x80;
            Cdbs.putU64(b, 12, information);
        }
        return b;
    }
}
