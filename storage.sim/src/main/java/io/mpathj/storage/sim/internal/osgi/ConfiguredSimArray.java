package io.mpathj.storage.sim.internal.osgi;

import io.mpathj.storage.sim.SimArray;
import io.mpathj.storage.sim.personality.ArrayPersonality;
import java.util.Map;
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
 * One simulated array per ConfigAdmin factory configuration, typically a file {@code etc/io.mpathj.sim.array-NAME.cfg}.
 * The properties are read by their documented keys ({@link SimArrayConfig#KEYS}); unknown keys are logged as a
 * warning. A configuration with a bad value, or naming an array that exists, is refused as a whole (logged as an
 * error and listed by {@code sim:arrays}): never a half-built array, never a default in place of a bad value. A
 * refused name is retried when that array goes.
 *
 * <p>An edit of the file ({@link Modified}) that leaves the array as it is (comments, spelling, unknown keys) changes
 * nothing; any other change replaces the array with a new one: its paths are new devices and the old ones fail.
 */
@Component(configurationPid = ConfiguredSimArray.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = SimArrayConfiguration.class, factory = true)
public final class ConfiguredSimArray {
    public static final String FACTORY_PID = "io.mpathj.sim.array";
    private static final Logger LOG = LoggerFactory.getLogger(ConfiguredSimArray.class);

    private final SimPlatform platform;
    private SimArrayConfig.Reading reading;
    /** The config the current array was built from, resolved for its personality; null without an array. */
    private SimArrayConfig built;
    /** The array this configuration made, or null while it is refused. */
    private SimArray array;
    private boolean active = true;

    @Activate
    public ConfiguredSimArray(@Reference SimPlatform platform, Map<String, Object> properties) {
        this.platform = platform;
        apply(SimArrayConfig.read(properties));
    }

    @Modified
    synchronized void modified(Map<String, Object> properties) {
        apply(SimArrayConfig.read(properties));
    }

    @Deactivate
    synchronized void deactivate() {
        active = false;
        platform.accepted(this);
        drop();
    }

    /** The array this configuration made, or null while it is refused. */
    synchronized SimArray array() {
        return array;
    }

    private synchronized void apply(SimArrayConfig.Reading next) {
        if (!next.unknownKeys().isEmpty()) {
            LOG.warn("{}: unknown keys {} ignored; the keys are {}", next.source(),
                    String.join(", ", next.unknownKeys()), String.join(", ", SimArrayConfig.KEYS));
        }
        reading = next;
        SimArrayConfig config = next.config();
        if (config == null) {
            refuse(next.problemSummary(), null);
            return;
        }
        ArrayPersonality p = platform.personality(config.personality()).orElse(null);
        if (array != null && p != null && config.resolve(p).equals(built)) {
            LOG.info("{}: simulated array {} unchanged", next.source(), config.name());
            return;
        }
        create();
    }

    /**
     * Builds the configured array, in the place of the current one if any; a name in use waits for its array, an
     * unknown personality for a personality service of that name.
     */
    private void create() {
        SimArrayConfig config = reading.config();
        ArrayPersonality p = platform.personality(config.personality()).orElse(null);
        if (p == null) {
            refuse("personality: " + platform.unknownPersonality(config.personality()), this::retry);
            return;
        }
        SimArray fresh;
        try {
            fresh = config.build(platform.time(), p);
        } catch (IllegalArgumentException | IllegalStateException e) { // the personality refuses the layout
            refuse(p.name() + ": " + e.getMessage(), null);
            return;
        }
        try {
            platform.replace(array, fresh, reading.source());
        } catch (IllegalStateException e) {
            fresh.close();
            refuse("name: " + e.getMessage(), this::retry);
            return;
        }
        boolean replaced = array != null;
        array = fresh;
        built = config.resolve(p);
        platform.accepted(this);
        LOG.info("{}: {} {}", reading.source(), replaced ? "replaced (its paths are new devices) by" : "created",
                config.describe(p));
    }

    /** The name this configuration waited for may be free now. */
    private synchronized void retry() {
        if (active && array == null && reading != null && reading.config() != null) {
            create();
        }
    }

    /** No array for this configuration: logged, listed by sim:arrays, and retried on a freed name if given. */
    private void refuse(String reason, Runnable retry) {
        LOG.error("{}: refused, {}", reading.source(), reason);
        platform.refused(this, reading.source(), reason, retry);
        drop();
    }

    private void drop() {
        built = null;
        if (array != null) {
            platform.remove(array);
            LOG.info("{}: simulated array {} removed", reading.source(), array.name());
            array = null;
        }
    }
}
