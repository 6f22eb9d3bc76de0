package io.mpathj.storage.sim.internal.osgi;

import io.mpathj.api.scsi.SenseData;
import io.mpathj.api.scsi.SenseKey;
import io.mpathj.storage.sim.AccessState;
import io.mpathj.storage.sim.CommandClass;
import io.mpathj.storage.sim.Personality;
import io.mpathj.storage.sim.SimArray;
import io.mpathj.storage.sim.SimLogicalUnit;
import io.mpathj.storage.sim.SimPort;
import io.mpathj.storage.sim.SimPortGroup;
import io.mpathj.storage.sim.Tpgs;
import java.time.Duration;
import java.util.Locale;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@code sim:} Gogo commands: look at the simulated arrays and break them on purpose. Every fault here is what
 * a real array or fabric does to a multipath host.
 */
@Component(service = SimCommands.class, property = {
    "osgi.command.scope=sim",
    "osgi.command.function=arrays", "osgi.command.function=create", "osgi.command.function=destroy", "osgi.command.function=port", "osgi.command.function=state",
    "osgi.command.function=trespass", "osgi.command.function=ndu", "osgi.command.function=sense",
    "osgi.command.function=latency", "osgi.command.function=hang", "osgi.command.function=release",
    "osgi.command.function=clear"})
public final class SimCommands {
    private final SimPlatform platform;

    @Activate
    public SimCommands(@Reference SimPlatform platform) {
        this.platform = platform;
    }

    @Descriptor("list the simulated arrays with their port groups, ports and logical units")
    public String arrays() {
        StringBuilder sb = new StringBuilder();
        for (SimArray a : platform.registry().arrays()) {
            sb.append(a.name()).append(' ').append(a.personality().name().toLowerCase(Locale.ROOT));
            if (a.personality() == Personality.ALUA) {
                sb.append(" tpgs=").append(a.alua().tpgs().name().toLowerCase(Locale.ROOT));
            }
            sb.append('\n');
            for (SimPortGroup g : a.portGroups()) {
                sb.append("  group ").append(g.id()).append(g.preferred() ? " pref" : "");
                for (SimLogicalUnit lu : a.logicalUnits()) {
                    sb.append(" lun").append(lu.lun()).append('=').append(groupState(a, lu.lun(), g.id()));
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
        return sb.length() == 0 ? "no simulated arrays" : sb.toString().stripTrailing();
    }

    private static String groupState(SimArray a, int lun, int group) {
        if (a.personality() == Personality.ALUA) {
            return a.alua().state(lun, group).name().toLowerCase(Locale.ROOT);
        }
        return a.clariion().owner(lun) == group ? "owner" : "passive";
    }

    @Descriptor("create a simulated array: port groups A, B, … with ports A0, A1, …; one LU of 1 GiB")
    public String create(@Descriptor("array name") String name,
            @Descriptor("alua (group A active/optimized, others standby) or clariion (SP A owns the LU)")
            String personality,
            @Descriptor("port groups / storage processors, 1..8") int groups,
            @Descriptor("ports per group, 1..8") int ports) {
        SimArray a;
        try {
            a = ConfiguredSimArray.build(platform, name, personality, "both", groups, ports, 1, 2_097_152, 512);
        } catch (IllegalArgumentException e) {
            throw new SimCommandException("create: " + e.getMessage());
        }
        try {
            platform.registry().add(a);
        } catch (IllegalStateException e) {
            a.close();
            throw new SimCommandException("create: " + e.getMessage());
        }
        return "created " + personality.toLowerCase(Locale.ROOT) + " array " + name + ": paths sim:" + name
                + "/PORT/0 for ports " + String.join(" ", a.ports().stream().map(SimPort::name).toList());
    }

    @Descriptor("remove a simulated array; its paths stop resolving (maps using them keep their devices)")
    public String destroy(@Descriptor("array name") String name) {
        SimArray a = array(name);
        platform.registry().remove(name);
        a.close();
        return "removed array " + name;
    }

    @Descriptor("take a target port's link down (commands fail with a transport error) or bring it up")
    public String port(@Descriptor("array name") String array, @Descriptor("port name, e.g. A0") String port,
            @Descriptor("up or down") String upOrDown) {
        SimPort p = port(array(array), port);
        switch (upOrDown.toLowerCase(Locale.ROOT)) {
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
    public String state(@Descriptor("array name") String array, @Descriptor("port group id") int group,
            @Descriptor("active, nonoptimized, standby, unavailable, offline or transitioning (or A N S U O T)")
            String state) {
        SimArray a = array(array);
        requireAlua(a, "state");
        requireGroup(a, group);
        a.alua().transition(group, parseState(state));
        return array + " group " + group + " -> " + a.alua().state(a.logicalUnits().get(0).lun(), group).name()
                .toLowerCase(Locale.ROOT);
    }

    @Descriptor("trespass a CLARiiON LU to a storage processor (1 = SP A, 2 = SP B)")
    public String trespass(@Descriptor("array name") String array, @Descriptor("LUN") int lun,
            @Descriptor("storage processor: 1 or 2") int sp) {
        SimArray a = array(array);
        if (a.personality() != Personality.CLARIION) {
            throw new SimCommandException("trespass: " + array + " is not a CLARiiON array");
        }
        requireGroup(a, sp);
        try {
            a.clariion().trespass(lun, sp);
        } catch (IllegalArgumentException e) { // no such LU: one line, like every other refusal here
            throw new SimCommandException("trespass: " + e.getMessage() + " on " + array);
        }
        return array + " lun " + lun + " owned by SP " + (char) ('A' + sp - 1);
    }

    @Descriptor("start or end a non-disruptive upgrade on a CLARiiON (trespass is refused while it runs)")
    public String ndu(@Descriptor("array name") String array, @Descriptor("on or off") String onOff) {
        SimArray a = array(array);
        if (a.personality() != Personality.CLARIION) {
            throw new SimCommandException("ndu: " + array + " is not a CLARiiON array");
        }
        a.clariion().setNonDisruptiveUpgrade(parseOnOff(onOff));
        return array + " NDU " + onOff.toLowerCase(Locale.ROOT);
    }

    @Descriptor("answer the next COUNT media-access commands on a port with CHECK CONDITION and this sense")
    public String sense(@Descriptor("array name") String array, @Descriptor("port name") String port,
            @Descriptor("sense as KEY/ASC/ASCQ in hex, e.g. 02/04/0b") String sense,
            @Descriptor("how many commands") int count) {
        if (count < 1) {
            throw new SimCommandException("sense: count must be at least 1, not " + count);
        }
        SenseData data = parseSense(sense);
        port(array(array), port).faults().injectSense(data, count, CommandClass.MEDIA_ACCESS);
        return array + "/" + port + ": next " + count + " I/O commands get sense " + data.triple();
    }

    @Descriptor("add latency to every command on a port")
    public String latency(@Descriptor("array name") String array, @Descriptor("port name") String port,
            @Descriptor("milliseconds, 0 to remove") long millis) {
        if (millis < 0 || millis > 600_000) {
            throw new SimCommandException("latency: milliseconds must be 0..600000, not " + millis);
        }
        port(array(array), port).faults().setLatency(Duration.ofMillis(millis));
        return array + "/" + port + " latency " + millis + " ms";
    }

    @Descriptor("hold every command on a port unanswered until sim:release")
    public String hang(@Descriptor("array name") String array, @Descriptor("port name") String port) {
        port(array(array), port).faults().hang();
        return array + "/" + port + " hangs commands";
    }

    @Descriptor("answer the commands a port is holding")
    public String release(@Descriptor("array name") String array, @Descriptor("port name") String port) {
        int n = port(array(array), port).faults().release();
        return array + "/" + port + " released " + n + " commands";
    }

    @Descriptor("remove every fault from a port: link up, no latency, no injected sense, nothing held")
    public String clear(@Descriptor("array name") String array, @Descriptor("port name") String port) {
        port(array(array), port).faults().clear();
        return array + "/" + port + " cleared";
    }

    private SimArray array(String name) {
        return platform.registry().array(name).orElseThrow(() -> new SimCommandException(
                "no simulated array named " + name + "; arrays: " + String.join(", ",
                        platform.registry().arrays().stream().map(SimArray::name).toList())));
    }

    private static SimPort port(SimArray a, String name) {
        return a.ports().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow(() ->
                new SimCommandException("no port " + name + " on " + a.name() + "; ports: " + String.join(
                        ", ", a.ports().stream().map(SimPort::name).toList())));
    }

    private static void requireAlua(SimArray a, String command) {
        if (a.personality() != Personality.ALUA) {
            throw new SimCommandException(command + ": " + a.name() + " is not an ALUA array");
        }
    }

    private static void requireGroup(SimArray a, int group) {
        if (a.portGroups().stream().noneMatch(g -> g.id() == group)) {
            throw new SimCommandException("no port group " + group + " on " + a.name());
        }
    }

    static AccessState parseState(String s) {
        switch (s.toLowerCase(Locale.ROOT)) {
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

    static Tpgs parseTpgs(String s) {
        switch (s.toLowerCase(Locale.ROOT)) {
            case "implicit":
                return Tpgs.IMPLICIT;
            case "explicit":
                return Tpgs.EXPLICIT;
            case "both":
                return Tpgs.BOTH;
            default:
                throw new SimCommandException("tpgs must be implicit, explicit or both, not " + s);
        }
    }

    static SenseData parseSense(String s) {
        String[] parts = s.split("/");
        try {
            if (parts.length == 3) {
                int key = Integer.parseInt(parts[0], 16);
                int asc = Integer.parseInt(parts[1], 16);
                int ascq = Integer.parseInt(parts[2], 16);
                if (key >= 0 && key <= 0xF && asc >= 0 && asc <= 0xFF && ascq >= 0 && ascq <= 0xFF) {
                    return new SenseData(SenseKey.of(key), asc, ascq);
                }
            }
        } catch (NumberFormatException e) {
            // fall through to the one error below
        }
        throw new SimCommandException("sense must be KEY/ASC/ASCQ in hex (e.g. 02/04/0b), not " + s);
    }

    private static boolean parseOnOff(String s) {
        switch (s.toLowerCase(Locale.ROOT)) {
            case "on":
                return true;
            case "off":
                return false;
            default:
                throw new SimCommandException("say on or off, not " + s);
        }
    }
}
