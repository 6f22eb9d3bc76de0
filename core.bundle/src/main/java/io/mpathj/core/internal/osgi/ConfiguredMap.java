package io.mpathj.core.internal.osgi;

import io.mpathj.api.InvalidArgumentsException;
import io.mpathj.core.internal.map.MapOptions;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One map per ConfigAdmin factory configuration. Its table may name plug-ins or paths that are not there yet (a
 * transport still starting): creation is retried every second until it works or the configuration goes away.
 */
@Component(configurationPid = ConfiguredMap.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = MapConfiguration.class, factory = true)
public final class ConfiguredMap {
    public static final String FACTORY_PID = "io.mpathj.map";
    private static final Logger LOG = LoggerFactory.getLogger(ConfiguredMap.class);
    private static final long RETRY_SECONDS = 1;

    private final MultipathPlatform platform;
    private final MapConfiguration config;
    private final MapOptions options;
    private volatile ScheduledFuture<?> retry;
    private volatile boolean created;
    private volatile boolean closed;
    private String lastError = "";

    @Activate
    public ConfiguredMap(@Reference MultipathPlatform platform, MapConfiguration config) {
        this.platform = platform;
        this.config = config;
        this.options = MapOptions.DEFAULTS.withQueueIfNoPathTimeoutMillis(config.queue_if_no_path_timeout_ms())
                .withPgInitTimeoutMillis(config.pg_init_timeout_ms());
        tryCreate();
    }

    private synchronized void tryCreate() {
        if (closed || created) {
            return;
        }
        try {
            platform.engine().create(config.name(), config.table(), options);
            created = true;
            LOG.info("created map {} from its configuration", config.name());
        } catch (InvalidArgumentsException | RuntimeException e) {
            if (!java.util.Objects.equals(e.getMessage(), lastError)) {
                LOG.warn("map {} from configuration: {}; retrying every {} s", config.name(), e.getMessage(),
                        RETRY_SECONDS);
                lastError = e.getMessage();
            }
            retry = platform.executor().schedule(this::tryCreate, RETRY_SECONDS, TimeUnit.SECONDS);
        }
    }

    @Deactivate
    synchronized void deactivate() {
        closed = true;
        ScheduledFuture<?> r = retry;
        if (r != null) {
            r.cancel(false);
        }
        if (created) {
            try {
                platform.engine().remove(config.name());
            } catch (InvalidArgumentsException e) {
                LOG.debug("map {} was already removed", config.name());
            }
        }
    }
}
