package io.mpathj.export.nbd.internal;

import io.mpathj.api.InvalidArgumentsException;
import io.mpathj.api.map.Multipath;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The NBD server in the container and its {@code nbd:} commands. Listens on {@code nbd/nbd.sock} in the home (mode
 * 0600 in a 0700 folder) unless {@code etc/io.mpathj.nbd.cfg} says otherwise; TCP only on loopback and only when
 * configured. An edited file restarts the server (its clients reconnect).
 */
@Component(service = NbdComponent.class, immediate = true, configurationPid = NbdSettings.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, property = {
            "osgi.command.scope=nbd", "osgi.command.function=export", "osgi.command.function=unexport",
            "osgi.command.function=exports"})
public final class NbdComponent {
    private static final Logger LOG = LoggerFactory.getLogger(NbdComponent.class);
    private static final String EXPORT = "export a map over NBD under its name (each client holds the map open)";
    private static final String UNEXPORT = "end a map's NBD export: its clients are disconnected once their "
            + "requests in flight completed";
    private static final String EXPORTS = "list the NBD exports with their clients, requests and bytes, and where "
            + "the server listens";

    private final NbdServer server;
    private final String refusal;

    @Activate
    public NbdComponent(@Reference Multipath multipath, BundleContext context, Map<String, Object> properties) {
        String home = context.getProperty("mpathj.home");
        // the component's own properties (its Gogo registration) are not the file's keys
        Map<String, Object> file = new java.util.HashMap<>(properties);
        file.keySet().removeIf(k -> k.startsWith("osgi.command."));
        NbdSettings s = NbdSettings.read(file, Path.of(home == null ? "run" : home).toAbsolutePath());
        if (!s.unknownKeys().isEmpty()) {
            LOG.warn("{}: unknown keys ignored: {} (known: {})", s.source(), String.join(", ", s.unknownKeys()),
                    String.join(", ", NbdSettings.KEYS));
        }
        server = new NbdServer(multipath);
        String refused = null;
        if (!s.problems().isEmpty()) {
            refused = s.source() + " refused: " + s.problemSummary();
            LOG.error("{}: the NBD server does not listen", refused);
        } else {
            try {
                if (s.unixSocket() != null) {
                    server.listenUnix(s.unixSocket());
                }
                if (s.tcp() != null) {
                    server.listenTcp(s.tcp());
                }
            } catch (IOException | RuntimeException e) {
                refused = "cannot listen: " + e;
                LOG.error("NBD server: {}", refused);
            }
            for (String map : s.exports()) {
                try {
                    server.export(map, false);
                } catch (InvalidArgumentsException e) {
                    LOG.warn("{}: exports: {}", s.source(), e.getMessage());
                }
            }
        }
        this.refusal = refused;
    }

    @Deactivate
    void deactivate() {
        server.close();
    }

    @Descriptor(EXPORT)
    public String export() {
        throw new NbdCommandException("usage: nbd:export MAP (e.g. nbd:export mpatha)");
    }

    @Descriptor(EXPORT)
    public String export(@Descriptor("the map's name, which becomes the export's") String map) {
        try {
            server.export(map);
        } catch (InvalidArgumentsException e) {
            throw new NbdCommandException("export " + map + ": " + e.getMessage());
        }
        List<String> lines = new ArrayList<>();
        lines.add("exported " + map);
        for (String a : server.addresses()) {
            lines.add("  " + a.replace("EXPORT", map));
        }
        if (refusal != null) {
            lines.add("warning: the server does not listen: " + refusal);
        }
        return String.join("\n", lines);
    }

    @Descriptor(UNEXPORT)
    public String unexport() {
        throw new NbdCommandException("usage: nbd:unexport MAP");
    }

    @Descriptor(UNEXPORT)
    public String unexport(@Descriptor("an exported map") String map) {
        try {
            int n = server.unexport(map);
            return "unexported " + map + (n == 0 ? "" : " (" + n + (n == 1 ? " client" : " clients")
                    + " disconnected)");
        } catch (InvalidArgumentsException e) {
            throw new NbdCommandException("unexport " + map + ": " + e.getMessage());
        }
    }

    @Descriptor(EXPORTS)
    public String exports() {
        List<String> lines = new ArrayList<>();
        if (refusal != null) {
            lines.add("not listening: " + refusal);
        }
        for (String a : server.addresses()) {
            lines.add("listening: " + a);
        }
        List<Export.ExportStats> all = server.exports();
        if (all.isEmpty()) {
            lines.add("no exports (nbd:export MAP makes one)");
            return String.join("\n", lines);
        }
        lines.add(String.format("%-16s %7s %12s %14s %14s %8s", "EXPORT", "CLIENTS", "REQUESTS", "READ", "WRITTEN",
                "ERRORS"));
        for (Export.ExportStats e : all) {
            lines.add(String.format("%-16s %7d %12d %14s %14s %8d", e.name(), e.clients(), e.requests(),
                    bytes(e.bytesRead()), bytes(e.bytesWritten()), e.errors()));
        }
        return String.join("\n", lines);
    }

    private static String bytes(long n) {
        if (n < 1024 * 1024) {
            return n + " B";
        }
        return n >= 1L << 30 ? String.format("%.1f GiB", n / (double) (1L << 30))
                : String.format("%.1f MiB", n / (double) (1 << 20));
    }
}
