package io.mpathj.core.internal.table;

import io.mpathj.api.InvalidArgumentsException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parses a multipath table in the kernel's grammar (the comment above parse_path_selector in dm-mpath.c):
 *
 * <pre>
 * &lt;#multipath feature args&gt; [&lt;arg&gt;]*
 * &lt;#hw_handler args&gt; [hw_handler [&lt;arg&gt;]*]
 * &lt;#priority groups&gt;
 * &lt;initial priority group&gt;
 *     [&lt;selector&gt; &lt;#selector args&gt; [&lt;arg&gt;]*
 *      &lt;#paths&gt; &lt;#per-path selector args&gt;
 *         [&lt;path&gt; [&lt;arg&gt;]* ]+ ]+
 * </pre>
 *
 * Limits and error texts are the kernel's ({@code ti->error}). A full dmsetup line ({@code 0 <len> multipath …},
 * optionally behind a {@code name:} as {@code dmsetup table} prints it) is accepted as well as the bare parameters.
 *
 * <p>Selector names are checked as they are read, as the kernel does ("unknown path selector type" before the
 * group's arg counts); selector constructor, add_path and device errors come from building the map afterwards.
 */
public final class TableParser {
    private static final Logger LOG = LoggerFactory.getLogger(TableParser.class);

    static final String TARGET_TYPE = "multipath";
    private static final int MAX_FEATURE_ARGS = 8;
    private static final int MAX_ARGS = 1024;

    /** Checks a selector name as the table names it; throws "unknown path selector type" (plus detail) if unknown. */
    @FunctionalInterface
    public interface SelectorCheck {
        void check(String name) throws InvalidArgumentsException;
    }

    private final SelectorCheck selectorCheck;

    /** A parser that accepts every selector name (syntax only). */
    public TableParser() {
        this(name -> { });
    }

    public TableParser(SelectorCheck selectorCheck) {
        this.selectorCheck = selectorCheck;
    }

    public MultipathTable parse(String text) throws InvalidArgumentsException {
        List<String> words = new ArrayList<>(Arrays.asList(text.trim().split("\\s+")));
        if (words.size() == 1 && words.get(0).isEmpty()) {
            words.clear();
        }
        long lengthSectors = stripTargetLine(words);
        KernelArgs as = new KernelArgs(words);

        Features features = parseFeatures(as);
        String handlerName = null;
        List<String> handlerArgs = List.of();
        int handlerArgc = as.readArgGroup(0, MAX_ARGS, "invalid number of hardware handler args");
        if (handlerArgc > 0) {
            if (features.queueMode() == QueueMode.BIO_BASED) {
                as.take(handlerArgc);
                LOG.error("bio-based multipath doesn't allow hardware handler args");
            } else {
                handlerName = as.shift();
                handlerArgs = as.take(handlerArgc - 1);
            }
        }

        int groupCount = as.readArg(0, MAX_ARGS, "invalid number of priority groups");
        int initialGroup = as.readArg(0, MAX_ARGS, "invalid initial priority group number");
        if ((groupCount == 0 && initialGroup != 0) || (groupCount != 0 && initialGroup == 0)) {
            throw new InvalidArgumentsException("invalid initial priority group");
        }

        List<PriorityGroupSpec> groups = new ArrayList<>();
        while (as.remaining() > 0) {
            groups.add(parsePriorityGroup(as));
        }
        if (groups.size() != groupCount) {
            throw new InvalidArgumentsException("priority group count mismatch");
        }
        return new MultipathTable(lengthSectors, features, handlerName, handlerArgs, initialGroup, groups);
    }

    /** Removes {@code [name:] 0 <len> multipath} from the front; returns the length, or -1 if there was none. */
    private static long stripTargetLine(List<String> words) throws InvalidArgumentsException {
        if (!words.isEmpty() && words.get(0).endsWith(":") && words.size() > 3
                && TARGET_TYPE.equals(words.get(3))) {
            words.remove(0);
        }
        if (words.size() < 3 || !TARGET_TYPE.equals(words.get(2))) {
            return -1;
        }
        long start = parseSectors(words.get(0));
        long length = parseSectors(words.get(1));
        if (start < 0 || length < 0) {
            throw new InvalidArgumentsException("invalid dmsetup line: expected '<start> <length> multipath <params>'");
        }
        if (start != 0) {
            throw new InvalidArgumentsException("a multipath map is one target starting at sector 0, not " + start);
        }
        words.subList(0, 3).clear();
        return length;
    }

    private static long parseSectors(String word) {
        if (word.isEmpty() || word.length() > 18 || !word.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        return Long.parseLong(word);
    }

    /** parse_features: counts and values checked in the kernel's order, with its texts. */
    private static Features parseFeatures(KernelArgs as) throws InvalidArgumentsException {
        int argc = as.readArgGroup(0, MAX_FEATURE_ARGS, "invalid number of feature args");
        boolean queueIfNoPath = false;
        boolean retain = false;
        int retries = 0;
        int delay = Features.PG_INIT_DELAY_DEFAULT;
        QueueMode mode = QueueMode.REQUEST_BASED;
        while (argc > 0) {
            String name = as.shift();
            argc--;
            if (name.equalsIgnoreCase("queue_if_no_path")) {
                queueIfNoPath = true;
            } else if (name.equalsIgnoreCase("retain_attached_hw_handler")) {
                retain = true;
            } else if (name.equalsIgnoreCase("pg_init_retries") && argc >= 1) {
                retries = as.readArg(1, 50, "pg_init_retries must be between 1 and 50");
                argc--;
            } else if (name.equalsIgnoreCase("pg_init_delay_msecs") && argc >= 1) {
                delay = as.readArg(0, 60000, "pg_init_delay_msecs must be between 0 and 60000");
                argc--;
            } else if (name.equalsIgnoreCase("queue_mode") && argc >= 1) {
                String modeName = as.shift();
                argc--;
                if (modeName.equalsIgnoreCase("bio")) {
                    mode = QueueMode.BIO_BASED;
                } else if (modeName.equalsIgnoreCase("rq") || modeName.equalsIgnoreCase("mq")) {
                    mode = QueueMode.REQUEST_BASED;
                } else {
                    throw new InvalidArgumentsException("Unknown 'queue_mode' requested");
                }
            } else {
                throw new InvalidArgumentsException("Unrecognised multipath feature request");
            }
        }
        // alloc_multipath_stage2: bio-based maps always keep the attached handler
        if (mode == QueueMode.BIO_BASED) {
            retain = true;
        }
        return new Features(queueIfNoPath, retain, retries, delay, mode);
    }

    /** parse_priority_group with parse_path_selector and the path loop. */
    private PriorityGroupSpec parsePriorityGroup(KernelArgs as) throws InvalidArgumentsException {
        if (as.remaining() < 2) {
            as.consumeAll();
            throw new InvalidArgumentsException("not enough priority group arguments");
        }
        String selector = as.shift();
        selectorCheck.check(selector);
        int selectorArgc = as.readArgGroup(0, MAX_ARGS, "invalid number of path selector args");
        List<String> selectorArgs = as.take(selectorArgc);

        int pathCount = as.readArg(1, MAX_ARGS, "invalid number of paths");
        int perPathArgs = as.readArg(0, MAX_ARGS, "invalid number of selector args");
        int wordsPerPath = 1 + perPathArgs;
        List<PathSpec> paths = new ArrayList<>(pathCount);
        for (int i = 0; i < pathCount; i++) {
            if (as.remaining() < wordsPerPath) {
                throw new InvalidArgumentsException("not enough path parameters");
            }
            String device = as.shift();
            paths.add(new PathSpec(device, as.take(perPathArgs)));
        }
        return new PriorityGroupSpec(selector, selectorArgs, paths);
    }
}
