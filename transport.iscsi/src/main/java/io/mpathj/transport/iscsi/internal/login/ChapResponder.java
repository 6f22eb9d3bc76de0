package io.mpathj.transport.iscsi.internal.login;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The initiator side of CHAP with MD5 (RFC 7143 §12.1.3, RFC 1994 §4.1): CHAP_R = MD5(CHAP_I as one byte, secret,
 * challenge). Binary values use the hex ({@code 0x}) or base64 ({@code 0b}) encodings of §6.1.
 */
public final class ChapResponder {
    /** CHAP_A value for MD5 (RFC 7143 §12.1.3, IANA PPP authentication algorithms). */
    public static final String MD5 = "5";

    private ChapResponder() {
    }

    /** The CHAP_R value for an identifier (CHAP_I, decimal) and a challenge (CHAP_C, encoded). */
    public static String response(String identifier, String challenge, byte[] secret) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            md5.update((byte) Integer.parseInt(identifier.trim()));
            md5.update(secret);
            md5.update(decodeBinary(challenge));
            return "0x" + HexFormat.of().formatHex(md5.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    }

    public static byte[] secretBytes(String secret) {
        return secret.getBytes(StandardCharsets.UTF_8);
    }

    /** A binary-value (§6.1): {@code 0x…} hex or {@code 0b…} base64. */
    static byte[] decodeBinary(String value) {
        String v = value.trim();
        if (v.startsWith("0x") || v.startsWith("0X")) {
            String hex = v.substring(2);
            return HexFormat.of().parseHex(hex.length() % 2 == 0 ? hex : "0" + hex);
        }
        if (v.startsWith("0b") || v.startsWith("0B")) {
            return Base64.getDecoder().decode(v.substring(2));
        }
        throw new IllegalArgumentException("not a binary value: " + value);
    }
}
