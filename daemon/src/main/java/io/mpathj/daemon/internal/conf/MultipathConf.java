package io.mpathj.daemon.internal.conf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * An operator's multipath.conf as parsed: the sections as written (after multipath-tools' own clean-ups: duplicate
 * device sections of one file merged, multipath sections without wwid dropped and duplicates merged, protocol
 * sections without type dropped), and every message about it. Not merged with anything: see {@link MergedConfig}.
 */
public final class MultipathConf {
    public final String file;
    public final Map<Keyword, ConfValue> defaults;
    public final BlacklistRules blacklist;
    public final BlacklistRules exceptions;
    /** The devices section, in file order (later entries win). */
    public final List<DeviceRule> devices;
    public final Map<Keyword, ConfValue> overrides;
    /** The overrides section's protocol subsections, one per type. */
    public final List<ConfEntry> protocols;
    /** The multipaths section, sorted by wwid as multipath-tools sorts it. */
    public final List<ConfEntry> multipaths;
    public final List<Diagnostic> diagnostics;

    MultipathConf(String file, Map<Keyword, ConfValue> defaults, BlacklistRules blacklist,
            BlacklistRules exceptions, List<DeviceRule> devices, Map<Keyword, ConfValue> overrides,
            List<ConfEntry> protocols, List<ConfEntry> multipaths, List<Diagnostic> diagnostics) {
        this.file = file;
        this.defaults = Collections.unmodifiableMap(copy(defaults));
        this.blacklist = blacklist;
        this.exceptions = exceptions;
        this.devices = List.copyOf(devices);
        this.overrides = Collections.unmodifiableMap(copy(overrides));
        this.protocols = List.copyOf(protocols);
        this.multipaths = List.copyOf(multipaths);
        this.diagnostics = List.copyOf(diagnostics);
    }

    private static EnumMap<Keyword, ConfValue> copy(Map<Keyword, ConfValue> m) {
        EnumMap<Keyword, ConfValue> c = new EnumMap<>(Keyword.class);
        c.putAll(m);
        return c;
    }

    /** No configuration file: built-in settings only. */
    public static MultipathConf empty() {
        return parse("multipath.conf", "");
    }

    /**
     * Parses {@code text}; {@code file} names it in messages ("multipath.conf line 3, …"). Never throws for any
     * content: problems are {@link #diagnostics}.
     */
    public static MultipathConf parse(String file, String text) {
        return new ConfParser(file, text).parse();
    }

    /** Reads and parses a file; messages name it by its file name. */
    public static MultipathConf read(Path path) throws IOException {
        return parse(path.getFileName().toString(), Files.readString(path, StandardCharsets.ISO_8859_1));
    }

    public boolean hasErrors() {
        return diagnostics.stream().anyMatch(d -> d.level() == Diagnostic.Level.ERROR);
    }

    /** Throws {@link ConfSyntaxException} listing every ERROR when there is one; returns this otherwise. */
    public MultipathConf requireNoErrors() throws ConfSyntaxException {
        List<Diagnostic> errors = diagnostics.stream().filter(d -> d.level() == Diagnostic.Level.ERROR).toList();
        if (!errors.isEmpty()) {
            throw new ConfSyntaxException(errors);
        }
        return this;
    }
}
