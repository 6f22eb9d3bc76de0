package io.mpathj.export.nbd.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** etc/io.mpathj.nbd.cfg: defaults, TCP on loopback only, refusals that name the key, unknown keys. */
class NbdSettingsTest {
    private static final Path HOME = Path.of("/home/op/run");

    @Test
    void withoutAFileTheServerListensOnTheHomesSocketOnly() {
        NbdSettings s = NbdSettings.read(Map.of(), HOME);
        assertEquals(HOME.resolve("nbd/nbd.sock"), s.unixSocket());
        assertNull(s.tcp());
        assertEquals(List.of(), s.exports());
        assertEquals(List.of(), s.problems());
    }

    @Test
    void tcpOnLoopbackAndExportsAtStart() {
        NbdSettings s = NbdSettings.read(Map.of("tcp_port", "10809", "exports", "mpatha, mpathb",
                "unix_socket", "none", "felix.fileinstall.filename", "file:/x/etc/io.mpathj.nbd.cfg"), HOME);
        assertNull(s.unixSocket());
        assertEquals(new InetSocketAddress("127.0.0.1", 10809), s.tcp());
        assertEquals(List.of("mpatha", "mpathb"), s.exports());
        assertEquals("etc/io.mpathj.nbd.cfg", s.source());
    }

    @Test
    void refusalsNameTheKeyAndUnknownKeysAreListed() {
        NbdSettings s = NbdSettings.read(Map.of("tcp_port", "10809", "tcp_address", "0.0.0.0", "tcp.port", "1"),
                HOME);
        assertEquals(1, s.problems().size(), s.problems().toString());
        assertTrue(s.problems().get(0).startsWith("tcp_address: 0.0.0.0 is not a loopback address"),
                s.problemSummary());
        assertEquals(List.of("tcp.port"), s.unknownKeys());
        NbdSettings nowhere = NbdSettings.read(Map.of("unix_socket", "none"), HOME);
        assertTrue(nowhere.problemSummary().contains("listen nowhere"), nowhere.problemSummary());
        NbdSettings badPort = NbdSettings.read(Map.of("tcp_port", "70000"), HOME);
        assertEquals(List.of("tcp_port: 70000 is outside 0..65535"), badPort.problems());
    }
}
