package io.mpathj.transport.iscsi.internal.osgi;

import io.mpathj.api.path.PathDeviceProvider;
import io.mpathj.transport.iscsi.IscsiConfig;
import io.mpathj.transport.iscsi.IscsiPathName;
import io.mpathj.transport.iscsi.IscsiTransport;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The iSCSI transport in OSGi: one {@link IscsiTransport} configured by {@code io.mpathj.iscsi} (optional: without
 * it the defaults apply), registered as the {@code iscsi} {@link PathDeviceProvider}. A changed configuration
 * re-creates the transport (its sessions log out; maps keep the paths they hold, which then fail). A configuration
 * that cannot be used is logged in one line and leaves the container without an iSCSI transport; the
 * {@code iscsi:} commands say why.
 */
@Component(service = IscsiPlatform.class, immediate = true, configurationPid = IscsiPlatform.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class IscsiPlatform {
    /** The configuration PID: {@code etc/io.mpathj.iscsi.cfg}. */
    public static final String PID = "io.mpathj.iscsi";
    private static final Logger LOG = LoggerFactory.getLogger(IscsiPlatform.class);

    private final IscsiTransport transport;
    private final String configError;
    private final ServiceRegistration<?> registration;

    @Activate
    public IscsiPlatform(BundleContext context, Map<String, Object> properties) {
        Set<String> unknown = IscsiSettings.unknownKeys(properties);
        if (!unknown.isEmpty()) {
            LOG.warn("iscsi: configuration {} has unknown keys {} (known: {})", PID, unknown,
                    new TreeSet<>(IscsiSettings.KEYS));
        }
        Setup setup = Setup.read(properties);
        this.configError = setup.error();
        if (setup.config() == null) {
            LOG.error("iscsi: {}; no iSCSI transport", configError);
            this.transport = null;
            this.registration = null;
            return;
        }
        this.transport = new IscsiTransport(setup.config());
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(PathDeviceProvider.SCHEME_PROPERTY, IscsiPathName.SCHEME);
        this.registration = context.registerService(PathDeviceProvider.class, transport, props);
        LOG.info("iscsi: transport ready: {}", IscsiSettings.describe(setup.config()));
    }

    /** Outside OSGi (tests, embedding): as the component reads {@code properties}, without the service. */
    IscsiPlatform(Map<String, ?> properties) {
        Setup setup = Setup.read(properties);
        this.configError = setup.error();
        this.transport = setup.config() == null ? null : new IscsiTransport(setup.config());
        this.registration = null;
    }

    /** A configuration read: the transport's settings, or why there are none. */
    private record Setup(IscsiConfig config, String error) {
        static Setup read(Map<String, ?> properties) {
            try {
                return new Setup(IscsiSettings.parse(properties), null);
            } catch (IllegalArgumentException e) {
                return new Setup(null, "configuration " + PID + " refused: " + e.getMessage());
            }
        }
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            registration.unregister();
        }
        if (transport != null) {
            transport.close();
        }
    }

    /**
     * The transport.
     *
     * @throws IscsiCommandException when the configuration was refused
     */
    IscsiTransport transport() {
        if (transport == null) {
            throw new IscsiCommandException("no iSCSI transport: " + configError);
        }
        return transport;
    }
}
