package io.mpathj.transport.iscsi.internal.osgi;

import io.mpathj.api.config.ConfigReader;
import io.mpathj.transport.iscsi.ChapCredentials;
import io.mpathj.transport.iscsi.IscsiConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The configuration {@code io.mpathj.iscsi} (ConfigAdmin; {@code etc/io.mpathj.iscsi.cfg} through FileInstall) as an
 * {@link IscsiConfig}, read with the project's {@link ConfigReader}: keys by their exact names, underscores and all,
 * every bad value reported at once. The CHAP secret is read from the file {@code chap_secret_file} names and is never
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
    private static final long MAX_MILLIS = 3_600_000;
    private static final IscsiConfig DEFAULTS = IscsiConfig.builder().build();

    /**
     * One reading of the configuration.
     *
     * @param source where it came from, as the operator finds it ({@code etc/io.mpathj.iscsi.cfg})
     * @param config the transport's settings; null when there are problems
     * @param problems every value that cannot be used, as {@code KEY: what is wrong}
     * @param unknownKeys keys that are neither ours nor the framework's (most likely misspelt, e.g. with dots)
     * @param knownKeys the keys read, in the README's order
     */
    record Reading(String source, IscsiConfig config, List<String> problems, List<String> unknownKeys,
            List<String> knownKeys) {
        /** The problems as one line. */
        String problemSummary() {
            return String.join("; ", problems);
        }
    }

    private IscsiSettings() {
    }

    /** Reads every key; the builder's defaults for keys that are absent. */
    static Reading read(Map<String, ?> properties) {
        ConfigReader r = new ConfigReader(properties);
        IscsiConfig.Builder b = IscsiConfig.builder();
        b.initiatorName(r.nonBlank(INITIATOR_NAME, DEFAULTS.initiatorName()));
        b.headerDigest(r.flag(HEADER_DIGEST, DEFAULTS.headerDigest()));
        b.dataDigest(r.flag(DATA_DIGEST, DEFAULTS.dataDigest()));
        millis(r, LOGIN_TIMEOUT_MS, DEFAULTS.loginTimeout(), b::loginTimeout);
        millis(r, NOP_INTERVAL_MS, DEFAULTS.nopInterval(), b::nopInterval);
        millis(r, NOP_TIMEOUT_MS, DEFAULTS.nopTimeout(), b::nopTimeout);
        millis(r, TASK_MANAGEMENT_TIMEOUT_MS, DEFAULTS.taskManagementTimeout(), b::taskManagementTimeout);
        millis(r, LOGOUT_TIMEOUT_MS, DEFAULTS.logoutTimeout(), b::logoutTimeout);
        int before = r.problems().size();
        long first = r.number(RECONNECT_DELAY_MS, DEFAULTS.reconnectDelay().toMillis(), 1, MAX_MILLIS);
        // without the maximum, a first delay above the default maximum is its own maximum
        long max = r.number(MAX_RECONNECT_DELAY_MS, Math.max(first, DEFAULTS.maxReconnectDelay().toMillis()), 1,
                MAX_MILLIS);
        if (r.problems().size() == before && max < first) {
            r.problem(MAX_RECONNECT_DELAY_MS, max + " is below " + RECONNECT_DELAY_MS + " (" + first + ")");
        }
        b.reconnectDelay(Duration.ofMillis(first), Duration.ofMillis(max));
        before = r.problems().size();
        String user = r.nonBlank(CHAP_USER, null);
        String secretFile = r.nonBlank(CHAP_SECRET_FILE, null);
        if (r.problems().size() == before && (user == null) != (secretFile == null)) {
            r.problem(user != null ? CHAP_USER : CHAP_SECRET_FILE, "needs " + (user != null ? CHAP_SECRET_FILE
                    : CHAP_USER) + " too (one-way CHAP takes both)");
        } else if (user != null && secretFile != null) {
            String secret = readSecret(r, Path.of(secretFile));
            if (secret != null) {
                b.chap(new ChapCredentials(user, secret));
            }
        }
        List<String> problems = r.problems();
        return new Reading(r.source(), problems.isEmpty() ? b.build() : null, problems, r.unknownKeys(),
                r.knownKeys());
    }

    private static void millis(ConfigReader r, String key, Duration defaultValue, Consumer<Duration> setter) {
        setter.accept(Duration.ofMillis(r.number(key, defaultValue.toMillis(), 1, MAX_MILLIS)));
    }

    /** The secret in the file, stripped; null (and a problem naming the file, never its content) otherwise. */
    private static String readSecret(ConfigReader r, Path file) {
        String secret;
        try {
            secret = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException | SecurityException e) {
            r.problem(CHAP_SECRET_FILE, file + " cannot be read (" + e.getClass().getSimpleName() + ")");
            return null;
        }
        if (secret.isEmpty()) {
            r.problem(CHAP_SECRET_FILE, file + " is empty");
            return null;
        }
        return secret;
    }

    /** The settings in effect, for the log: never the secret. */
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
