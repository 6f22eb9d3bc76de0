package io.mpathj.export.nbd.internal;

import io.mpathj.api.config.ConfigReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The configuration {@code io.mpathj.nbd} ({@code etc/io.mpathj.nbd.cfg}): where the server listens and which maps
 * it exports from the start. Keys by their exact names; every bad value is reported at once.
 *
 * @param source the file, as the operator finds it
 * @param unixSocket the UNIX socket, or null for none
 * @param tcp the TCP address (loopback only), or null for none
 * @param exports maps exported at start
 * @param problems values that cannot be used ({@code KEY: what is wrong}); the configuration is refused then
 * @param unknownKeys keys nobody reads (likely misspelt)
 */
record NbdSettings(String source, Path unixSocket, InetSocketAddress tcp, List<String> exports,
        List<String> problems, List<String> unknownKeys) {
    static final String PID = "io.mpathj.nbd";
    static final String UNIX_SOCKET = "unix_socket";
    static final String TCP_PORT = "tcp_port";
    static final String TCP_ADDRESS = "tcp_address";
    static final String EXPORTS = "exports";
    /** The socket's place in the home, in a folder of its own (0700). */
    static final String DEFAULT_SOCKET = "nbd/nbd.sock";
    static final List<String> KEYS = List.of(UNIX_SOCKET, TCP_PORT, TCP_ADDRESS, EXPORTS);

    /** Reads every key; {@code home} resolves a relative socket path. */
    static NbdSettings read(Map<String, ?> properties, Path home) {
        ConfigReader r = new ConfigReader(properties);
        String socket = r.nonBlank(UNIX_SOCKET, DEFAULT_SOCKET);
        Path unix = socket.equals("none") ? null : home.resolve(socket);
        int port = r.integer(TCP_PORT, 0, 0, 65535);
        String host = r.nonBlank(TCP_ADDRESS, "127.0.0.1");
        InetSocketAddress tcp = null;
        try {
            InetAddress address = InetAddress.getByName(host);
            if (!address.isLoopbackAddress()) {
                r.problem(TCP_ADDRESS, host + " is not a loopback address: NBD has no authentication here, "
                        + "so it listens on loopback only (127.0.0.1 or ::1)");
            } else if (port != 0) {
                tcp = new InetSocketAddress(address, port);
            }
        } catch (UnknownHostException e) {
            r.problem(TCP_ADDRESS, "'" + host + "' is not an address");
        }
        String list = r.string(EXPORTS, "");
        List<String> exports = Arrays.stream(list.split("[,\\s]+")).filter(s -> !s.isEmpty()).toList();
        if (unix == null && tcp == null && r.problems().isEmpty()) {
            r.problem(UNIX_SOCKET, "none, and no tcp_port: the server would listen nowhere");
        }
        return new NbdSettings(r.source(), unix, tcp, exports, r.problems(), r.unknownKeys());
    }

    String problemSummary() {
        return String.join("; ", problems);
    }
}
