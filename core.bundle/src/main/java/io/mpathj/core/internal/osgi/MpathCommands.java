package io.mpathj.core.internal.osgi;

import io.mpathj.api.InvalidArgumentsException;
import io.mpathj.api.StatusType;
import io.mpathj.core.internal.map.MessageException;
import io.mpathj.core.internal.map.MultipathMap;
import io.mpathj.core.internal.map.MultipathMap.PathView;
import io.mpathj.core.internal.registry.RegistryException;
import io.mpathj.core.internal.registry.TypeRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.framework.BundleException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@code mpath:} Gogo commands: dmsetup's create/remove/table/status/message, multipath -ll's topology,
 * multipathd's show paths, the plug-in listings and unload, and an I/O workload. Errors are one line.
 */
@Component(service = MpathCommands.class, property = {
    "osgi.command.scope=mpath",
    "osgi.command.function=create", "osgi.command.function=remove", "osgi.command.function=table",
    "osgi.command.function=status", "osgi.command.function=message", "osgi.command.function=topology",
    "osgi.command.function=paths", "osgi.command.function=handlers", "osgi.command.function=selectors",
    "osgi.command.function=unload", "osgi.command.function=io"})
public final class MpathCommands {
    private static final int SECTOR = 512;
    private final MultipathPlatform platform;

    @Activate
    public MpathCommands(@Reference MultipathPlatform platform) {
        this.platform = platform;
    }

    @Descriptor("create a multipath map from a table (dmsetup create NAME --table '0 LEN multipath …')")
    public String create(
            @Descriptor("the map's name") String name,
            @Descriptor("the table: target parameters or a full '0 <len> multipath …' line; quote it or give it "
                    + "as separate words") String... table) {
        if (table.length == 0) {
            throw new MpathException("create: no table given; e.g. mpath:create " + name
                    + " \"0 1 alua 1 1 round-robin 0 2 0 sim:array1/A0/0 sim:array1/A1/0\"");
        }
        try {
            MultipathMap map = platform.engine().create(name, String.join(" ", table));
            return "created " + map.name() + ": " + map.blockCount() + " blocks of " + map.blockSize() + " bytes";
        } catch (InvalidArgumentsException e) {
            throw new MpathException("create " + name + ": " + e.getMessage());
        }
    }

    @Descriptor("remove a map; its queued I/O fails (dmsetup remove)")
    public String remove(@Descriptor("the map's name") String name) {
        try {
            platform.engine().remove(name);
            return "removed " + name;
        } catch (InvalidArgumentsException e) {
            throw new MpathException("remove: " + e.getMessage());
        }
    }

    @Descriptor("show the table of every map (dmsetup table)")
    public String table() {
        return statusLines(platform.engine().maps(), StatusType.TABLE);
    }

    @Descriptor("show the table of one map (dmsetup table NAME)")
    public String table(@Descriptor("the map's name") String name) {
        return statusLines(List.of(map(name)), StatusType.TABLE);
    }

    @Descriptor("show the status of every map (dmsetup status)")
    public String status() {
        return statusLines(platform.engine().maps(), StatusType.INFO);
    }

    @Descriptor("show the status of one map (dmsetup status NAME)")
    public String status(@Descriptor("the map's name") String name) {
        return statusLines(List.of(map(name)), StatusType.INFO);
    }

    @Descriptor("send a target message (dmsetup message NAME 0 VERB [ARG]): queue_if_no_path, fail_if_no_path, "
            + "fail_path DEV, reinstate_path DEV, switch_group N, enable_group N, disable_group N")
    public String message(
            @Descriptor("the map's name") String name,
            @Descriptor("the message words; a leading sector 0 as dmsetup takes it is accepted") String... words) {
        List<String> argv = new ArrayList<>(Arrays.asList(words));
        if (!argv.isEmpty() && argv.get(0).equals("0")) {
            argv.remove(0);
        }
        try {
            map(name).message(argv);
            return "";
        } catch (MessageException e) {
            throw new MpathException("message " + name + ": " + e.getMessage());
        }
    }

    @Descriptor("show every map's groups and paths (multipath -ll)")
    public String topology() {
        StringBuilder sb = new StringBuilder();
        platform.engine().maps().forEach(m -> sb.append(TopologyFormat.format(m)));
        return sb.length() == 0 ? "no maps" : sb.toString().stripTrailing();
    }

    @Descriptor("show one map's groups and paths (multipath -ll NAME)")
    public String topology(@Descriptor("the map's name") String name) {
        return TopologyFormat.format(map(name)).stripTrailing();
    }

    @Descriptor("list every path of every map (multipathd show paths)")
    public String paths() {
        Table t = new Table("map", "group", "path", "dm_st", "dev_st", "failures", "ios");
        for (MultipathMap m : platform.engine().maps()) {
            for (PathView p : m.paths()) {
                t.row(m.name(), String.valueOf(p.group()), p.name(), p.active() ? "active" : "failed",
                        p.online() ? "running" : "offline", String.valueOf(p.failCount()), String.valueOf(p.ios()));
            }
        }
        return t.toString();
    }

    @Descriptor("list the hardware handlers: name, bundle, state (active/refused/missing), use count, maps")
    public String handlers() {
        return plugins(platform.handlers());
    }

    @Descriptor("list the path selectors: name, bundle, state (active/refused/missing), use count, maps")
    public String selectors() {
        return plugins(platform.selectors());
    }

    @Descriptor("unload a hardware handler or path selector: stop its bundle, refused while a map uses it")
    public String unload(@Descriptor("the handler's or selector's name") String name) {
        try {
            return platform.unload(name);
        } catch (RegistryException e) {
            throw new MpathException("unload: " + e.getMessage());
        } catch (BundleException e) {
            throw new MpathException("unload " + name + ": the bundle could not be stopped: " + e.getMessage());
        }
    }

    @Descriptor("drive a read/write/verify workload through a map; prints IOPS and per-path counts every second")
    public String io(
            @Descriptor("how long to run, in seconds (1..3600)")
            @Parameter(names = {"-s", "--seconds"}, absentValue = "5") int seconds,
            @Descriptor("the map's name") String name) throws InterruptedException {
        if (seconds < 1 || seconds > 3600) {
            throw new MpathException("io: --seconds must be between 1 and 3600, not " + seconds);
        }
        IoWorkload workload = new IoWorkload(map(name), System.out);
        String summary = workload.run(seconds);
        if (workload.mismatches() > 0) {
            throw new MpathException(summary);
        }
        return summary;
    }

    private MultipathMap map(String name) {
        return platform.engine().map(name).orElseThrow(() -> new MpathException("no map named " + name
                + (platform.engine().maps().isEmpty() ? "; there are no maps" : "; maps: " + String.join(", ",
                platform.engine().maps().stream().map(MultipathMap::name).toList()))));
    }

    /** dmsetup's line: {@code NAME: 0 <sectors> multipath <params>}. */
    private static String statusLines(List<MultipathMap> maps, StatusType type) {
        if (maps.isEmpty()) {
            return "No devices found";
        }
        Function<MultipathMap, String> line = m -> m.name() + ": 0 " + m.blockCount() * m.blockSize() / SECTOR
                + " multipath " + m.status(type);
        return String.join("\n", maps.stream().map(line).toList());
    }

    private static <T> String plugins(TypeRegistry<T> registry) {
        Table t = new Table("name", "bundle", "state", "users", "maps");
        for (TypeRegistry.Row r : registry.describe()) {
            t.row(r.name(), r.origin().isEmpty() ? "-" : r.origin(), r.state().name().toLowerCase(),
                    String.valueOf(r.useCount()), r.holders().isEmpty() ? "-" : String.join(",", r.holders()));
        }
        return t.toString();
    }
}
