package io.mpathj.core.internal.table;

import io.mpathj.api.InvalidArgumentsException;
import java.util.List;

/**
 * The kernel's {@code struct dm_arg_set} walk: shift words off the front of an argument list, read bounded unsigned
 * numbers the way {@code dm_read_arg} does ({@code sscanf("%u%c")} must match exactly one number, then the range
 * check), and fail with the caller's error text.
 */
public final class KernelArgs {
    private final List<String> words;
    private int next;

    public KernelArgs(List<String> words) {
        this.words = words;
    }

    /** Words not yet consumed (the kernel's {@code as->argc}). */
    public int remaining() {
        return words.size() - next;
    }

    /** The next word, or null when none is left ({@code dm_shift_arg}). */
    public String shift() {
        return next < words.size() ? words.get(next++) : null;
    }

    /** The next {@code n} words, consumed ({@code dm_consume_args} after reading them). */
    public List<String> take(int n) {
        List<String> out = List.copyOf(words.subList(next, next + n));
        next += n;
        return out;
    }

    /** Drops every remaining word. */
    public void consumeAll() {
        next = words.size();
    }

    /** {@code dm_read_arg}: one unsigned number in [min, max]. */
    public int readArg(int min, int max, String error) throws InvalidArgumentsException {
        return validate(min, max, error, false);
    }

    /** {@code dm_read_arg_group}: like readArg, and at least that many words must follow. */
    public int readArgGroup(int min, int max, String error) throws InvalidArgumentsException {
        return validate(min, max, error, true);
    }

    private int validate(int min, int max, String error, boolean grouped) throws InvalidArgumentsException {
        String word = shift();
        long value = word == null ? -1 : parseUnsigned(word);
        if (value < min || value > max || (grouped && remaining() < value)) {
            throw new InvalidArgumentsException(error);
        }
        return (int) value;
    }

    /**
     * What the kernel's {@code sscanf(s, "%u%c", &v, &dummy) == 1} accepts, as an unsigned 32-bit value: decimal
     * digits and nothing after them. The kernel's {@code %u} takes no sign (lib/vsprintf.c {@code vsscanf} allows a
     * minus only for signed conversions, a plus never), so {@code +1} and {@code -1} are not numbers; the digits
     * are read modulo 2^64 and stored modulo 2^32, so {@code 4294967297} reads as 1. Returns -1 for anything sscanf
     * would not match as exactly one number.
     */
    public static long parseUnsigned(String s) {
        if (s.isEmpty()) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0'); // wraps modulo 2^64 like the kernel's simple_strtoull
        }
        return value & 0xFFFF_FFFFL;
    }
}
