package io.mpathj.transport.iscsi.internal.osgi;

import io.mpathj.transport.iscsi.ChapCredentials;
import io.mpathj.transport.iscsi.IscsiConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The configuration {@code io.mpathj.iscsi} (ConfigAdmin; {@code etc/io.mpathj.iscsi.cfg} through FileInstall) as an
 * {@link IscsiConfig}. Keys are read by their exact names, underscores and all (a DS property type would turn
 * {@code _} into {@code .}). The CHAP secret is read from the file {@code chap_secret_file} names and is never
 * written anywhere: messages name the file, not its content.
 */
final class IscsiSettings {
    static final String INITIATOR_NAME = "initiator_name";
    static final String HEADER_DIGEST = "header_digest";
    static final String DATA_DIGEST = "data_digest";
    static final String LOGIN_TIMEOUT_MS = "login_timeout_ms";
    static final String NOP_INTERVAL_MS = "nop_interval_ms";
    static final String NOP_TIMEOUT_MS = "nop_timeout_ms";
    static final String TASK_MANAGEMENT_TIMEOUT_MS = "task_management_timeout_ms";
    static final String LOGOUT_TIMEOUT_MS = "logout_timeout_ms";
    static final String RECONNECT_DELAY_MS = "reconnect_delay_ms";
    static final String MAX_RECONNECT_DELAY_MS = "max_reconnect_delay_ms";
    static final String CHAP_USER = "chap_user";
    static final String CHAP_SECRET_FILE = "chap_secret_file";
    static final Set<String> KEYS = Set.of(INITIATOR_NAME, HEADER_DIGEST, DATA_DIGEST, LOGIN_TIMEOUT_MS,
            NOP_INTERVAL_MS, NOP_TIMEOUT_MS, TASK_MANAGEMENT_TIMEOUT_MS, LOGOUT_TIMEOUT_MS, RECONNECT_DELAY_MS,
            MAX_RECONNECT_DELAY_MS, CHAP_USER, CHAP_SECRET_FILE);
    /** Properties ConfigAdmin, FileInstall and DS add to every configuration. */
    private static final List<String> FOREIGN_PREFIXES = List.of("service.", "component.", "felix.", "objectClass",
            "osgi.");
    private static final long MAX_MILLIS = 3_600_000;
    private static final Duration DEFAULT_RECONNECT = IscsiConfig.builder().build().reconnectDelay();
    private static final Duration DEFAULT_MAX_RECONNECT = IscsiConfig.builder().build().maxReconnectDelay();

    private IscsiSettings() {
    }

    /**
     * The transport configuration these properties describe; the builder's defaults for keys that are absent.
     *
     * @throws IllegalArgumentException one line naming the key and what is wrong with its value
     */
    static IscsiConfig parse(Map<String, ?> properties) {
        IscsiConfig.Builder b = IscsiConfig.builder();
        String initiator = string(properties, INITIATOR_NAME);
        if (initiator != null) {
            b.initiatorName(initiator);
        }
        b.headerDigest(bool(properties, HEADER_DIGEST, false));
        b.dataDigest(bool(properties, DATA_DIGEST, false));
        ifSet(properties, LOGIN_TIMEOUT_MS, b::loginTimeout);
        ifSet(properties, NOP_INTERVAL_MS, b::nopInterval);
        ifSet(properties, NOP_TIMEOUT_MS, b::nopTimeout);
        ifSet(properties, TASK_MANAGEMENT_TIMEOUT_MS, b::taskManagementTimeout);
        ifSet(properties, LOGOUT_TIMEOUT_MS, b::logoutTimeout);
        Duration first = millis(properties, RECONNECT_DELAY_MS);
        Duration max = millis(properties, MAX_RECONNECT_DELAY_MS);
        if (first != null || max != null) {
            Duration f = first != null ? first : DEFAULT_RECONNECT;
            Duration m = max != null ? max : f.compareTo(DEFAULT_MAX_RECONNECT) > 0 ? f : DEFAULT_MAX_RECONNECT;
            if (m.compareTo(f) < 0) {
                throw new IllegalArgumentException(MAX_RECONNECT_DELAY_MS + " (" + m.toMillis() + ") is below "
                        + RECONNECT_DELAY_MS + " (" + f.toMillis() + ")");
            }
            b.reconnectDelay(f, m);
        }
        String user = string(properties, CHAP_USER);
        String secretFile = string(properties, CHAP_SECRET_FILE);
        if ((user == null) != (secretFile == null)) {
            throw new IllegalArgumentException(CHAP_USER + " and " + CHAP_SECRET_FILE + " go together; only "
                    + (user != null ? CHAP_USER : CHAP_SECRET_FILE) + " is set");
        }
        if (user != null) {
            b.chap(new ChapCredentials(user, readSecret(Path.of(secretFile))));
        }
        return b.build();
    }

    /** Keys that are neither ours nor added by the framework: most likely misspelt (e.g. with dots). */
    static Set<String> unknownKeys(Map<String, ?> properties) {
        Set<String> unknown = new TreeSet<>();
        for (String key : properties.keySet()) {
            if (!KEYS.contains(key) && FOREIGN_PREFIXES.stream().noneMatch(key::startsWith)) {
                unknown.add(key);
            }
        }
        return unknown;
    }

    private static String readSecret(Path file) {
        String secret;
        try {
            secret = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | SecurityException e) {
            throw new IllegalArgumentException(CHAP_SECRET_FILE + " " + file + " cannot be read ("
                    + e.getClass().getSimpleName() + ")");
        }
        secret = secret.strip();
        if (secret.isEmpty()) {
            throw new IllegalArgumentException(CHAP_SECRET_FILE + " " + file + " is empty");
        }
        return secret;
    }

    private static String string(Map<String, ?> properties, String key) {
        Object v = properties.get(key);
        if (v == null) {
            return null;
        }
        String s = String.valueOf(v).strip();
        if (s.isEmpty()) {
            throw new IllegalArgumentException(key + " is empty");
        }
        return s;
    }

    private static boolean bool(Map<String, ?> properties, String key, boolean absent) {
        String s = string(properties, key);
        if (s == null) {
            return absent;
        }
        switch (s.toLowerCase(Locale.ROOT)) {
            case "true":
                return true;
            case "false":
                return false;
            default:
                throw new IllegalArgumentException(key + " must be true or false, not '" + s + "'");
        }
    }

    private static void ifSet(Map<String, ?> properties, String key, Consumer<Duration> setter) {
        Duration d = millis(properties, key);
        if (d != null) {
            setter.accept(d);
        }
    }

    private static Duration millis(Map<String, ?> properties, String key) {
        String s = string(properties, key);
        if (s == null) {
            return null;
        }
        long ms;
        try {
            ms = Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number of milliseconds, not '" + s + "'");
        }
        if (ms < 1 || ms > MAX_MILLIS) {
            throw new IllegalArgumentException(key + " must be 1.." + MAX_MILLIS + " ms, not " + ms);
        }
        return Duration.ofMillis(ms);
    }

    /** The settings in effect, for the log and {@code iscsi:sessions}: never the secret. */
    static String describe(IscsiConfig c) {
        List<String> words = new ArrayList<>();
        words.add("initiator " + c.initiatorName());
        words.add("digests header=" + (c.headerDigest() ? "CRC32C" : "None") + " data="
                + (c.dataDigest() ? "CRC32C" : "None"));
        words.add("login timeout " + c.loginTimeout().toMillis() + " ms");
        c.chap().ifPresent(chap -> words.add("CHAP user " + chap.user()));
        return String.join(", ", words);
    }
}
