package io.mpathj.storage.sim.internal.osgi;

import io.mpathj.api.scsi.SenseData;
import io.mpathj.api.scsi.SenseKey;
import io.mpathj.storage.sim.AccessState;
import io.mpathj.storage.sim.AluaControls;
import io.mpathj.storage.sim.ClariionControls;
import io.mpathj.storage.sim.CommandClass;
import io.mpathj.storage.sim.EseriesControls;
import io.mpathj.storage.sim.SimArray;
import io.mpathj.storage.sim.SimLogicalUnit;
import io.mpathj.storage.sim.SimPort;
import io.mpathj.storage.sim.SimPortGroup;
import io.mpathj.storage.sim.Tpgs;
import io.mpathj.storage.sim.personality.ArrayPersonality;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@code sim:} Gogo commands: look at the simulated arrays and break them on purpose. Every fault here is what
 * a real array or fabric does to a multipath host.
 *
 * <p>Arguments are taken as text and checked here, so a bad one gets one line naming it (never Gogo's "Cannot
 * coerce", never a number that wrapped). A command line with too few or too many words reaches {@link #_main}, which
 * prints the command's usage. Every refusal is a {@link SimCommandException}: Gogo prints its message alone.
 */
@Component(service = SimCommands.class, property = {
    "osgi.command.scope=sim",
    "osgi.command.function=arrays", "osgi.command.function=ls", "osgi.command.function=ports",
    "osgi.command.function=personalities",
    "osgi.command.function=create", "osgi.command.function=destroy", "osgi.command.function=port",
    "osgi.command.function=state", "osgi.command.function=trespass", "osgi.command.function=ndu",
    "osgi.command.function=sense", "osgi.command.function=latency", "osgi.command.function=hang",
    "osgi.command.function=release", "osgi.command.function=clear"})
public final class SimCommands {
    /** Each command's usage, as {@code _main} and the errors print it. */
    static final Map<String, String> USAGE = usage(
            "arrays", "",
            "ls", "",
            "ports", "ARRAY",
            "personalities", "",
            "create", "[--luns N] [--lun-blocks N] [--block-size 512|4096] [--tpgs none|implicit|explicit|both] "
                    + "NAME PERSONALITY [GROUPS [PORTS]]",
            "destroy", "ARRAY",
            "port", "ARRAY PORT up|down",
            "state", "ARRAY GROUP active|nonoptimized|standby|unavailable|offline|transitioning",
            "trespass", "ARRAY LUN SP",
            "ndu", "ARRAY on|off",
            "sense", "[--command CLASS] ARRAY PORT KEY/ASC/ASCQ COUNT",
            "latency", "ARRAY PORT MILLISECONDS",
            "hang", "ARRAY PORT",
            "release", "ARRAY PORT",
            "clear", "ARRAY PORT");
    private static final String ARRAY = "ARRAY: the array's name (sim:ls lists them)";
    private static final String PORT = "PORT: the port's name, e.g. A0 (sim:ports ARRAY lists them)";
    static final int MAX_LATENCY_MS = 600_000;
    static final int MAX_SENSE_COUNT = 1_000_000;

    private final SimPlatform platform;

    @Activate
    public SimCommands(@Reference SimPlatform platform) {
        this.platform = platform;
    }

    private static Map<String, String> usage(String... commandAndWords) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < commandAndWords.length; i += 2) {
            String words = commandAndWords[i + 1];
            m.put(commandAndWords[i], "usage: sim:" + commandAndWords[i] + (words.isEmpty() ? "" : " " + words));
        }
        return Map.copyOf(m);
    }

    /**
     * Gogo's fallback for a {@code sim:} command line that fits none of the command's methods (too few or too many
     * words, an option without its value): the command's usage, as an error. Not a command of its own; {@code help}
     * does not list it.
     */
    public String _main(String... argv) {
        String command = argv.length == 0 ? "" : String.valueOf(argv[0]);
        throw wrongArguments(command, Arrays.stream(argv).skip(1).map(String::valueOf).toList());
    }

    private static SimCommandException wrongArguments(String command, List<String> words) {
        String usage = USAGE.get(command);
        if (usage == null) {
            return new SimCommandException("sim: no command " + command + "; commands: " + String.join(", ",
                    USAGE.keySet().stream().sorted().toList()));
        }
        return new SimCommandException(command + ": wrong number of arguments (" + (words.isEmpty() ? "none"
                : words.size() + ": " + String.join(" ", words)) + "); " + usage);
    }

    @Descriptor("list the simulated arrays (port groups, states, ports, LUs) and the configuration files refused")
    public String arrays() {
        StringBuilder sb = new StringBuilder();
        for (SimArray a : platform.registry().arrays()) {
            sb.append(a.name()).append(' ').append(a.personality());
            if (a.hasControls(AluaControls.class)) {
                sb.append(" tpgs=").append(a.alua().tpgs().name().toLowerCase(Locale.ROOT));
            }
            sb.append('\n');
            for (SimPortGroup g : a.portGroups()) {
                sb.append("  group ").append(g.id()).append(g.preferred() ? " pref" : "");
                for (SimLogicalUnit lu : a.logicalUnits()) {
                    sb.append(" lun").append(lu.lun()).append('=').append(a.accessState(lu.lun(), g.id()));
                }
                sb.append(" ports:");
                for (SimPort p : g.ports()) {
                    sb.append(' ').append(p.name()).append(p.isLinkUp() ? "(up)" : "(down)");
                }
                sb.append('\n');
            }
            for (SimLogicalUnit lu : a.logicalUnits()) {
                sb.append("  lun ").append(lu.lun()).append(": ").append(lu.blockCount()).append(" x ")
                        .append(lu.blockSize()).append(" bytes, serial ").append(lu.serialNumber()).append('\n');
            }
        }
        if (sb.length() == 0) {
            sb.append("no simulated arrays\n");
        }
        platform.refusals().forEach(line -> sb.append(line).append('\n'));
        return sb.toString().stripTrailing();
    }

    @Descriptor("print the names of the simulated arrays, one per line (for completion scripts)")
    public String ls() {
        return lines(platform.registry().arrays().stream().map(SimArray::name).toList());
    }

    @Descriptor("print the names of an array's ports, one per line (for completion scripts)")
    public String ports(@Descriptor(ARRAY) String array) {
        return lines(array(array).ports().stream().map(SimPort::name).toList());
    }

    /** Lines for a script; nothing at all (not an empty line) when there are none. */
    private static String lines(List<String> names) {
        return names.isEmpty() ? null : String.join("\n", names);
    }

    @Descriptor("list the array personalities sim:create and the personality= key of a file can name")
    public String personalities() {
        List<String> lines = platform.personalityDescriptions();
        return lines.isEmpty() ? "no array personalities are registered" : String.join("\n", lines);
    }

    @Descriptor("create a simulated array: port groups A, B, … of ports A0, A1, …; lasts until the container stops")
    public String create(
            @Descriptor("logical units, 1 to 64 (default 1)")
            @Parameter(names = {"-l", "--luns"}, absentValue = "1") String luns,
            @Descriptor("blocks per logical unit, at most 1 TiB in all (default 2097152); memory is allocated as "
                    + "they are written")
            @Parameter(names = {"-b", "--lun-blocks"}, absentValue = "2097152") String lunBlocks,
            @Descriptor("bytes per block: 512 or 4096 (default 512)")
            @Parameter(names = {"-s", "--block-size"}, absentValue = "512") String blockSize,
            @Descriptor("ALUA target port group support: none (a plain disk), implicit, explicit or both (default both; "
                    + "alua only)")
            @Parameter(names = {"-t", "--tpgs"}, absentValue = "both") String tpgs,
            @Descriptor("NAME: the array's name, letters, digits, '.', '_', '-'; paths are sim:NAME/PORT/LUN")
            String name,
            @Descriptor("PERSONALITY: alua (group A active/optimized and preferred, the others standby), clariion "
                    + "(SP A owns the LUs), eseries (controller A owns the LUs), msa (controller A active), or a "
                    + "vendor's (sim:personalities lists them)") String personality,
            @Descriptor("[GROUPS [PORTS]]: port groups (storage processors), 1 to 8 (default 2); ports per group, "
                    + "1 to 8 (default 2)") String... groupsAndPorts) {
        String cmd = "create";
        for (String word : concat(List.of(String.valueOf(name), String.valueOf(personality)), groupsAndPorts)) {
            // Gogo passes an option it does not know as a word
            if (word.startsWith("-") && !word.matches("-\\d+")) {
                throw new SimCommandException(cmd + ": unknown option " + word + "; " + USAGE.get(cmd));
            }
        }
        if (groupsAndPorts.length > 2) {
            throw wrongArguments(cmd, concat(List.of(name, personality), groupsAndPorts));
        }
        if (!SimArrayConfig.isName(name)) {
            throw new SimCommandException(cmd + ": NAME " + SimArrayConfig.nameProblem(String.valueOf(name)));
        }
        ArrayPersonality p = platform.personality(String.valueOf(personality).toLowerCase(Locale.ROOT))
                .orElseThrow(() -> new SimCommandException(cmd + ": " + platform.unknownPersonality(personality)));
        int groups = groupsAndPorts.length > 0 ? (int) number(cmd, "GROUPS", groupsAndPorts[0], 1,
                SimArrayConfig.MAX_GROUPS) : SimArrayConfig.DEFAULT_GROUPS;
        int ports = groupsAndPorts.length > 1 ? (int) number(cmd, "PORTS", groupsAndPorts[1], 1,
                SimArrayConfig.MAX_PORTS) : SimArrayConfig.DEFAULT_PORTS;
        int lunCount = (int) number(cmd, "--luns", luns, 1, SimArrayConfig.MAX_LUNS);
        int size = switch (String.valueOf(blockSize)) {
            case "512" -> 512;
            case "4096" -> 4096;
            default -> throw new SimCommandException(cmd + ": --block-size must be 512 or 4096, not " + blockSize);
        };
        long blocks = number(cmd, "--lun-blocks", lunBlocks, 1, SimArrayConfig.maxLunBlocks(size));
        Tpgs support;
        try {
            support = SimArrayConfig.parseTpgs(String.valueOf(tpgs));
        } catch (IllegalArgumentException e) {
            throw new SimCommandException(cmd + ": --" + e.getMessage());
        }
        SimArrayConfig config = new SimArrayConfig(name, p.name(), support, groups, ports, lunCount, blocks, size)
                .resolve(p);
        SimArray a;
        try {
            a = config.build(platform.time(), p);
        } catch (IllegalArgumentException | IllegalStateException e) { // the personality refuses the layout
            throw new SimCommandException(cmd + ": " + p.name() + ": " + e.getMessage());
        }
        try {
            platform.add(a, "sim:create");
        } catch (IllegalStateException e) {
            a.close();
            throw new SimCommandException(cmd + ": " + e.getMessage());
        }
        return "created " + config.describe(p) + "; paths sim:" + name + "/PORT/LUN for ports "
                + String.join(" ", a.ports().stream().map(SimPort::name).toList())
                + (lunCount == 1 ? ", LUN 0" : ", LUNs 0.." + (lunCount - 1));
    }

    private static List<String> concat(List<String> first, String... rest) {
        List<String> all = new ArrayList<>(first);
        Arrays.stream(rest).map(String::valueOf).forEach(all::add);
        return all;
    }

    @Descriptor("remove an array made with sim:create; its paths stop resolving and fail in the maps that use them")
    public String destroy(@Descriptor(ARRAY) String array) {
        SimArray a = array(array);
        String origin = platform.origin(a.name()).orElse("sim:create");
        if (!origin.equals("sim:create")) {
            throw new SimCommandException("destroy: " + a.name() + " comes from " + origin
                    + "; delete that file to remove it");
        }
        platform.remove(a);
        return "removed array " + a.name();
    }

    @Descriptor("take a target port's link down (commands fail with a transport error) or bring it up")
    public String port(@Descriptor(ARRAY) String array,
            @Descriptor(PORT) String port, @Descriptor("up|down: take the link down or bring it up") String upOrDown) {
        SimPort p = port(array(array), port);
        switch (String.valueOf(upOrDown).toLowerCase(Locale.ROOT)) {
            case "up":
                p.faults().linkUp();
                break;
            case "down":
                p.faults().linkDown();
                break;
            default:
                throw new SimCommandException("port: say up or down, not " + upOrDown);
        }
        return array + "/" + port + " " + upOrDown.toLowerCase(Locale.ROOT);
    }

    @Descriptor("set the ALUA access state of a port group, as the array would (implicit; units see 06/2A/06)")
    public String state(@Descriptor(ARRAY) String array,
            @Descriptor("GROUP: the port group's number, 1 for A, 2 for B, …") String group,
            @Descriptor("active|nonoptimized|standby|unavailable|offline|transitioning: the state (or A, N, S, U, O, "
                    + "T)") String state) {
        SimArray a = array(array);
        requireAlua(a, "state");
        int id = group(a, "state", group);
        a.alua().transition(id, parseState(state));
        return a.name() + " group " + id + " -> " + a.alua().state(a.logicalUnits().get(0).lun(), id).name()
                .toLowerCase(Locale.ROOT);
    }

    @Descriptor("move a CLARiiON or E-Series LU to a storage processor or controller (1 = A, 2 = B), as the "
            + "array's management would")
    public String trespass(@Descriptor(ARRAY) String array, @Descriptor("LUN: the LU's number, from 0") String lun,
            @Descriptor("SP: the storage processor or controller, 1 (A) or 2 (B)") String sp) {
        SimArray a = array(array);
        boolean eseries = a.hasControls(EseriesControls.class);
        if (!eseries && !a.hasControls(ClariionControls.class)) {
            throw new SimCommandException("trespass: " + a.name() + " is not a CLARiiON or E-Series array");
        }
        int unit = (int) number("trespass", "LUN", lun, 0, Integer.MAX_VALUE);
        int id = group(a, "trespass", sp);
        if (a.logicalUnits().stream().noneMatch(u -> u.lun() == unit)) {
            throw new SimCommandException("no LU " + unit + " on " + a.name() + "; LUs: " + String.join(", ",
                    a.logicalUnits().stream().map(u -> String.valueOf(u.lun())).toList()));
        }
        if (eseries) {
            try {
                a.eseries().transfer(unit, id);
            } catch (IllegalStateException e) {
                throw new SimCommandException("trespass: " + e.getMessage());
            }
            return a.name() + " lun " + unit + " owned by controller " + (char) ('A' + id - 1);
        }
        a.clariion().trespass(unit, id);
        return a.name() + " lun " + unit + " owned by SP " + (char) ('A' + id - 1);
    }

    @Descriptor("start or end a non-disruptive upgrade on a CLARiiON (trespass is refused while it runs)")
    public String ndu(@Descriptor(ARRAY) String array, @Descriptor("on|off: start or end the upgrade") String onOff) {
        SimArray a = array(array);
        if (!a.hasControls(ClariionControls.class)) {
            throw new SimCommandException("ndu: " + a.name() + " is not a CLARiiON array");
        }
        a.clariion().setNonDisruptiveUpgrade(parseOnOff(onOff));
        return a.name() + " NDU " + onOff.toLowerCase(Locale.ROOT);
    }

    @Descriptor("answer the next COUNT commands of a class (I/O unless --command says otherwise) on a port with "
            + "CHECK CONDITION and this sense")
    public String sense(
            @Descriptor("the commands that get it: io (READ/WRITE, the default), tur, inquiry, start-stop, mode-sense, "
                    + "mode-select, rtpg, stpg, request-sense, non-io (all but READ/WRITE) or all")
            @Parameter(names = {"-c", "--command"}, absentValue = "io") String command,
            @Descriptor(ARRAY) String array, @Descriptor(PORT) String port,
            @Descriptor("KEY/ASC/ASCQ: the sense in hex, e.g. 02/04/0b") String sense,
            @Descriptor("COUNT: how many commands, 1 to 1000000") String count) {
        CommandClass which;
        try {
            which = CommandClass.ofWord(command);
        } catch (IllegalArgumentException e) {
            throw new SimCommandException("sense: --command " + e.getMessage());
        }
        SimPort p = port(array(array), port);
        SenseData data = parseSense(sense);
        int n = (int) number("sense", "COUNT", count, 1, MAX_SENSE_COUNT);
        p.faults().injectSense(data, n, which);
        return array + "/" + port + ": next " + n + " " + (which == CommandClass.MEDIA_ACCESS ? "I/O" : which.word())
                + " commands get sense " + data.triple();
    }

    @Descriptor("add latency to every command on a port")
    public String latency(@Descriptor(ARRAY) String array, @Descriptor(PORT) String port,
            @Descriptor("MILLISECONDS: 0 to 600000; 0 removes it") String millis) {
        SimPort p = port(array(array), port);
        long ms = number("latency", "MILLISECONDS", millis, 0, MAX_LATENCY_MS);
        p.faults().setLatency(Duration.ofMillis(ms));
        return array + "/" + port + " latency " + ms + " ms";
    }

    @Descriptor("hold every command on a port unanswered until sim:release")
    public String hang(@Descriptor(ARRAY) String array, @Descriptor(PORT) String port) {
        port(array(array), port).faults().hang();
        return array + "/" + port + " hangs commands";
    }

    @Descriptor("answer the commands a port is holding")
    public String release(@Descriptor(ARRAY) String array, @Descriptor(PORT) String port) {
        int n = port(array(array), port).faults().release();
        return array + "/" + port + " released " + n + " commands";
    }

    @Descriptor("remove every fault from a port: link up, no latency, no injected sense, nothing held")
    public String clear(@Descriptor(ARRAY) String array, @Descriptor(PORT) String port) {
        port(array(array), port).faults().clear();
        return array + "/" + port + " cleared";
    }

    /**
     * A whole number in {@code [min, max]}, or one line naming the command, the argument and the value. Text, not a
     * Gogo-converted int: "99999999999" is refused, not wrapped.
     */
    static long number(String command, String what, String value, long min, long max) {
        String s = String.valueOf(value).strip();
        if (!s.matches("[+-]?\\d+")) {
            throw new SimCommandException(command + ": " + what + " must be a whole number from " + min + " to " + max
                    + ", not " + value);
        }
        long n;
        try {
            n = Long.parseLong(s);
        } catch (NumberFormatException e) { // digits beyond 64 bits
            n = s.startsWith("-") ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        if (n < min || n > max) {
            throw new SimCommandException(command + ": " + what + " must be from " + min + " to " + max + ", not "
                    + s);
        }
        return n;
    }

    private SimArray array(String name) {
        return platform.registry().array(String.valueOf(name)).orElseThrow(() -> {
            List<String> names = platform.registry().arrays().stream().map(SimArray::name).toList();
            return new SimCommandException("no simulated array named " + name + (names.isEmpty()
                    ? "; there are none (sim:create makes one)" : "; arrays: " + String.join(", ", names)));
        });
    }

    private static SimPort port(SimArray a, String name) {
        return a.ports().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow(() ->
                new SimCommandException("no port " + name + " on " + a.name() + "; ports: " + String.join(
                        ", ", a.ports().stream().map(SimPort::name).toList())));
    }

    private static void requireAlua(SimArray a, String command) {
        if (!a.hasControls(AluaControls.class)) {
            throw new SimCommandException(command + ": " + a.name() + " is not an ALUA array");
        }
    }

    /** A port group id of the array, 1-based. */
    private static int group(SimArray a, String command, String group) {
        String s = String.valueOf(group).strip();
        if (!s.matches("\\d{1,9}") || a.portGroups().stream().noneMatch(g -> g.id() == Integer.parseInt(s))) {
            throw new SimCommandException("no port group " + group + " on " + a.name() + "; groups: "
                    + String.join(", ", a.portGroups().stream().map(g -> String.valueOf(g.id())).toList()));
        }
        return Integer.parseInt(s);
    }

    static AccessState parseState(String s) {
        switch (String.valueOf(s).toLowerCase(Locale.ROOT)) {
            case "a": case "active": case "active/optimized": case "optimized":
                return AccessState.ACTIVE_OPTIMIZED;
            case "n": case "nonoptimized": case "active/non-optimized": case "non-optimized":
                return AccessState.ACTIVE_NON_OPTIMIZED;
            case "s": case "standby":
                return AccessState.STANDBY;
            case "u": case "unavailable":
                return AccessState.UNAVAILABLE;
            case "o": case "offline":
                return AccessState.OFFLINE;
            case "t": case "transitioning":
                return AccessState.TRANSITIONING;
            default:
                throw new SimCommandException("unknown ALUA state " + s
                        + "; use active, nonoptimized, standby, unavailable, offline or transitioning");
        }
    }

    static SenseData parseSense(String s) {
        String[] parts = String.valueOf(s).split("/");
        if (parts.length == 3 && Arrays.stream(parts).allMatch(x -> x.matches("[0-9A-Fa-f]{1,2}"))) {
            int key = Integer.parseInt(parts[0], 16);
            int asc = Integer.parseInt(parts[1], 16);
            int ascq = Integer.parseInt(parts[2], 16);
            if (key <= 0xF) {
                return new SenseData(SenseKey.of(key), asc, ascq);
            }
        }
        throw new SimCommandException("sense must be KEY/ASC/ASCQ in hex (e.g. 02/04/0b), not " + s);
    }

    private static boolean parseOnOff(String s) {
        switch (String.valueOf(s).toLowerCase(Locale.ROOT)) {
            case "on":
                return true;
            case "off":
                return false;
            default:
                throw new SimCommandException("say on or off, not " + s);
        }
    }
}
