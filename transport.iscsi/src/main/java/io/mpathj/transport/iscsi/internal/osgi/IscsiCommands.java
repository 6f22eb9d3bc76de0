package io.mpathj.transport.iscsi.internal.osgi;

import io.mpathj.transport.iscsi.DiscoveredTarget;
import io.mpathj.transport.iscsi.IscsiPath;
import io.mpathj.transport.iscsi.IscsiPathName;
import io.mpathj.transport.iscsi.IscsiPortal;
import io.mpathj.transport.iscsi.IscsiSessionInfo;
import io.mpathj.transport.iscsi.IscsiTransport;
import io.mpathj.transport.iscsi.TargetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@code iscsi:} Gogo commands: find targets and their LUNs, log sessions in and out, and look at them. Paths
 * are printed as multipath tables name them: {@code iscsi:HOST:PORT/IQN/LUN}.
 */
@Component(service = IscsiCommands.class, property = {
    "osgi.command.scope=iscsi",
    "osgi.command.function=discover", "osgi.command.function=login", "osgi.command.function=logout",
    "osgi.command.function=sessions"})
public final class IscsiCommands {
    private static final String DEFAULT_TIMEOUT = "30";
    private static final String PORTAL = "portal: HOST, HOST:PORT or [IPv6]:PORT (port 3260 when omitted)";
    private final IscsiPlatform platform;

    @Activate
    public IscsiCommands(@Reference IscsiPlatform platform) {
        this.platform = platform;
    }

    @Descriptor("SendTargets and REPORT LUNS through each portal: the targets, their portals with portal group tags, "
            + "and each LUN as an iscsi: path for a multipath table (logs in a session per target and portal)")
    public String discover(
            @Descriptor("seconds to wait for all answers (default 30)")
            @Parameter(names = {"-t", "--timeout"}, absentValue = DEFAULT_TIMEOUT) int timeout,
            @Descriptor("portals to ask: HOST, HOST:PORT or [IPv6]:PORT (port 3260 when omitted)") String... portals) {
        if (portals.length == 0) {
            throw new IscsiCommandException("discover: name at least one portal, e.g. iscsi:discover 10.0.0.1:3260");
        }
        checkTimeout("discover", timeout);
        IscsiTransport transport = platform.transport();
        List<IscsiPortal> asked = new ArrayList<>();
        for (String p : portals) {
            asked.add(portal("discover", p));
        }
        // SendTargets on each portal: the targets and their addresses with tags, each portal once per target
        Map<String, Map<IscsiPortal, TargetAddress>> targets = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        for (IscsiPortal portal : asked) {
            try {
                for (DiscoveredTarget t : await(transport.discover(portal), timeout)) {
                    Map<IscsiPortal, TargetAddress> addresses = targets.computeIfAbsent(t.name(),
                            n -> new LinkedHashMap<>());
                    t.addresses().forEach(a -> addresses.putIfAbsent(a.portal(), a));
                }
            } catch (IscsiCommandException e) {
                failures.add("no answer from " + portal + ": " + e.getMessage());
            }
        }
        if (targets.isEmpty()) {
            throw new IscsiCommandException("discover: " + (failures.isEmpty() ? "no targets reported by "
                    + asked.stream().map(IscsiPortal::toString).toList() : String.join("; ", failures)));
        }
        // REPORT LUNS on every target x portal
        Map<String, Map<IscsiPortal, TreeMap<Integer, IscsiPath>>> luns = new TreeMap<>();
        for (IscsiPath path : await(transport.discoverPaths(asked), timeout)) {
            IscsiPathName n = path.pathName();
            luns.computeIfAbsent(n.targetName(), t -> new LinkedHashMap<>())
                    .computeIfAbsent(n.portal(), p -> new TreeMap<>()).put(n.lun(), path);
        }
        StringBuilder out = new StringBuilder();
        targets.forEach((name, addresses) -> {
            out.append("target ").append(name).append('\n');
            for (TargetAddress a : addresses.values()) {
                TreeMap<Integer, IscsiPath> found = luns.getOrDefault(name, Map.of()).get(a.portal());
                out.append("  portal ").append(a.portal()).append(" tag ")
                        .append(a.portalGroupTag().isPresent() ? String.valueOf(a.portalGroupTag().getAsInt()) : "-");
                if (found == null || found.isEmpty()) {
                    out.append(": no LUNs (no login or REPORT LUNS failed; see the log)\n");
                    continue;
                }
                out.append(": LUNs ").append(String.join(" ", found.keySet().stream().map(String::valueOf)
                        .toList())).append('\n');
                found.values().forEach(path -> out.append("    ").append(path.name()).append('\n'));
            }
        });
        failures.forEach(f -> out.append(f).append('\n'));
        return out.toString().stripTrailing();
    }

    @Descriptor("log in a session to a target through a portal; it stays until iscsi:logout (LUN paths share it); "
            + "its LUNs (REPORT LUNS) are announced as paths, so maps can assemble")
    public String login(
            @Descriptor("seconds to wait for the login (default 30; the login timeout of the configuration applies)")
            @Parameter(names = {"-t", "--timeout"}, absentValue = DEFAULT_TIMEOUT) int timeout,
            @Descriptor(PORTAL) String portal,
            @Descriptor("target name, e.g. iqn.2003-01.org.linux-iscsi.host:disk") String target) {
        checkTimeout("login", timeout);
        IscsiTransport transport = platform.transport();
        IscsiPortal p = portal("login", portal);
        try {
            await(transport.login(p, target), timeout);
        } catch (IscsiCommandException e) {
            throw new IscsiCommandException("login to " + p + "/" + target + " failed: " + lastError(transport, p,
                    target, e.getMessage()) + "; the session keeps trying (iscsi:logout " + p + " " + target
                    + " stops it)");
        }
        IscsiSessionInfo s = session(transport, p, target, timeout);
        return "logged in to " + p + "/" + target + (s == null ? "" : " (TSIH " + s.tsih() + ")");
    }

    @Descriptor("log out the session to a target through a portal; paths on it are dropped and announced gone "
            + "(assembled maps are reloaded without them; other maps holding them see them fail)")
    public String logout(
            @Descriptor("seconds to wait for the logout (default 30)")
            @Parameter(names = {"-t", "--timeout"}, absentValue = DEFAULT_TIMEOUT) int timeout,
            @Descriptor(PORTAL) String portal, @Descriptor("target name") String target) {
        checkTimeout("logout", timeout);
        IscsiPortal p = portal("logout", portal);
        int paths;
        try {
            paths = await(platform.transport().logout(p, target), timeout);
        } catch (IscsiCommandException e) { // "no session to …"
            throw new IscsiCommandException("logout: " + e.getMessage());
        }
        return "logged out of " + p + "/" + target + "; " + paths + (paths == 1 ? " path" : " paths") + " dropped";
    }

    @Descriptor("the sessions: state, portal, target, TSIH, CmdSN window, reconnects, paths, last error")
    public String sessions() {
        List<IscsiSessionInfo> all = new ArrayList<>(await(platform.transport().sessions(),
                Integer.parseInt(DEFAULT_TIMEOUT)));
        if (all.isEmpty()) {
            return "no iSCSI sessions";
        }
        all.sort(Comparator.comparing((IscsiSessionInfo s) -> s.targetName())
                .thenComparing(s -> s.portal().toString()));
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"STATE", "PORTAL", "TARGET", "TSIH", "CMDSN", "EXPCMDSN", "MAXCMDSN", "RECONNECTS",
            "PATHS", "LAST-ERROR"});
        for (IscsiSessionInfo s : all) {
            rows.add(new String[] {s.state(), s.portal().toString(), s.targetName(), String.valueOf(s.tsih()),
                String.valueOf(s.cmdSn()), String.valueOf(s.expCmdSn()), String.valueOf(s.maxCmdSn()),
                String.valueOf(s.reconnects()), String.valueOf(s.paths()),
                s.lastError().isEmpty() ? "-" : s.lastError()});
        }
        return table(rows);
    }

    // ---------------------------------------------------------------------------------------------- helpers

    private static String table(List<String[]> rows) {
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length - 1; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                out.append(i < row.length - 1 ? String.format("%-" + widths[i] + "s  ", row[i]) : row[i]);
            }
            out.append('\n');
        }
        return out.toString().stripTrailing();
    }

    private static IscsiPortal portal(String command, String text) {
        try {
            return IscsiPortal.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IscsiCommandException(command + ": '" + text + "' is not a portal (HOST, HOST:PORT or "
                    + "[IPv6]:PORT): " + e.getMessage());
        }
    }

    private static void checkTimeout(String command, int seconds) {
        if (seconds < 1 || seconds > 3600) {
            throw new IscsiCommandException(command + ": --timeout must be 1..3600 seconds, not " + seconds);
        }
    }

    private static IscsiSessionInfo session(IscsiTransport transport, IscsiPortal portal, String target,
            int timeout) {
        return await(transport.sessions(), timeout).stream()
                .filter(s -> s.portal().equals(portal) && s.targetName().equals(target)).findFirst().orElse(null);
    }

    /** The session's own last error, which says more than "timed out". */
    private static String lastError(IscsiTransport transport, IscsiPortal portal, String target, String fallback) {
        IscsiSessionInfo s = session(transport, portal, target, 5);
        return s != null && !s.lastError().isEmpty() ? s.lastError() : fallback;
    }

    /** The stage's value, or a one-line {@link IscsiCommandException} with the cause's message. */
    private static <T> T await(CompletionStage<T> stage, int seconds) {
        try {
            return stage.toCompletableFuture().get(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IscsiCommandException("interrupted");
        } catch (TimeoutException e) {
            throw new IscsiCommandException("no answer within " + seconds + " s");
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                    && cause.getCause() != null) {
                cause = cause.getCause();
            }
            throw new IscsiCommandException(cause instanceof TimeoutException ? "no answer in time"
                    : String.valueOf(cause.getMessage()));
        }
    }
}
