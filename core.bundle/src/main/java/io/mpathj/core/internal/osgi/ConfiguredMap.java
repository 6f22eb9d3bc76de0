package io.mpathj.core.internal.osgi;

import io.mpathj.api.InvalidArgumentsException;
import io.mpathj.api.config.ConfigReader;
import io.mpathj.core.internal.DependencyMissingException;
import io.mpathj.api.map.MapOptions;
import io.mpathj.core.internal.osgi.ConfiguredMaps.State;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One map per ConfigAdmin factory configuration (a file {@code etc/io.mpathj.map-NAME.cfg}), read by the keys the
 * README documents. A table that names a path or plug-in that is not there yet waits for it (retried quickly at
 * first, then every second, warned about once after {@value #WARN_AFTER_MILLIS} ms); a table or value that can
 * never work is reported once and left alone until the file changes. Editing the file of a live map reloads it.
 */
@Component(configurationPid = ConfiguredMap.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = MapConfiguration.class, factory = true)
public final class ConfiguredMap {
    public static final String FACTORY_PID = "io.mpathj.map";
    private static final Logger LOG = LoggerFactory.getLogger(ConfiguredMap.class);
    private static final long FIRST_RETRY_MILLIS = 10;
    private static final long MAX_RETRY_MILLIS = 1000;
    static final long WARN_AFTER_MILLIS = 5000;

    /** One reading of the file. */
    private record Settings(String file, String name, String table, MapOptions options, String problems) {
    }

    private final MultipathPlatform platform;
    private final ConfiguredMaps registry;
    private final String pid;
    private Settings settings;
    private ScheduledFuture<?> retry;
    private long retryMillis;
    private long waitingSince;
    private boolean warned;
    /** The map this configuration made, while it exists. */
    private String created;
    private boolean closed;

    @Activate
    public ConfiguredMap(@Reference MultipathPlatform platform, Map<String, Object> properties) {
        this.platform = platform;
        this.registry = platform.configurations();
        this.pid = String.valueOf(properties.get("service.pid"));
        apply(read(properties));
    }

    @Modified
    synchronized void modified(Map<String, Object> properties) {
        apply(read(properties));
    }

    static Settings read(Map<String, Object> properties) {
        ConfigReader r = new ConfigReader(properties);
        String name = r.required("name");
        String table = r.required("table");
        long queueTimeout = r.number("queue_if_no_path_timeout_ms", 0, 0, Long.MAX_VALUE / 2);
        long pgInitTimeout = r.number("pg_init_timeout_ms", MapOptions.DEFAULTS.pgInitTimeoutMillis(), 1,
                Long.MAX_VALUE / 2);
        if (!r.unknownKeys().isEmpty()) {
            LOG.warn("{}: unknown keys ignored: {} (known: name, table, queue_if_no_path_timeout_ms, "
                    + "pg_init_timeout_ms)", r.source(), String.join(", ", r.unknownKeys()));
        }
        MapOptions options = MapOptions.DEFAULTS.withQueueIfNoPathTimeoutMillis(queueTimeout)
                .withPgInitTimeoutMillis(pgInitTimeout);
        return new Settings(r.source(), name, table, options, r.problemSummary());
    }

    private synchronized void apply(Settings next) {
        Settings previous = settings;
        settings = next;
        cancelRetry();
        if (!next.problems().isEmpty()) {
            removeCreated("its file no longer parses");
            fail(next.problems());
            return;
        }
        if (created != null && !created.equals(next.name())) {
            removeCreated("its file now names map " + next.name());
        }
        if (created != null) {
            if (previous != null && previous.table().equals(next.table())
                    && previous.options().equals(next.options())) {
                report(State.CREATED, "");
                return;
            }
            try {
                platform.engine().reload(created, next.table(), next.options());
                LOG.info("{}: map {} reloaded from its edited file", next.file(), created);
                report(State.CREATED, "");
            } catch (InvalidArgumentsException e) {
                LOG.error("{}: the edited table of map {} was refused, the previous table stays live: {}",
                        next.file(), created, e.getMessage());
                report(State.ERROR, "edit refused, previous table live: " + e.getMessage());
            }
            return;
        }
        registry.put(pid, next.file(), next.name(), State.PENDING, "");
        retryMillis = FIRST_RETRY_MILLIS;
        waitingSince = System.nanoTime();
        warned = false;
        tryCreate();
    }

    private synchronized void tryCreate() {
        retry = null;
        Settings s = settings;
        if (closed || created != null || !s.problems().isEmpty()) {
            return;
        }
        var owner = registry.ownerOf(s.name(), pid);
        if (owner.isPresent()) {
            fail("map " + s.name() + " is already defined by " + owner.get());
            return;
        }
        try {
            platform.engine().create(s.name(), s.table(), s.options());
            created = s.name();
            LOG.info("{}: created map {}", s.file(), s.name());
            report(State.CREATED, "");
        } catch (DependencyMissingException e) {
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - waitingSince);
            if (!warned && waited >= WARN_AFTER_MILLIS) {
                warned = true;
                LOG.warn("{}: map {} is waiting: {}; retrying every {} s", s.file(), s.name(), e.getMessage(),
                        MAX_RETRY_MILLIS / 1000);
            }
            report(State.WAITING, e.getMessage());
            retry = platform.executor().schedule(this::tryCreate, retryMillis, TimeUnit.MILLISECONDS);
            retryMillis = Math.min(retryMillis * 2, MAX_RETRY_MILLIS);
        } catch (InvalidArgumentsException | RuntimeException e) {
            fail(e.getMessage());
        }
    }

    private void fail(String detail) {
        Settings s = settings;
        LOG.error("{}: map {} not created: {}", s.file(), s.name() == null ? "(no name)" : s.name(), detail);
        report(State.ERROR, detail);
    }

    private void report(State state, String detail) {
        Settings s = settings;
        registry.put(pid, s.file(), Objects.requireNonNullElse(s.name(), "-"), state, detail);
    }

    private void removeCreated(String why) {
        if (created == null) {
            return;
        }
        try {
            platform.engine().remove(created, true);
            LOG.info("{}: map {} removed: {}", settings.file(), created, why);
        } catch (InvalidArgumentsException e) {
            LOG.debug("map {} was already removed", created);
        }
        created = null;
    }

    private void cancelRetry() {
        if (retry != null) {
            retry.cancel(false);
            retry = null;
        }
    }

    @Deactivate
    synchronized void deactivate() {
        closed = true;
        cancelRetry();
        removeCreated("its configuration was deleted");
        registry.remove(pid);
    }
}
