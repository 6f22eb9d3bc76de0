package io.mpathj.api.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads one configuration (the properties of a ConfigAdmin configuration, typically from a {@code .cfg} file in
 * {@code etc/}) by the keys a component documents, spelled exactly as in the file ({@code port_groups}, not the
 * {@code port.groups} that a DS property type would make of a method named {@code port_groups}).
 *
 * <p>Every getter records what went wrong instead of throwing, so one pass reports every bad key of a file:
 * {@link #problems()} lists values that do not parse or are out of range, {@link #unknownKeys()} the keys nobody
 * asked for. A component refuses the configuration when there are problems and warns about unknown keys.
 */
public final class ConfigReader {
    /** Keys that ConfigAdmin, FileInstall and DS add to every configuration (and DS's {@code osgi.ds.*}). */
    private static final Set<String> FRAMEWORK_KEYS = Set.of("service.pid", "service.factoryPid",
            "service.bundleLocation", "component.name", "component.id", "felix.fileinstall.filename",
            ":org.apache.felix.configadmin.revision:", "service.ranking", "objectClass");
    private static final String FILE_KEY = "felix.fileinstall.filename";

    private final Map<String, ?> properties;
    private final Set<String> asked = new LinkedHashSet<>();
    private final List<String> problems = new ArrayList<>();

    public ConfigReader(Map<String, ?> properties) {
        this.properties = properties;
    }

    /**
     * Where the configuration came from, as an operator finds it: the file with its folder's name
     * ({@code etc/io.mpathj.map-x.cfg}), or its PID when it did not come from a file.
     */
    public String source() {
        Object file = properties.get(FILE_KEY);
        if (file == null) {
            Object pid = properties.get("service.pid");
            return pid == null ? "(no file)" : pid.toString();
        }
        String f = file.toString().replace('\\', '/');
        int last = f.lastIndexOf('/');
        int folder = last <= 0 ? -1 : f.lastIndexOf('/', last - 1);
        return f.substring(folder + 1);
    }

    /** A text value; {@code defaultValue} when the key is absent. Surrounding white space is dropped. */
    public String string(String key, String defaultValue) {
        asked.add(key);
        Object v = properties.get(key);
        return v == null ? defaultValue : v.toString().strip();
    }

    /**
     * A text value that may be left out but not left blank: {@code defaultValue} when the key is absent; when it is
     * present but blank, a problem ({@code KEY: empty (give a value or leave the key out)}) and {@code defaultValue}.
     */
    public String nonBlank(String key, String defaultValue) {
        String v = string(key, null);
        if (v == null) {
            return defaultValue;
        }
        if (v.isEmpty()) {
            problems.add(key + ": empty (give a value or leave the key out)");
            return defaultValue;
        }
        return v;
    }

    /** A text value that must be present and not blank; null (and a problem) otherwise. */
    public String required(String key) {
        String v = string(key, null);
        if (v == null || v.isEmpty()) {
            problems.add(key + ": missing (required)");
            return null;
        }
        return v;
    }

    /** One of {@code allowed} (case-insensitive, returned in the allowed spelling). */
    public String choice(String key, String defaultValue, String... allowed) {
        String v = string(key, defaultValue);
        for (String a : allowed) {
            if (a.equalsIgnoreCase(v)) {
                return a;
            }
        }
        problems.add(key + ": '" + v + "' is not one of " + String.join(", ", allowed));
        return defaultValue;
    }

    /** A whole number in {@code [min, max]}; the default when absent, and when it does not parse (with a problem). */
    public long number(String key, long defaultValue, long min, long max) {
        asked.add(key);
        Object v = properties.get(key);
        if (v == null) {
            return defaultValue;
        }
        long n;
        if (v instanceof Number && !(v instanceof Double) && !(v instanceof Float)) {
            n = ((Number) v).longValue();
        } else {
            String s = v.toString().strip();
            try {
                n = Long.parseLong(s);
            } catch (NumberFormatException e) {
                problems.add(key + ": '" + s + "' is not a whole number"
                        + (s.matches("[+-]?\\d+") ? " that fits in 64 bits" : ""));
                return defaultValue;
            }
        }
        if (n < min || n > max) {
            problems.add(key + ": " + n + " is outside " + min + ".." + max);
            return defaultValue;
        }
        return n;
    }

    /** {@link #number} for an int range. */
    public int integer(String key, int defaultValue, int min, int max) {
        return (int) number(key, defaultValue, min, max);
    }

    /** {@code true}/{@code false} (also yes/no, on/off, 1/0). */
    public boolean flag(String key, boolean defaultValue) {
        asked.add(key);
        Object v = properties.get(key);
        if (v == null) {
            return defaultValue;
        }
        if (v instanceof Boolean) {
            return (Boolean) v;
        }
        switch (v.toString().strip().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "on", "1":
                return true;
            case "false", "no", "off", "0":
                return false;
            default:
                problems.add(key + ": '" + v + "' is not true or false");
                return defaultValue;
        }
    }

    /**
     * Records a problem the component found itself, in the same form as the getters' ({@code key: what is wrong}):
     * a value that parses but cannot be used, or two keys that disagree.
     */
    public void problem(String key, String what) {
        problems.add(key + ": " + what);
    }

    /** Values that did not parse, were out of range or missing, as {@code key: what is wrong}, in reading order. */
    public List<String> problems() {
        return Collections.unmodifiableList(problems);
    }

    /** Keys in the configuration that no getter asked for (framework keys aside), sorted. */
    public List<String> unknownKeys() {
        Set<String> unknown = new TreeSet<>();
        for (String k : properties.keySet()) {
            if (!asked.contains(k) && !FRAMEWORK_KEYS.contains(k) && !k.startsWith("osgi.ds.")) {
                unknown.add(k);
            }
        }
        return List.copyOf(unknown);
    }

    /** The keys the getters asked for, in the order they were asked: the keys the component knows. */
    public List<String> knownKeys() {
        return List.copyOf(asked);
    }

    /** The problems as one line, e.g. for a shell listing: {@code lun_blocks: 'x' is not a whole number; …}. */
    public String problemSummary() {
        return String.join("; ", problems);
    }
}
