package io.mpathj.storage.sim.internal.osgi;

import io.mpathj.api.config.ConfigReader;
import io.mpathj.storage.sim.SimArray;
import io.mpathj.storage.sim.SimArrayBuilder;
import io.mpathj.storage.sim.SimTime;
import io.mpathj.storage.sim.Tpgs;
import io.mpathj.storage.sim.personality.ArrayPersonality;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a simulated array is made of, from a {@code io.mpathj.sim.array-NAME.cfg} file or from {@code sim:create}:
 * port groups {@code A}, {@code B}, … of ports {@code A0}, {@code A1}, …, group A preferred: with {@code alua} group A
 * active/optimized and the others standby, with {@code clariion} or {@code eseries} SP (controller) A owning every
 * LU, with {@code msa} controller A active. Two equal configs, {@link #resolve resolved} with the same personality,
 * build equal arrays: a change of any field is structural.
 *
 * @param personality the name of the array personality, lower case
 * @param tpgs the TPGS field; once resolved, the personality's only value if it supports one
 */
public record SimArrayConfig(String name, String personality, Tpgs tpgs, int portGroups, int portsPerGroup,
        int luns, long lunBlocks, int blockSize) {
    /** The documented keys of a {@code .cfg} file, in the order the README lists them. */
    public static final List<String> KEYS = List.of("name", "personality", "tpgs", "port_groups", "ports_per_group",
            "luns", "lun_blocks", "block_size");
    static final int MAX_GROUPS = 8;
    static final int MAX_PORTS = 8;
    static final int MAX_LUNS = 64;
    static final int DEFAULT_GROUPS = 2;
    static final int DEFAULT_PORTS = 2;
    static final int DEFAULT_LUNS = 1;
    static final long DEFAULT_LUN_BLOCKS = 2_097_152;
    static final int DEFAULT_BLOCK_SIZE = 512;
    /** An LU in memory holds at most 1 TiB (its table of 1 MiB segments stays at 8 MiB). */
    static final long MAX_LU_BYTES = 1L << 40;
    static final int MAX_NAME_LENGTH = 64;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1," + MAX_NAME_LENGTH + "}");
    private static final Pattern PERSONALITY = Pattern.compile("[a-z0-9_-]{1,64}");
    private static final String FILE_PREFIX = ConfiguredSimArray.FACTORY_PID + "-";

    /** A configuration read from ConfigAdmin: the config, or null and why not. */
    public record Reading(String source, SimArrayConfig config, List<String> problems, List<String> unknownKeys) {
        /** The problems as one line, e.g. {@code lun_blocks: 'abc' is not a whole number}. */
        public String problemSummary() {
            return String.join("; ", problems);
        }
    }

    /**
     * Reads the documented keys of one configuration; every value that is missing, does not parse or is out of range
     * is a problem, and then there is no config (nothing is defaulted in its place).
     */
    public static Reading read(Map<String, ?> properties) {
        ConfigReader r = new ConfigReader(properties);
        String fileName = fileArrayName(properties);
        String name = fileName == null ? r.required("name") : r.string("name", fileName);
        if (name != null && !isName(name)) { // null: missing, already a problem
            r.problem("name", nameProblem(name));
        }
        String personality = r.nonBlank("personality", "alua").strip().toLowerCase(Locale.ROOT);
        if (!PERSONALITY.matcher(personality).matches()) {
            r.problem("personality", "'" + personality + "' is not a personality name (letters, digits, '_', '-')");
        }
        String tpgs = r.choice("tpgs", "both", "none", "implicit", "explicit", "both");
        int groups = r.integer("port_groups", DEFAULT_GROUPS, 1, MAX_GROUPS);
        int ports = r.integer("ports_per_group", DEFAULT_PORTS, 1, MAX_PORTS);
        int luns = r.integer("luns", DEFAULT_LUNS, 1, MAX_LUNS);
        int blockSize = Integer.parseInt(r.choice("block_size", String.valueOf(DEFAULT_BLOCK_SIZE), "512", "4096"));
        long blocks = r.number("lun_blocks", DEFAULT_LUN_BLOCKS, 1, maxLunBlocks(blockSize));
        List<String> problems = r.problems();
        SimArrayConfig config = problems.isEmpty() ? new SimArrayConfig(name, personality, parseTpgs(tpgs), groups,
                ports, luns, blocks, blockSize) : null;
        return new Reading(r.source(), config, List.copyOf(problems), r.unknownKeys());
    }

    /** The most blocks an LU of this block size can have: {@link #MAX_LU_BYTES} of them. */
    static long maxLunBlocks(int blockSize) {
        return MAX_LU_BYTES / blockSize;
    }

    /** NAME of a file {@code io.mpathj.sim.array-NAME.cfg}, the default of {@code name=}; null without a file. */
    private static String fileArrayName(Map<String, ?> properties) {
        Object file = properties.get("felix.fileinstall.filename");
        if (file == null) {
            return null;
        }
        String f = file.toString().replace('\\', '/');
        f = f.substring(f.lastIndexOf('/') + 1);
        if (f.startsWith(FILE_PREFIX) && f.endsWith(".cfg")) {
            return f.substring(FILE_PREFIX.length(), f.length() - ".cfg".length());
        }
        return null;
    }

    static String nameProblem(String name) {
        return "'" + name + "' is not an array name (1 to " + MAX_NAME_LENGTH
                + " letters, digits, '.', '_' or '-')";
    }

    static boolean isName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    static Tpgs parseTpgs(String s) {
        switch (s.toLowerCase(Locale.ROOT)) {
            case "implicit":
                return Tpgs.IMPLICIT;
            case "explicit":
                return Tpgs.EXPLICIT;
            case "both":
                return Tpgs.BOTH;
            case "none":
                return Tpgs.NONE; // a plain disk: no ALUA, so Linux attaches no handler to it
            default:
                throw new IllegalArgumentException("tpgs must be none, implicit, explicit or both, not " + s);
        }
    }

    /**
     * This configuration for an array of {@code p}: a personality that supports one TPGS value has that one, whatever
     * the {@code tpgs} key said (it does not count for such arrays).
     */
    public SimArrayConfig resolve(ArrayPersonality p) {
        Tpgs effective = p.supportedTpgs().size() == 1 ? p.supportedTpgs().iterator().next() : tpgs;
        return new SimArrayConfig(name, personality, effective, portGroups, portsPerGroup, luns, lunBlocks,
                blockSize);
    }

    /**
     * The array, built with {@code p} (this config {@link #resolve resolved} for it); its LUs are in memory, allocated
     * as they are written. IllegalArgumentException when the personality refuses the layout.
     */
    public SimArray build(SimTime time, ArrayPersonality p) {
        SimArrayBuilder b = SimArrayBuilder.of(name, p, time).tpgs(resolve(p).tpgs());
        for (int g = 0; g < portGroups; g++) {
            String[] ports = new String[portsPerGroup];
            for (int i = 0; i < ports.length; i++) {
                ports[i] = (char) ('A' + g) + String.valueOf(i);
            }
            b.portGroup(g + 1, g == 0, ports);
        }
        for (int lun = 0; lun < luns; lun++) {
            b.memoryLu(lun, lunBlocks, blockSize);
        }
        return b.build();
    }

    /**
     * One line: {@code alua array x (tpgs=both): 2 groups of 2 ports, 1 LU of 2097152 x 512 bytes}; the TPGS field
     * only for personalities that support several.
     */
    public String describe(ArrayPersonality p) {
        return personality + " array " + name
                + (p.supportedTpgs().size() > 1 ? " (tpgs=" + tpgs.name().toLowerCase(Locale.ROOT) + ")" : "")
                + ": " + portGroups + (portGroups == 1 ? " group of " : " groups of ") + portsPerGroup
                + (portsPerGroup == 1 ? " port, " : " ports, ") + luns + (luns == 1 ? " LU" : " LUs") + " of "
                + lunBlocks + " x " + blockSize + " bytes";
    }
}
