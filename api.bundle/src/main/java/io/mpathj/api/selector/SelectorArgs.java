package io.mpathj.api.selector;

import io.mpathj.api.InvalidArgumentsException;
import java.util.List;

/**
 * Reading a path selector's arguments as the kernel's selectors read theirs.
 *
 * @since 2.1.0
 */
public final class SelectorArgs {
    /** The kernel's DMWARN_LIMIT text for a path's {@code repeat_count} above 1 (which is then used as 1). */
    public static final String REPEAT_COUNT_DEPRECATED = "repeat_count > 1 is deprecated, using 1 instead";

    private SelectorArgs() {
    }

    /**
     * A path's {@code repeat_count} as round-robin, queue-length and service-time read it: at most {@code maxArgs}
     * words ({@code "SELECTOR ps: incorrect number of arguments"}), the first one, if any, read with
     * {@link #parseUnsigned} ({@code "SELECTOR ps: invalid repeat count"}), 1 when there is none. Not clamped.
     */
    public static long repeatCount(String selector, List<String> args, int maxArgs)
            throws InvalidArgumentsException {
        if (args.size() > maxArgs) {
            throw new InvalidArgumentsException(selector + " ps: incorrect number of arguments");
        }
        return args.isEmpty() ? 1 : parseUnsigned(args.get(0), selector + " ps: invalid repeat count");
    }

    /**
     * Reads an unsigned number the way the kernel's {@code sscanf(arg, "%u%c", &value, &dummy) == 1} accepts it
     * (lib/vsprintf.c {@code vsscanf} and lib/kstrtox.c {@code _parse_integer}, torvalds/linux, read for this):
     * <ul>
     * <li>leading ASCII white space (space, \t, \n, \v, \f, \r) is skipped: {@code " 5"} is 5;</li>
     * <li>the first character after it must be an ASCII digit: {@code ""}, {@code "+5"}, {@code "-5"}, {@code "x"}
     * are invalid (unlike glibc, the kernel's {@code %u} takes no sign);</li>
     * <li>decimal only, leading zeros allowed ({@code "010"} is 10); digits are read as far as they go;</li>
     * <li>anything after the digits, even white space, is caught by {@code %c}: {@code "5 "}, {@code "5x"},
     * {@code "0x10"}, {@code "1e3"} are invalid;</li>
     * <li>a NUL ends the C string: {@code "5\0junk"} is 5;</li>
     * <li>overflow is not detected: the digits wrap modulo 2^64 and the {@code unsigned int} keeps the low 32 bits,
     * so {@code "4294967297"} is 1 and {@code "4294967296"} is 0.</li>
     * </ul>
     *
     * @param error the message of the exception thrown when {@code arg} is not such a number
     * @return the number as an unsigned 32-bit value (0 to 4294967295)
     */
    public static long parseUnsigned(String arg, String error) throws InvalidArgumentsException {
        int end = arg.indexOf('\0');
        if (end < 0) {
            end = arg.length();
        }
        int i = 0;
        while (i < end && isKernelSpace(arg.charAt(i))) {
            i++;
        }
        if (i == end || !isAsciiDigit(arg.charAt(i))) {
            throw new InvalidArgumentsException(error);
        }
        long value = 0;
        while (i < end && isAsciiDigit(arg.charAt(i))) {
            value = value * 10 + (arg.charAt(i) - '0');
            i++;
        }
        if (i != end) {
            throw new InvalidArgumentsException(error);
        }
        return value & 0xFFFF_FFFFL;
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isKernelSpace(char c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }
}
