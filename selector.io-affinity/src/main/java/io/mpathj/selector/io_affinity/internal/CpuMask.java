package io.mpathj.selector.io_affinity.internal;

import java.util.BitSet;

/**
 * A CPU mask as the kernel reads and prints one: {@code cpumask_parse} (lib/bitmap-str.c {@code bitmap_parse}) and
 * {@code %*pb} (lib/vsprintf.c {@code bitmap_string}), both over {@code nr_cpu_ids} bits, which is what
 * {@code nr_cpumask_bits} is in a kernel built with {@code CONFIG_CPUMASK_OFFSTACK} (Debian's).
 */
final class CpuMask {
    private static final int CHUNK = 32;

    private CpuMask() {
    }

    /**
     * Hexadecimal, read from the right: commas and white space end a chunk of at most 8 digits (32 bits, the
     * rightmost chunk being CPUs 0 to 31), empty chunks are skipped ({@code ""}, {@code ","}, {@code "1,,5"} are
     * valid), a newline or NUL ends the text; {@code 0x}, signs and other letters are refused. A chunk of 9 digits,
     * more chunks than {@code nbits} needs, or a bit at {@code nbits} or above is refused too.
     *
     * @return the mask, or null where the kernel returns -EINVAL or -EOVERFLOW
     */
    static BitSet parse(String text, int nbits) {
        int newline = firstOf(text, '\n', '\0');
        int end = newline - 1;
        int chunks = (nbits + CHUNK - 1) / CHUNK;
        BitSet mask = new BitSet(nbits);
        for (int chunk = 0;; chunk++) {
            while (end >= 0 && endsRegion(text.charAt(end))) {
                end--;
            }
            if (end < 0) {
                break;
            }
            if (chunks-- == 0) {
                return null;
            }
            // one chunk, from its last digit backwards
            long value = 0;
            boolean ended = false;
            for (int shift = 0; shift < CHUNK; shift += 4) {
                int digit = Character.digit(hex(text.charAt(end--)), 16);
                if (digit < 0) {
                    return null;
                }
                value |= (long) digit << shift;
                if (end < 0 || endsRegion(text.charAt(end))) {
                    ended = true;
                    break;
                }
            }
            if (!ended && Character.digit(hex(text.charAt(end--)), 16) >= 0) {
                return null; // a ninth digit
            }
            for (int bit = 0; bit < CHUNK; bit++) {
                if ((value & (1L << bit)) != 0) {
                    mask.set(chunk * CHUNK + bit);
                }
            }
        }
        int unset = ((nbits + CHUNK - 1) / CHUNK - chunks) * CHUNK;
        if (unset < nbits) {
            return mask;
        }
        return mask.nextSetBit(nbits) >= 0 ? null : mask;
    }

    /**
     * {@code %*pb}: the {@code nbits} bits in hexadecimal, lower case, chunks of 32 bits separated by commas, the most
     * significant first; the first chunk has as many digits as its bits need, zero-padded, the others 8.
     */
    static String format(BitSet mask, int nbits) {
        StringBuilder sb = new StringBuilder();
        int first = nbits % CHUNK == 0 ? CHUNK : nbits % CHUNK;
        int width = (first + 3) / 4;
        for (int low = ((nbits + CHUNK - 1) / CHUNK - 1) * CHUNK; low >= 0; low -= CHUNK) {
            long value = 0;
            for (int bit = 0; bit < width * 4 && bit < CHUNK; bit++) {
                if (mask.get(low + bit)) {
                    value |= 1L << bit;
                }
            }
            if (sb.length() > 0) {
                sb.append(',');
            }
            String digits = Long.toHexString(value);
            sb.append("0".repeat(Math.max(0, width - digits.length()))).append(digits);
            width = CHUNK / 4;
        }
        return sb.toString();
    }

    /** Only ASCII hex digits count (hex_to_bin); Character.digit would take other scripts' digits. */
    private static char hex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') ? c : 'z';
    }

    /** The kernel's {@code __end_of_region}: white space or a comma. */
    private static boolean endsRegion(char c) {
        return c == ',' || c == ' ' || (c >= '\t' && c <= '\r');
    }

    private static int firstOf(String text, char a, char b) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == a || text.charAt(i) == b) {
                return i;
            }
        }
        return text.length();
    }
}
