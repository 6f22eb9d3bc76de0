package io.mpathj.daemon.internal.osgi;

import io.mpathj.daemon.internal.PathDaemon;
import io.mpathj.daemon.internal.Views;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The daemon's Gogo views (scope {@code mpath}): paths, topology, maps. A user mistake is a line, not a trace. */
@Component(service = DaemonCommands.class, property = {"osgi.command.scope=mpath",
    "osgi.command.function=paths", "osgi.command.function=topology", "osgi.command.function=maps",
    "osgi.command.function=reconfigure", "osgi.command.function=assembly"})
public final class DaemonCommands {
    /** How long a view waits for the first verdicts of paths it has not checked yet. */
    private static final long FIRST_CHECK_WAIT_MILLIS = 3000;
    private final PathDaemon daemon;
    private final AssemblyComponent assembly;

    @Activate
    public DaemonCommands(@Reference DaemonComponent component, @Reference AssemblyComponent assembly) {
        this.daemon = component.daemon();
        this.assembly = assembly;
    }

    @Descriptor("re-read etc/multipath.conf (and the bindings and wwids files) and assemble every map again "
            + "(multipathd reconfigure); its messages go to the log")
    public String reconfigure() {
        assembly.reconfigure();
        return "reconfigured";
    }

    @Descriptor("list the WWIDs the assembly knows: the map made of each, or why there is none")
    public String assembly() {
        return assembly.assembler().describe();
    }

    @Descriptor("list every path of every map with the checker's state and priority (multipathd show paths): "
            + "path, map, group, dm_st, chk_st, pri, next_check (bar, left/interval), failures, dev_st, handler state")
    public String paths() throws InterruptedException {
        daemon.catchUp(FIRST_CHECK_WAIT_MILLIS);
        return Views.paths(daemon.maps());
    }

    @Descriptor("show every map's groups with their priority and status, and each path's dm, checker and device "
            + "state (multipath -ll)")
    public String topology() throws InterruptedException {
        daemon.catchUp(FIRST_CHECK_WAIT_MILLIS);
        assembly.assembler().awaitIdentified(FIRST_CHECK_WAIT_MILLIS); // the map lines name what identification read
        return daemon.maps().stream().map(this::topologyOf).collect(Collectors.joining());
    }

    @Descriptor("show one map's groups and paths (multipath -ll NAME)")
    public String topology(@Descriptor("the map's name") String name) throws InterruptedException {
        daemon.catchUp(FIRST_CHECK_WAIT_MILLIS);
        assembly.assembler().awaitIdentified(FIRST_CHECK_WAIT_MILLIS);
        return daemon.map(name).map(this::topologyOf).orElseThrow(() -> noSuchMap(name));
    }

    private String topologyOf(PathDaemon.MapState m) {
        return Views.topology(m, assembly.assembler().identityOf(
                m.paths().stream().map(PathDaemon.PathState::name).toList()));
    }

    /** The core's words for an unknown map (mpath:status and friends say the same). */
    private CommandRefused noSuchMap(String name) {
        List<String> names = daemon.maps().stream().map(m -> m.name()).toList();
        return new CommandRefused("no map named " + name + (names.isEmpty() ? "; there are no maps"
                : names.size() <= 5 ? "; maps: " + String.join(", ", names)
                : "; there are " + names.size() + " maps (mpath:ls lists them)"));
    }

    @Descriptor("list the maps with their paths, current group, queueing and the daemon settings in effect "
            + "(multipathd show maps): checker, prio, polling_interval/max_polling_interval, failback, "
            + "no_path_retry, recovery time left")
    public String maps() throws InterruptedException {
        daemon.catchUp(FIRST_CHECK_WAIT_MILLIS);
        return Views.maps(daemon.maps());
    }

    /** A user's mistake: Gogo prints toString(), so it is the message alone, without a class name or trace. */
    static final class CommandRefused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CommandRefused(String message) {
            super(message, null, false, false);
        }

        @Override
        public String toString() {
            return getMessage();
        }
    }
}
