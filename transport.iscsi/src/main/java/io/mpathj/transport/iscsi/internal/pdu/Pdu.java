package io.mpathj.transport.iscsi.internal.pdu;

import java.nio.ByteBuffer;

/**
 * One iSCSI PDU: the 48-byte Basic Header Segment (RFC 7143 §11.2.1) and its data segment. Field accessors take
 * the byte offsets of §11; multi-byte fields are big-endian (§11.1).
 *
 * <p>A received PDU's data segment is a view into the connection's receive buffer: it is valid only while the PDU is
 * being handled, which is what lets Data-In payloads be copied exactly once, straight into the caller's buffer.
 */
public final class Pdu {
    public static final int BHS_LENGTH = 48;
    /** The reserved tag value (RFC 7143 §11.2.1.8, §11.18.2): "no task" / "no target transfer". */
    public static final int RESERVED_TAG = 0xFFFFFFFF;
    /** Byte 0 bit 6 (RFC 7143 §11.2.1.1). */
    public static final int IMMEDIATE_BIT = 0x40;
    /** Byte 1 bit 7, the F bit of most PDUs. */
    public static final int FINAL_BIT = 0x80;
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final byte[] bhs;
    private ByteBuffer data;

    public Pdu(byte[] bhs, ByteBuffer data) {
        if (bhs.length != BHS_LENGTH) {
            throw new IllegalArgumentException("BHS must be 48 bytes, got " + bhs.length);
        }
        this.bhs = bhs;
        this.data = data == null ? EMPTY : data;
    }

    /** A request with its opcode set, the immediate bit as given, and an empty data segment. */
    public static Pdu request(int opcode, boolean immediate) {
        byte[] bhs = new byte[BHS_LENGTH];
        bhs[0] = (byte) (opcode | (immediate ? IMMEDIATE_BIT : 0));
        return new Pdu(bhs, EMPTY);
    }

    /** A copy that outlives the receive buffer, for the few PDUs that are kept (login, text, task management). */
    public Pdu copy() {
        ByteBuffer segment = ByteBuffer.allocate(data.remaining());
        segment.put(data.duplicate()).flip();
        return new Pdu(bhs.clone(), segment);
    }

    /** The BHS bytes themselves (not a copy). */
    public byte[] bhs() {
        return bhs;
    }

    public int opcode() {
        return bhs[0] & 0x3F;
    }

    public boolean isImmediate() {
        return (bhs[0] & IMMEDIATE_BIT) != 0;
    }

    public int flags() {
        return bhs[1] & 0xFF;
    }

    public boolean isFinal() {
        return (bhs[1] & FINAL_BIT) != 0;
    }

    public Pdu flags(int flags) {
        bhs[1] = (byte) flags;
        return this;
    }

    /** The data segment: position 0, limit = DataSegmentLength. */
    public ByteBuffer data() {
        return data.duplicate();
    }

    public int dataLength() {
        return data.remaining();
    }

    /** Sets the data segment (not copied) and the DataSegmentLength field (§11.2.1.5). */
    public Pdu data(ByteBuffer segment) {
        this.data = segment == null ? EMPTY : segment;
        int length = data.remaining();
        if (length > 0xFFFFFF) {
            throw new IllegalArgumentException("data segment too long: " + length);
        }
        bhs[5] = (byte) (length >>> 16);
        bhs[6] = (byte) (length >>> 8);
        bhs[7] = (byte) length;
        return this;
    }

    public int u8(int offset) {
        return bhs[offset] & 0xFF;
    }

    public Pdu u8(int offset, int value) {
        bhs[offset] = (byte) value;
        return this;
    }

    public int u16(int offset) {
        return ((bhs[offset] & 0xFF) << 8) | (bhs[offset + 1] & 0xFF);
    }

    public Pdu u16(int offset, int value) {
        bhs[offset] = (byte) (value >>> 8);
        bhs[offset + 1] = (byte) value;
        return this;
    }

    /** A 32-bit field; sequence numbers and tags are compared as ints (serial arithmetic, §4.2.2.1). */
    public int u32(int offset) {
        return ((bhs[offset] & 0xFF) << 24) | ((bhs[offset + 1] & 0xFF) << 16) | ((bhs[offset + 2] & 0xFF) << 8)
                | (bhs[offset + 3] & 0xFF);
    }

    public Pdu u32(int offset, int value) {
        bhs[offset] = (byte) (value >>> 24);
        bhs[offset + 1] = (byte) (value >>> 16);
        bhs[offset + 2] = (byte) (value >>> 8);
        bhs[offset + 3] = (byte) value;
        return this;
    }

    public long u64(int offset) {
        return ((long) u32(offset) << 32) | (u32(offset + 4) & 0xFFFFFFFFL);
    }

    public Pdu u64(int offset, long value) {
        u32(offset, (int) (value >>> 32));
        return u32(offset + 4, (int) value);
    }

    /** TotalAHSLength in bytes (§11.2.1.4 counts 4-byte words). */
    public int ahsLength() {
        return u8(4) * 4;
    }

    /** LUN field, bytes 8-15 (§11.2.1.6). */
    public long lunField() {
        return u64(8);
    }

    public Pdu lunField(long value) {
        return u64(8, value);
    }

    /** Initiator Task Tag, bytes 16-19 (§11.2.1.8). */
    public int itt() {
        return u32(16);
    }

    public Pdu itt(int value) {
        return u32(16, value);
    }

    @Override
    public String toString() {
        return String.format("PDU opcode 0x%02x flags 0x%02x itt 0x%08x dsl %d", opcode(), flags(), itt(),
                dataLength());
    }
}
