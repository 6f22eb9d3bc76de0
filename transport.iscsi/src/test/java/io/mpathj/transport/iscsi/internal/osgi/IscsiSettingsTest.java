package io.mpathj.transport.iscsi.internal.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpathj.transport.iscsi.ChapCredentials;
import io.mpathj.transport.iscsi.IscsiConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code io.mpathj.iscsi} configuration: exact keys with underscores, one-line refusals, the CHAP file. */
class IscsiSettingsTest {
    private static final String SECRET = "twelve-chars-secret";

    @TempDir
    Path dir;

    private static final String FILE = "file:/home/op/run/etc/io.mpathj.iscsi.cfg";

    /** The configuration as FileInstall delivers it: the keys given and the file they came from. */
    private static Map<String, Object> file(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        m.put("felix.fileinstall.filename", FILE);
        m.put("service.pid", "io.mpathj.iscsi");
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static IscsiConfig parse(Map<String, ?> properties) {
        IscsiSettings.Reading reading = IscsiSettings.read(properties);
        assertEquals(List.of(), reading.problems());
        return reading.config();
    }

    /** The one line a refused configuration is reported with. */
    private static String refused(Object... kv) {
        IscsiSettings.Reading reading = IscsiSettings.read(file(kv));
        assertNull(reading.config(), "refused: " + reading.problems());
        assertEquals("etc/io.mpathj.iscsi.cfg", reading.source());
        return reading.problemSummary();
    }

    @Test
    void everyKeyIsReadByItsNameWithUnderscores() throws Exception {
        Path secret = Files.writeString(dir.resolve("chap.secret"), SECRET + "\n");
        Map<String, Object> p = new HashMap<>();
        p.put("initiator_name", "iqn.2026-11.example:host1");
        p.put("header_digest", "true");
        p.put("data_digest", Boolean.TRUE);
        p.put("login_timeout_ms", "2500");
        p.put("nop_interval_ms", 1000L);
        p.put("nop_timeout_ms", "1500");
        p.put("task_management_timeout_ms", "3000");
        p.put("logout_timeout_ms", "700");
        p.put("reconnect_delay_ms", "100");
        p.put("max_reconnect_delay_ms", "4000");
        p.put("chap_user", "mpathj");
        p.put("chap_secret_file", secret.toString());
        p.put("service.pid", "io.mpathj.iscsi");
        p.put("felix.fileinstall.filename", "file:/run/etc/io.mpathj.iscsi.cfg");
        p.put("component.name", "io.mpathj.transport.iscsi.internal.osgi.IscsiPlatform");
        IscsiConfig c = parse(p);
        assertEquals("iqn.2026-11.example:host1", c.initiatorName());
        assertTrue(c.headerDigest());
        assertTrue(c.dataDigest());
        assertEquals(Duration.ofMillis(2500), c.loginTimeout());
        assertEquals(Duration.ofMillis(1000), c.nopInterval());
        assertEquals(Duration.ofMillis(1500), c.nopTimeout());
        assertEquals(Duration.ofMillis(3000), c.taskManagementTimeout());
        assertEquals(Duration.ofMillis(700), c.logoutTimeout());
        assertEquals(Duration.ofMillis(100), c.reconnectDelay());
        assertEquals(Duration.ofMillis(4000), c.maxReconnectDelay());
        assertEquals(new ChapCredentials("mpathj", SECRET), c.chap().orElseThrow(), "trailing newline stripped");
        IscsiSettings.Reading reading = IscsiSettings.read(p);
        assertEquals(List.of(), reading.unknownKeys(), "framework keys are not unknown");
        assertEquals(List.of("initiator_name", "header_digest", "data_digest", "login_timeout_ms", "nop_interval_ms",
                "nop_timeout_ms", "task_management_timeout_ms", "logout_timeout_ms", "reconnect_delay_ms",
                "max_reconnect_delay_ms", "chap_user", "chap_secret_file"), reading.knownKeys(),
                "every key the README lists, in its order");
        String described = IscsiSettings.describe(c);
        assertEquals("initiator iqn.2026-11.example:host1, digests header=CRC32C data=CRC32C, login timeout 2500 ms, "
                + "CHAP user mpathj", described);
        assertFalse(described.contains(SECRET));
    }

    @Test
    void absentKeysKeepTheDefaultsAndDottedSpellingsAreUnknownNotApplied() {
        Map<String, Object> p = file("header.digest", "true", "initiator.name", "iqn.x:y");
        IscsiConfig c = parse(p);
        IscsiConfig defaults = IscsiConfig.builder().build();
        assertFalse(c.headerDigest());
        assertEquals(defaults.initiatorName(), c.initiatorName());
        assertEquals(defaults.loginTimeout(), c.loginTimeout());
        assertTrue(c.chap().isEmpty());
        assertTrue(parse(file("header_digest", "yes")).headerDigest(), "the project's spellings of true");
        assertEquals(defaults.reconnectDelay(), c.reconnectDelay());
        assertEquals(defaults.maxReconnectDelay(), c.maxReconnectDelay());
        assertEquals(List.of("header.digest", "initiator.name"), IscsiSettings.read(p).unknownKeys());
    }

    @Test
    void badValuesAreRefusedInOneLineNamingTheKey() {
        assertEquals("header_digest: 'maybe' is not true or false", refused("header_digest", "maybe"));
        assertEquals("login_timeout_ms: '10s' is not a whole number", refused("login_timeout_ms", "10s"));
        assertEquals("nop_timeout_ms: 0 is outside 1..3600000", refused("nop_timeout_ms", "0"));
        assertEquals("initiator_name: empty (give a value or leave the key out)", refused("initiator_name", " "));
        assertEquals("max_reconnect_delay_ms: 100 is below reconnect_delay_ms (500)",
                refused("max_reconnect_delay_ms", "100"));
        assertEquals("chap_user: needs chap_secret_file too (one-way CHAP takes both)", refused("chap_user", "u"));
        assertEquals("chap_secret_file: needs chap_user too (one-way CHAP takes both)",
                refused("chap_secret_file", "/etc/x"));
    }

    @Test
    void everyBadValueOfAFileIsReportedAtOnceInReadingOrder() {
        assertEquals("data_digest: 'si' is not true or false; logout_timeout_ms: 3600001 is outside 1..3600000; "
                + "reconnect_delay_ms: 'fast' is not a whole number",
                refused("reconnect_delay_ms", "fast", "logout_timeout_ms", "3600001", "data_digest", "si",
                        "max_reconnect_delay_ms", "100"));
    }

    @Test
    void aFirstReconnectDelayAboveTheDefaultMaximumIsItsOwnMaximum() {
        IscsiConfig c = parse(file("reconnect_delay_ms", "60000"));
        assertEquals(Duration.ofMillis(60000), c.reconnectDelay());
        assertEquals(Duration.ofMillis(60000), c.maxReconnectDelay());
        IscsiConfig d = parse(file("max_reconnect_delay_ms", "800"));
        assertEquals(Duration.ofMillis(500), d.reconnectDelay());
        assertEquals(Duration.ofMillis(800), d.maxReconnectDelay());
    }

    @Test
    void aChapSecretFileThatCannotBeUsedIsNamedButNeverItsContent() throws Exception {
        Path missing = dir.resolve("missing.secret");
        assertEquals("chap_secret_file: " + missing + " cannot be read (NoSuchFileException)",
                refused("chap_user", "u", "chap_secret_file", missing.toString()));
        Path blank = Files.writeString(dir.resolve("blank.secret"), "\n");
        assertEquals("chap_secret_file: " + blank + " is empty",
                refused("chap_user", "u", "chap_secret_file", blank.toString()));
        Path secret = Files.writeString(dir.resolve("chap.secret"), SECRET);
        String other = refused("chap_user", "u", "chap_secret_file", secret.toString(), "nop_timeout_ms", "x");
        assertEquals("nop_timeout_ms: 'x' is not a whole number", other);
        assertFalse(other.contains(SECRET), "the secret is read but never shown");
    }
}
