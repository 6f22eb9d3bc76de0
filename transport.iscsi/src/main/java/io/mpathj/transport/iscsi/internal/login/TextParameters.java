package io.mpathj.transport.iscsi.internal.login;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Text keys as Login and Text PDUs carry them (RFC 7143 §6.1): {@code key=value} in UTF-8, each followed by one NUL.
 * Order is kept and keys may repeat (SendTargets answers list TargetName/TargetAddress groups, Appendix C).
 */
public final class TextParameters {
    private final List<String[]> pairs = new ArrayList<>();

    public TextParameters add(String key, String value) {
        pairs.add(new String[] {key, value});
        return this;
    }

    public boolean isEmpty() {
        return pairs.isEmpty();
    }

    /** The first value of a key. */
    public Optional<String> get(String key) {
        for (String[] pair : pairs) {
            if (pair[0].equals(key)) {
                return Optional.of(pair[1]);
            }
        }
        return Optional.empty();
    }

    /** All pairs in order, as {key, value} arrays. */
    public List<String[]> pairs() {
        return Collections.unmodifiableList(pairs);
    }

    /** The data segment: {@code key=value\0} for each pair (§6.1). */
    public ByteBuffer encode() {
        StringBuilder sb = new StringBuilder();
        for (String[] pair : pairs) {
            sb.append(pair[0]).append('=').append(pair[1]).append('\0');
        }
        return ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Reads a data segment; a last pair without its NUL (a PDU split with the C bit) is kept as it is. */
    public static TextParameters decode(ByteBuffer segment) {
        byte[] bytes = new byte[segment.remaining()];
        segment.duplicate().get(bytes);
        return parse(new String(bytes, StandardCharsets.UTF_8));
    }

    static TextParameters parse(String text) {
        TextParameters parameters = new TextParameters();
        for (String item : text.split("\0")) {
            int eq = item.indexOf('=');
            if (eq > 0) {
                parameters.add(item.substring(0, eq), item.substring(eq + 1));
            }
        }
        return parameters;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (String[] pair : pairs) {
            sb.append(sb.length() == 0 ? "" : " ").append(pair[0]).append('=').append(pair[1]);
        }
        return sb.toString();
    }
}
