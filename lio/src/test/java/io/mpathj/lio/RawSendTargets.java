package io.mpathj.lio;

import io.mpathj.transport.iscsi.IscsiPortal;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * SendTargets=All as raw text, for the record: the transport's discovery keeps each portal once, this keeps every
 * key=value pair of the Text Response as the target sent it. One discovery session (RFC 7143 §6.3, started in the
 * operational stage, no security negotiation), one Text Request (§11.10, appendix C), then the socket is closed.
 */
final class RawSendTargets {
    private static final int BHS = 48;

    private RawSendTargets() {
    }

    /** The key=value pairs of the answer, in order. */
    static List<String> ask(IscsiPortal portal, String initiatorName, int timeoutMillis) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(portal.host(), portal.port()), timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            OutputStream out = socket.getOutputStream();
            DataInputStream in = new DataInputStream(socket.getInputStream());

            // without MaxRecvDataSegmentLength declared (RFC 7143 default 8192), LIO 6.1 answers SendTargets with
            // an empty Text Response carrying the C (continue) bit
            byte[] login = pdu(0x43, 0x87, "InitiatorName=" + initiatorName + "\0SessionType=Discovery\0"
                    + "HeaderDigest=None\0DataDigest=None\0MaxRecvDataSegmentLength=65536\0");
            login[8] = (byte) 0x80; // ISID: random format (§11.12.5)
            login[13] = 0x01;
            out.write(login);
            ByteBuffer response = ByteBuffer.wrap(read(in));
            if ((response.get(0) & 0x3F) != 0x23 || response.get(36) != 0) {
                throw new IOException(String.format("login refused: opcode 0x%02x, status class %d detail %d",
                        response.get(0), response.get(36), response.get(37)));
            }
            long statSn = response.getInt(24) & 0xFFFFFFFFL;
            int expCmdSn = response.getInt(28);

            byte[] text = pdu(0x44, 0x80, "SendTargets=All\0");
            ByteBuffer t = ByteBuffer.wrap(text);
            t.putInt(16, 1); // ITT
            t.putInt(20, 0xFFFFFFFF); // TTT
            t.putInt(24, expCmdSn);
            t.putInt(28, (int) (statSn + 1));
            out.write(text);
            ByteBuffer answer = ByteBuffer.wrap(read(in));
            if ((answer.get(0) & 0x3F) != 0x24 || (answer.get(1) & 0x80) == 0) {
                throw new IOException(String.format("no final Text Response: opcode 0x%02x flags 0x%02x",
                        answer.get(0), answer.get(1)));
            }
            int length = answer.getInt(4) & 0xFFFFFF;
            String data = new String(answer.array(), BHS, length, StandardCharsets.UTF_8);
            List<String> pairs = new ArrayList<>();
            for (String pair : data.split("\0")) {
                if (!pair.isEmpty()) {
                    pairs.add(pair);
                }
            }
            return pairs;
        }
    }

    /** A BHS with {@code data} as its data segment, padded to four bytes. */
    private static byte[] pdu(int opcode, int flags, String data) {
        byte[] d = data.getBytes(StandardCharsets.UTF_8);
        byte[] p = new byte[BHS + (d.length + 3) / 4 * 4];
        p[0] = (byte) opcode;
        p[1] = (byte) flags;
        p[5] = (byte) (d.length >> 16);
        p[6] = (byte) (d.length >> 8);
        p[7] = (byte) d.length;
        System.arraycopy(d, 0, p, BHS, d.length);
        return p;
    }

    /** One PDU: its BHS and data segment (padding dropped); no AHS or digests are negotiated. */
    private static byte[] read(DataInputStream in) throws IOException {
        byte[] bhs = new byte[BHS];
        in.readFully(bhs);
        int length = (bhs[5] & 0xFF) << 16 | (bhs[6] & 0xFF) << 8 | bhs[7] & 0xFF;
        byte[] p = new byte[BHS + length];
        System.arraycopy(bhs, 0, p, 0, BHS);
        in.readFully(p, BHS, length);
        in.readFully(new byte[(4 - length % 4) % 4]);
        return p;
    }
}
