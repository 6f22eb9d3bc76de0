package io.mpathj.daemon.internal.assembly;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The user_friendly_names bindings file, multipath-tools' format (libmultipath/alias.c): one {@code ALIAS WWID}
 * line per map, {@code #} comments. An unbound WWID gets the first free name of the sequence PREFIX{@code a},
 * …{@code z}, {@code aa}, … ({@code mpatha} with the default {@code alias_prefix}), and the line is written at once
 * (appended; a new file is written whole and atomically), so names stay the same across restarts. A line that binds an alias or a WWID
 * already bound is ignored with a WARN, as multipath-tools does.
 */
public final class Bindings {
    private static final Logger LOG = LoggerFactory.getLogger(Bindings.class);
    static final String HEADER = "# Multipath bindings, Version : 1.0\n"
            + "# NOTE: this file is automatically maintained by the multipath program.\n"
            + "# You should not need to edit this file in normal circumstances.\n"
            + "#\n# Format:\n# alias wwid\n#\n";

    private final Path file;
    private final Map<String, String> aliasByWwid = new LinkedHashMap<>();
    private final Map<String, String> wwidByAlias = new LinkedHashMap<>();

    private Bindings(Path file) {
        this.file = file;
    }

    /** Reads the file (none: no bindings yet); null file: bindings kept in memory only. */
    public static Bindings read(Path file) {
        Bindings b = new Bindings(file);
        if (file != null && Files.isRegularFile(file)) {
            try {
                for (String[] entry : EtcFiles.contentLines(file)) {
                    String n = entry[0];
                    String line = entry[2];
                    String[] w = entry[1].split("\\s+");
                    if (w.length < 2) {
                        LOG.warn("{} line {}: ignoring malformed binding \"{}\"", file, n, line);
                    } else if (b.wwidByAlias.containsKey(w[0]) || b.aliasByWwid.containsKey(w[1])) {
                        LOG.warn("{} line {}: ignoring duplicate binding {} {}", file, n, w[0], w[1]);
                    } else {
                        b.aliasByWwid.put(w[1], w[0]);
                        b.wwidByAlias.put(w[0], w[1]);
                    }
                }
            } catch (IOException e) {
                LOG.warn("cannot read bindings file {}: {}", file, e.toString());
            }
        }
        return b;
    }

    /** The alias bound to a WWID, or null. */
    public synchronized String alias(String wwid) {
        return aliasByWwid.get(wwid);
    }

    /**
     * The WWID's alias, binding the first free name of the prefix's sequence when it has none; names in
     * {@code taken} (maps of other WWIDs) are skipped.
     */
    public synchronized String bind(String wwid, String prefix, java.util.function.Predicate<String> taken) {
        String bound = aliasByWwid.get(wwid);
        if (bound != null) {
            return bound;
        }
        for (long i = 0;; i++) {
            String name = prefix + suffix(i);
            if (!wwidByAlias.containsKey(name) && !taken.test(name)) {
                aliasByWwid.put(wwid, name);
                wwidByAlias.put(name, wwid);
                write(name + " " + wwid + "\n");
                return name;
            }
        }
    }

    /** multipath-tools' alias suffix: 0 → a, 25 → z, 26 → aa, … (bijective base 26). */
    public static String suffix(long id) {
        StringBuilder sb = new StringBuilder();
        long n = id + 1;
        while (n > 0) {
            n--;
            sb.append((char) ('a' + n % 26));
            n /= 26;
        }
        return sb.reverse().toString();
    }

    public synchronized Map<String, String> all() {
        return Map.copyOf(aliasByWwid);
    }

    /** Appends the new binding's line (the whole file when it is new). */
    private void write(String line) {
        if (file == null) {
            return;
        }
        List<String> lines = new ArrayList<>();
        wwidByAlias.forEach((a, w) -> lines.add(a + " " + w));
        try {
            EtcFiles.append(file, line, HEADER + String.join("\n", lines) + "\n");
        } catch (IOException e) {
            LOG.warn("cannot write bindings file {}: {} (the names hold until the container stops)", file,
                    e.toString());
        }
    }
}
