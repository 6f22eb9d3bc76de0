package io.mpathj.transport.iscsi.internal.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpathj.transport.iscsi.ChapCredentials;
import io.mpathj.transport.iscsi.IscsiConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code io.mpathj.iscsi} configuration: exact keys with underscores, one-line refusals, the CHAP file. */
class IscsiSettingsTest {
    private static final String SECRET = "twelve-chars-secret";

    @TempDir
    Path dir;

    private static IllegalArgumentException refused(Map<String, ?> properties) {
        return assertThrows(IllegalArgumentException.class, () -> IscsiSettings.parse(properties));
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
        IscsiConfig c = IscsiSettings.parse(p);
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
        assertEquals(Set.of(), IscsiSettings.unknownKeys(p));
        String described = IscsiSettings.describe(c);
        assertEquals("initiator iqn.2026-11.example:host1, digests header=CRC32C data=CRC32C, login timeout 2500 ms, "
                + "CHAP user mpathj", described);
        assertFalse(described.contains(SECRET));
    }

    @Test
    void absentKeysKeepTheDefaultsAndDottedSpellingsAreUnknownNotApplied() {
        Map<String, Object> p = Map.of("header.digest", "true", "initiator.name", "iqn.x:y");
        IscsiConfig c = IscsiSettings.parse(p);
        IscsiConfig defaults = IscsiConfig.builder().build();
        assertFalse(c.headerDigest());
        assertEquals(defaults.initiatorName(), c.initiatorName());
        assertEquals(defaults.loginTimeout(), c.loginTimeout());
        assertTrue(c.chap().isEmpty());
        assertEquals(Set.of("header.digest", "initiator.name"), IscsiSettings.unknownKeys(p));
    }

    @Test
    void badValuesAreRefusedInOneLineNamingTheKey() {
        assertEquals("header_digest must be true or false, not 'yes'",
                refused(Map.of("header_digest", "yes")).getMessage());
        assertEquals("login_timeout_ms must be a number of milliseconds, not '10s'",
                refused(Map.of("login_timeout_ms", "10s")).getMessage());
        assertEquals("nop_timeout_ms must be 1..3600000 ms, not 0", refused(Map.of("nop_timeout_ms", "0")).getMessage());
        assertEquals("initiator_name is empty", refused(Map.of("initiator_name", " ")).getMessage());
        assertEquals("max_reconnect_delay_ms (100) is below reconnect_delay_ms (500)",
                refused(Map.of("max_reconnect_delay_ms", "100")).getMessage());
        assertEquals("chap_user and chap_secret_file go together; only chap_user is set",
                refused(Map.of("chap_user", "u")).getMessage());
    }

    @Test
    void aChapSecretFileThatCannotBeUsedIsNamedButNeverItsContent() throws Exception {
        Path missing = dir.resolve("missing.secret");
        assertEquals("chap_secret_file " + missing + " cannot be read (NoSuchFileException)",
                refused(Map.of("chap_user", "u", "chap_secret_file", missing.toString())).getMessage());
        Path blank = Files.writeString(dir.resolve("blank.secret"), "\n");
        assertEquals("chap_secret_file " + blank + " is empty",
                refused(Map.of("chap_user", "u", "chap_secret_file", blank.toString())).getMessage());
    }
}
