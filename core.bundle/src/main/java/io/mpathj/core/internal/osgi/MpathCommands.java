package io.mpathj.core.internal.osgi;

import io.mpathj.api.InvalidArgumentsException;
import io.mpathj.api.StatusType;
import io.mpathj.core.internal.map.MappedDevice;
import io.mpathj.core.internal.map.MessageException;
import io.mpathj.core.internal.map.MultipathMap;
import io.mpathj.api.map.MapView;
import io.mpathj.api.map.PathView;
import io.mpathj.api.handler.HardwareHandlerType;
import io.mpathj.api.selector.PathSelectorType;
import io.mpathj.core.internal.loader.Repositories;
import io.mpathj.core.internal.registry.RegistryException;
import io.mpathj.core.internal.registry.TypeRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.io.PrintStream;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Job;
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
    "osgi.command.function=status", "osgi.command.function=message",
    "osgi.command.function=handlers", "osgi.command.function=selectors",
    "osgi.command.function=unload", "osgi.command.function=io", "osgi.command.function=reload",
    "osgi.command.function=suspend", "osgi.command.function=resume", "osgi.command.function=info",
    "osgi.command.function=ls", "osgi.command.function=config", "osgi.command.function=repo",
    "osgi.command.function=repos"})
public final class MpathCommands {
    private static final int SECTOR = 512;
    private final MultipathPlatform platform;
    // one description per command, for its full form and for the form without arguments that prints its usage
    private static final String CREATE = "create a multipath map from a table (dmsetup create NAME --table "
            + "'0 LEN multipath …')";
    private static final String RELOAD = "load a new table into a live map and resume it (dmsetup reload NAME + "
            + "dmsetup resume NAME): I/O is held only for the swap; if the table is refused the old one stays live";
    private static final String SUSPEND = "suspend a map without flushing (dmsetup suspend --noflush): I/O on its "
            + "paths completes, new I/O queues until mpath:resume";
    private static final String RESUME = "resume a suspended map (dmsetup resume): its queued I/O is dispatched";
    private static final String REMOVE = "remove a map (dmsetup remove): refused while it is open (device or "
            + "resource busy) unless --force, which fails its queued I/O";
    private static final String IO = "drive a read/write/verify workload through a map (it holds the map open); "
            + "prints IOPS and per-path counts every second and a summary at the end or on Ctrl-C";

    @Activate
    public MpathCommands(@Reference MultipathPlatform platform) {
        this.platform = platform;
    }

    @Descriptor(CREATE)
    public String create() {
        throw usage("create NAME TABLE", "e.g. mpath:create mpathb \"0 1 alua 1 1 round-robin 0 2 0 "
                + "sim:array1/A0/0 sim:array1/A1/0\"");
    }

    @Descriptor(CREATE)
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
            List<String> sharing = device(name).sharedAtCreation();
            return "created " + map.name() + ": " + map.blockCount() + " blocks of " + map.blockSize() + " bytes"
                    + (sharing.isEmpty() ? "" : "\nwarning: its logical unit is also in map "
                    + String.join(", ", sharing) + "; writes through both maps are not coordinated");
        } catch (InvalidArgumentsException e) {
            throw new MpathException("create " + name + ": " + e.getMessage());
        }
    }

    @Descriptor(RELOAD)
    public String reload() {
        throw usage("reload NAME TABLE", "the new table replaces the live one atomically");
    }

    @Descriptor(RELOAD)
    public String reload(
            @Descriptor("the map's name") String name,
            @Descriptor("the new table, as for mpath:create") String... table) {
        if (table.length == 0) {
            throw new MpathException("reload: no table given; usage: mpath:reload NAME TABLE");
        }
        device(name);
        try {
            MultipathMap map = platform.engine().reload(name, String.join(" ", table), null);
            return "reloaded " + name + " (table generation " + device(name).generation() + "): " + map.blockCount()
                    + " blocks of " + map.blockSize() + " bytes";
        } catch (InvalidArgumentsException e) {
            throw new MpathException("reload " + name + ": " + e.getMessage());
        }
    }

    @Descriptor(SUSPEND)
    public String suspend() {
        throw usage("suspend NAME", "new I/O queues until mpath:resume NAME");
    }

    @Descriptor(SUSPEND)
    public String suspend(@Descriptor("the map's name") String name) {
        device(name);
        try {
            platform.engine().suspend(name);
            return null;
        } catch (InvalidArgumentsException e) {
            throw new MpathException("suspend " + name + ": " + e.getMessage());
        }
    }

    @Descriptor(RESUME)
    public String resume() {
        throw usage("resume NAME", "dispatches the I/O queued since mpath:suspend NAME");
    }

    @Descriptor(RESUME)
    public String resume(@Descriptor("the map's name") String name) {
        device(name);
        try {
            platform.engine().resume(name);
            return null;
        } catch (InvalidArgumentsException e) {
            throw new MpathException("resume " + name + ": " + e.getMessage());
        }
    }

    @Descriptor(REMOVE)
    public String remove() {
        throw usage("remove [--force] NAME", "refused while the map is open, unless --force");
    }

    @Descriptor(REMOVE)
    public String remove(
            @Descriptor("remove even if open: queued I/O fails, users see a removed device")
            @Parameter(names = {"-f", "--force"}, presentValue = "true", absentValue = "false") boolean force,
            @Descriptor("the maps' names") String... names) {
        if (names.length == 0) {
            throw usage("remove [--force] NAME", "refused while the map is open, unless --force");
        }
        List<String> done = new ArrayList<>();
        for (String name : names) {
            device(name);
            try {
                platform.engine().remove(name, force);
                done.add("removed " + name);
            } catch (InvalidArgumentsException e) {
                throw new MpathException("remove " + name + ": " + e.getMessage());
            }
        }
        return String.join("\n", done);
    }

    @Descriptor("show every map's state, open count and table generation (dmsetup info)")
    public String info() {
        List<MappedDevice> devices = platform.engine().devices();
        if (devices.isEmpty()) {
            return "No devices found";
        }
        return String.join("\n\n", devices.stream().map(MpathCommands::info).toList());
    }

    @Descriptor("show a map's state, open count and table generation (dmsetup info NAME)")
    public String info(@Descriptor("the map's name") String name) {
        return info(device(name));
    }

    private static String info(MappedDevice d) {
        MultipathMap t = d.table();
        return String.join("\n",
                "Name:              " + d.name(),
                "State:             " + (d.isSuspended() ? "SUSPENDED" : "ACTIVE"),
                "Tables present:    LIVE",
                "Open count:        " + d.openCount() + (d.openCount() > 0 ? " (" + d.openers() + ")" : ""),
                "Table generation:  " + d.generation(),
                "Number of targets: 1",
                "Size:              " + t.blockCount() + " blocks of " + t.blockSize() + " bytes ("
                        + t.blockCount() * t.blockSize() / SECTOR + " sectors)",
                "Valid paths:       " + t.validPaths() + " of " + d.view().paths().size(),
                "Queued I/O:        " + t.queuedIos(),
                "Options:           queue_if_no_path_timeout_ms=" + t.options().queueIfNoPathTimeoutMillis()
                        + " pg_init_timeout_ms=" + t.options().pgInitTimeoutMillis());
    }

    @Descriptor("list the maps' names, one per line (dmsetup ls)")
    public String ls() {
        return String.join("\n", platform.engine().maps().stream().map(MultipathMap::name).toList());
    }

    @Descriptor("show each map file of etc/ and what became of it: created, waiting (for a path or plug-in), "
            + "or error (will not work as written)")
    public String config() {
        Table t = new Table("file", "map", "state", "detail");
        for (ConfiguredMaps.Entry e : platform.configurations().entries()) {
            t.row(e.file(), e.map(), e.state().name().toLowerCase(java.util.Locale.ROOT),
                    e.detail().isEmpty() ? "-" : e.detail());
        }
        return t.toString();
    }

    @Descriptor("show the table of every map (dmsetup table)")
    public String table() {
        return statusLines(platform.engine().maps(), StatusType.TABLE);
    }

    @Descriptor("show the table of one map (dmsetup table NAME: no name prefix)")
    public String table(@Descriptor("the map's name") String name) {
        return line(map(name), StatusType.TABLE);
    }

    @Descriptor("show the status of every map (dmsetup status)")
    public String status() {
        return statusLines(platform.engine().maps(), StatusType.INFO);
    }

    @Descriptor("show the status of one map (dmsetup status NAME: no name prefix)")
    public String status(@Descriptor("the map's name") String name) {
        return line(map(name), StatusType.INFO);
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
            return null;
        } catch (MessageException e) {
            throw new MpathException("message " + name + ": " + e.getMessage());
        }
    }

    @Descriptor("list the hardware handlers: name, bundle, state (active/refused/missing, or unresolved/failed "
            + "with the reason), use count, maps")
    public String handlers() {
        return plugins(platform.handlers(), platform.problems(HardwareHandlerType.CAPABILITY_NAMESPACE));
    }

    @Descriptor("list the path selectors: name, bundle, state (active/refused/missing, or unresolved/failed with "
            + "the reason), use count, maps")
    public String selectors() {
        return plugins(platform.selectors(), platform.problems(PathSelectorType.CAPABILITY_NAMESPACE));
    }

    private static final String REPO = "add or remove a repository index the on-demand loader searches after the "
            + "shipped one (kept in etc/io.mpathj.repositories.cfg)";

    @Descriptor(REPO)
    public String repo() {
        throw usage("repo add|remove URL", "e.g. mpath:repo add file:/opt/vendor/repository/index.xml");
    }

    @Descriptor(REPO)
    public String repo(@Descriptor("add or remove") String verb,
            @Descriptor("the index's file:, http:, https: or jar: URL") String url) {
        try {
            if (verb.equals("add")) {
                return platform.repositories().add(url);
            }
            if (verb.equals("remove")) {
                return platform.repositories().remove(url);
            }
        } catch (IllegalArgumentException e) {
            throw new MpathException("repo " + verb + ": " + e.getMessage());
        } catch (java.io.IOException e) {
            throw new MpathException("repo " + verb + ": etc/" + Repositories.PID + ".cfg cannot be written: "
                    + e.getMessage());
        }
        throw usage("repo add|remove URL", "not '" + verb + "'");
    }

    @Descriptor("list the repository indexes the on-demand loader searches, in order, with the plug-ins each offers")
    public String repos() {
        Table t = new Table("url", "source", "offers");
        for (Repositories.Row r : platform.repositories().describe()) {
            t.row(r.url().toString(), r.source(), r.offers());
        }
        return t.toString();
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

    @Descriptor(IO)
    public String io() {
        throw usage("io [-s SECONDS] [-q DEPTH] [-b BYTES] [--span BLOCKS] NAME", "help mpath:io says more");
    }

    @Descriptor(IO)
    public String io(CommandSession session,
            @Descriptor("how long to run, in seconds (1..3600; default 5)")
            @Parameter(names = {"-s", "--seconds"}, absentValue = "5") String seconds,
            @Descriptor("I/Os in flight at once (1..256; default 8)")
            @Parameter(names = {"-q", "--depth"}, absentValue = "8") String depth,
            @Descriptor("bytes per I/O, a multiple of the map's block size (default: one block)")
            @Parameter(names = {"-b", "--bytes"}, absentValue = "0") String bytes,
            @Descriptor("blocks from LBA 0 that the workload touches (default 4096, at most the map's size)")
            @Parameter(names = {"--span"}, absentValue = "4096") String span,
            @Descriptor("the map's name") String name) {
        int secs = (int) option("--seconds", seconds, 1, 3600);
        int queueDepth = (int) option("--depth", depth, 1, 256);
        long ioBytes = option("--bytes", bytes, 0, 16L << 20);
        long spanBlocks = option("--span", span, 1, Long.MAX_VALUE);
        MappedDevice device = device(name);
        int blockSize = device.blockSize();
        if (ioBytes == 0) {
            ioBytes = blockSize;
        }
        if (ioBytes % blockSize != 0) {
            throw new MpathException("io: --bytes " + ioBytes + " is not a multiple of " + name + "'s block size "
                    + blockSize);
        }
        int ioBlocks = (int) (ioBytes / blockSize);
        long usable = Math.min(spanBlocks, device.blockCount());
        if (usable < ioBlocks) {
            throw new MpathException("io: " + name + " has " + device.blockCount() + " blocks of " + blockSize
                    + " bytes; the span must hold at least one I/O of " + ioBytes + " bytes");
        }
        try {
            device.open("mpath:io");
        } catch (IllegalStateException e) {
            throw new MpathException("io: " + e.getMessage());
        }
        IoWorkload workload = new IoWorkload(device, System.out, queueDepth, ioBlocks, usable);
        Job job = Job.Utils.current();
        String summary;
        try {
            summary = workload.run(secs, () -> job != null && job.status() == Job.Status.Done);
        } finally {
            device.release("mpath:io");
        }
        if (workload.mismatches() > 0) {
            throw new MpathException(summary);
        }
        if (workload.interrupted() || (job != null && job.status() == Job.Status.Background)) {
            // the shell prints no result for a job it interrupted (Ctrl-C) or runs in the background (&), and an
            // interrupted job's own output may already be cut off: the session's console still reaches the user
            PrintStream console = session == null || session.getConsole() == null ? System.out : session.getConsole();
            console.println(summary);
            console.flush();
            return null;
        }
        return summary;
    }

    /** A numeric option as the user typed it, checked: one clear line instead of a coercion error or overflow. */
    private static long option(String option, String value, long min, long max) {
        long n;
        try {
            n = Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new MpathException("io: " + option + " takes a whole number, not '" + value + "'");
        }
        if (n < min || n > max) {
            throw new MpathException("io: " + option + " must be between " + min + " and " + max + ", not " + n);
        }
        return n;
    }

    private MultipathMap map(String name) {
        return device(name).table();
    }

    private MappedDevice device(String name) {
        return platform.engine().device(name).orElseThrow(() -> noSuchMap(name));
    }

    private MpathException noSuchMap(String name) {
        int count = platform.engine().devices().size();
        return new MpathException("no map named " + name + (count == 0 ? "; there are no maps"
                : count <= 5 ? "; maps: " + ls().replace("\n", ", ")
                : "; there are " + count + " maps (mpath:ls lists them)"));
    }

    private static MpathException usage(String usage, String hint) {
        return new MpathException("usage: mpath:" + usage + (hint.isEmpty() ? "" : " (" + hint + ")"));
    }

    /** dmsetup's lines for every map: {@code NAME: 0 <sectors> multipath <params>}. */
    private static String statusLines(List<MultipathMap> maps, StatusType type) {
        if (maps.isEmpty()) {
            return "No devices found";
        }
        return String.join("\n", maps.stream().map(m -> m.name() + ": " + line(m, type)).toList());
    }

    /** dmsetup's line for one named map: {@code 0 <sectors> multipath <params>}, without the name. */
    private static String line(MultipathMap m, StatusType type) {
        return "0 " + m.blockCount() * m.blockSize() / SECTOR + " multipath " + m.status(type);
    }

    private static <T> String plugins(TypeRegistry<T> registry, List<PluginBundles.Problem> problems) {
        Table t = new Table("name", "bundle", "state", "users", "maps");
        for (TypeRegistry.Row r : registry.describe()) {
            t.row(r.name(), r.origin().isEmpty() ? "-" : r.origin(), r.state().name().toLowerCase(),
                    String.valueOf(r.useCount()), r.holders().isEmpty() ? "-" : String.join(",", r.holders()));
        }
        for (PluginBundles.Problem p : problems) {
            t.row(p.name(), p.describe(), p.state(), "0", "-");
        }
        StringBuilder out = new StringBuilder(t.toString());
        for (PluginBundles.Problem p : problems) {
            out.append("\n").append(p.name()).append(" (").append(p.describe()).append(") is ").append(p.state())
                    .append(": ").append(p.reason());
        }
        return out.toString();
    }
}
