package io.mpathj.selector.round_robin.internal;

import io.mpathj.api.InvalidArgumentsException;
import io.mpathj.api.StatusType;
import io.mpathj.api.path.MapPath;
import io.mpathj.api.selector.PathSelector;
import java.util.List;
import java.util.function.Consumer;

/**
 * One priority group's round-robin selector. Usable paths sit in a "valid" ring, failed ones in an "invalid" ring;
 * {@link #select} takes the head of the valid ring and moves it to the tail, {@link #failPath} moves a path to the
 * invalid ring, {@link #reinstatePath} puts it back at the head of the valid ring (so it is chosen next), and
 * {@link #addPath} appends at the tail.
 *
 * <p>Each path's ring node is its {@link MapPath#selectorContext()}, so choosing, failing and reinstating a path
 * neither looks anything up nor allocates. The map already serializes the calls that change the rings; a private
 * lock still guards them so that a {@code select} from another thread can never see a half-moved node.
 */
final class RoundRobinSelector implements PathSelector {
    static final String WRONG_ARG_COUNT = "round-robin ps: incorrect number of arguments";
    static final String INVALID_REPEAT_COUNT = "round-robin ps: invalid repeat count";
    static final String REPEAT_COUNT_DEPRECATED = "repeat_count > 1 is deprecated, using 1 instead";
    /** RR_MIN_IO of v1.2.0: the repeat count of a path given without one. */
    static final long DEFAULT_REPEAT_COUNT = 1;

    private final Object lock = new Object();
    private final Node valid = new Node(this);
    private final Node invalid = new Node(this);
    private final Consumer<String> warnings;
    /** The kernel rate-limits the deprecation warning (DMWARN_LIMIT); this logs it once per selector. */
    private boolean warned;

    RoundRobinSelector(Consumer<String> warnings) {
        this.warnings = warnings;
    }

    @Override
    public void addPath(MapPath path, List<String> args) throws InvalidArgumentsException {
        if (args.size() > 1) {
            throw new InvalidArgumentsException(WRONG_ARG_COUNT);
        }
        long repeatCount = args.isEmpty() ? DEFAULT_REPEAT_COUNT : parseRepeatCount(args.get(0));
        synchronized (lock) {
            if (path.selectorContext() instanceof Node && ((Node) path.selectorContext()).owner == this) {
                throw new IllegalStateException("path " + path.name() + " was already added to this selector");
            }
            if (repeatCount > 1) {
                if (!warned) {
                    warned = true;
                    warnings.accept(REPEAT_COUNT_DEPRECATED);
                }
                repeatCount = 1;
            }
            Node node = new Node(this, path, repeatCount);
            path.setSelectorContext(node);
            node.insertBefore(valid);
        }
    }

    @Override
    public MapPath select(long nrBytes) {
        synchronized (lock) {
            Node head = valid.next;
            if (head == valid) {
                return null;
            }
            head.unlink();
            head.insertBefore(valid);
            return head.path;
        }
    }

    @Override
    public void failPath(MapPath path) {
        moveToHead(path, invalid);
    }

    @Override
    public void reinstatePath(MapPath path) {
        moveToHead(path, valid);
    }

    /** Group status: no words, which the map prints as the kernel's {@code "0 "}. */
    @Override
    public List<String> groupStatus(StatusType type) {
        return List.of();
    }

    /** TABLE: the path's repeat count (one word, as {@code table_args = 1}); INFO: nothing ({@code info_args = 0}). */
    @Override
    public List<String> pathStatus(MapPath path, StatusType type) {
        Node node = nodeOf(path);
        return type == StatusType.TABLE ? node.tableWords : List.of();
    }

    /** The destructor: forgets every path and clears the per-path contexts it set. */
    @Override
    public void close() {
        synchronized (lock) {
            clear(valid);
            clear(invalid);
        }
    }

    private static void clear(Node ring) {
        while (ring.next != ring) {
            Node node = ring.next;
            node.unlink();
            if (node.path.selectorContext() == node) {
                node.path.setSelectorContext(null);
            }
        }
    }

    /** The kernel's {@code list_move}: wherever the path is, it becomes the head of {@code ring}. */
    private void moveToHead(MapPath path, Node ring) {
        synchronized (lock) {
            Node node = nodeOf(path);
            node.unlink();
            node.insertAfter(ring);
        }
    }

    private Node nodeOf(MapPath path) {
        Object context = path.selectorContext();
        if (!(context instanceof Node) || ((Node) context).owner != this) {
            throw new IllegalArgumentException("path " + path.name() + " is not in this selector");
        }
        return (Node) context;
    }

    /**
     * Reads a repeat count the way the kernel's {@code sscanf(arg, "%u%c", &count, &dummy) == 1} accepts it
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
     * so {@code "4294967297"} is 1 and {@code "4294967296"} is 0;</li>
     * <li>0 is accepted and kept (only values above 1 are clamped), and TABLE output prints {@code 0}.</li>
     * </ul>
     *
     * @return the count as an unsigned 32-bit value
     */
    static long parseRepeatCount(String arg) throws InvalidArgumentsException {
        int end = arg.indexOf('\0');
        if (end < 0) {
            end = arg.length();
        }
        int i = 0;
        while (i < end && isKernelSpace(arg.charAt(i))) {
            i++;
        }
        if (i == end || !isAsciiDigit(arg.charAt(i))) {
            throw new InvalidArgumentsException(INVALID_REPEAT_COUNT);
        }
        long value = 0;
        while (i < end && isAsciiDigit(arg.charAt(i))) {
            value = value * 10 + (arg.charAt(i) - '0');
            i++;
        }
        if (i != end) {
            throw new InvalidArgumentsException(INVALID_REPEAT_COUNT);
        }
        return value & 0xFFFF_FFFFL;
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isKernelSpace(char c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }

    /** A path's place in one of the two rings (the kernel's {@code path_info}); a ring's sentinel has no path. */
    private static final class Node {
        final RoundRobinSelector owner;
        final MapPath path;
        final List<String> tableWords;
        Node prev = this;
        Node next = this;

        Node(RoundRobinSelector owner) {
            this(owner, null, 0);
        }

        Node(RoundRobinSelector owner, MapPath path, long repeatCount) {
            this.owner = owner;
            this.path = path;
            this.tableWords = List.of(Long.toString(repeatCount));
        }

        void unlink() {
            prev.next = next;
            next.prev = prev;
            prev = this;
            next = this;
        }

        /** Links this node just before {@code at}: at the tail when {@code at} is a sentinel. */
        void insertBefore(Node at) {
            link(at.prev, at);
        }

        /** Links this node just after {@code at}: at the head when {@code at} is a sentinel. */
        void insertAfter(Node at) {
            link(at, at.next);
        }

        private void link(Node before, Node after) {
            prev = before;
            next = after;
            before.next = this;
            after.prev = this;
        }
    }
}
