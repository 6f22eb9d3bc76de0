package io.mpathj.transport.iscsi.internal.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.felix.service.command.Descriptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

/** The {@code iscsi:} commands' refusals: one line each, never a stack trace. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class IscsiCommandsTest {
    private IscsiPlatform platform;

    @AfterEach
    void tearDown() {
        if (platform != null) {
            platform.deactivate();
        }
    }

    private IscsiCommands commands(Map<String, ?> properties) {
        platform = new IscsiPlatform(properties);
        return new IscsiCommands(platform);
    }

    private static String error(Executable command) {
        IscsiCommandException e = assertThrows(IscsiCommandException.class, command);
        assertEquals(e.getMessage(), e.toString(), "Gogo prints the message alone");
        assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e.getMessage();
    }

    /** A loopback port nothing listens on. */
    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void usersMistakesAreOneLineErrors() throws Exception {
        IscsiCommands c = commands(Map.of("login_timeout_ms", "500", "reconnect_delay_ms", "50"));
        assertEquals("discover: name at least one portal, e.g. iscsi:discover 10.0.0.1:3260",
                error(() -> c.discover(30)));
        assertEquals("discover: 'host:port' is not a portal (HOST, HOST:PORT or [IPv6]:PORT): bad port in portal "
                + "host:port", error(() -> c.discover(30, "host:port")));
        assertEquals("login: --timeout must be 1..3600 seconds, not 0",
                error(() -> c.login(0, "127.0.0.1", "iqn.x:y")));
        assertEquals("logout: no session to 127.0.0.1:3260/iqn.x:y", error(() -> c.logout(30, "127.0.0.1", "iqn.x:y")));
        assertEquals("no iSCSI sessions", c.sessions());
        int port = closedPort();
        String refused = error(() -> c.discover(5, "127.0.0.1:" + port));
        assertTrue(refused.startsWith("discover: no answer from 127.0.0.1:" + port + ": "), refused);
        String login = error(() -> c.login(5, "127.0.0.1:" + port, "iqn.x:y"));
        assertTrue(login.startsWith("login to 127.0.0.1:" + port + "/iqn.x:y failed: "), login);
        assertTrue(login.endsWith("; the session keeps trying (iscsi:logout 127.0.0.1:" + port + " iqn.x:y stops it)"),
                login);
        assertTrue(c.sessions().contains("127.0.0.1:" + port), c.sessions());
        assertEquals("logged out of 127.0.0.1:" + port + "/iqn.x:y; 0 paths dropped",
                c.logout(5, "127.0.0.1:" + port, "iqn.x:y"));
        assertEquals("no iSCSI sessions", c.sessions());
    }

    @Test
    void aRefusedConfigurationIsWhatEveryCommandSays() {
        IscsiCommands c = commands(Map.of("header_digest", "maybe", "felix.fileinstall.filename",
                "file:/home/op/run/etc/io.mpathj.iscsi.cfg"));
        String expected = "no iSCSI transport: etc/io.mpathj.iscsi.cfg refused: header_digest: 'maybe' is not true or "
                + "false";
        assertEquals(expected, error(c::sessions));
        assertEquals(expected, error(() -> c.discover(30, "127.0.0.1")));
    }

    @Test
    void everyCommandAndParameterHasADescriptor() throws Exception {
        for (String name : new String[] {"discover", "login", "logout", "sessions"}) {
            java.lang.reflect.Method m = java.util.Arrays.stream(IscsiCommands.class.getMethods())
                    .filter(x -> x.getName().equals(name)).findFirst().orElseThrow();
            assertTrue(m.isAnnotationPresent(Descriptor.class), name);
            for (java.lang.reflect.Parameter p : m.getParameters()) {
                assertTrue(p.isAnnotationPresent(Descriptor.class), name + " " + p);
            }
        }
    }
}
