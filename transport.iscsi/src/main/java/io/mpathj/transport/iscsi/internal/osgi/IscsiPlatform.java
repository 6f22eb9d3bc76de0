package io.mpathj.transport.iscsi.internal.osgi;

import io.mpathj.api.path.PathDeviceListener;
import io.mpathj.api.path.PathDeviceProvider;
import io.mpathj.transport.iscsi.IscsiPathName;
import io.mpathj.transport.iscsi.IscsiTransport;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The iSCSI transport in OSGi: one {@link IscsiTransport} configured by {@code io.mpathj.iscsi} (optional: without
 * it the defaults apply), registered as the {@code iscsi} {@link PathDeviceProvider}. A changed configuration
 * re-creates the transport (its sessions log out; maps keep the paths they hold, which then fail). A configuration
 * that cannot be used is logged in one line and leaves the container without an iSCSI transport; the
 * {@code iscsi:} commands say why. The transport announces its sessions' LUNs to every {@link PathDeviceListener}
 * service (the whiteboard): those it has when the listener arrives, then each session's as it logs in or out.
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
        IscsiSettings.Reading reading = IscsiSettings.read(properties);
        if (!reading.unknownKeys().isEmpty()) {
            LOG.warn("iscsi: {}: unknown keys ignored: {} (known: {})", reading.source(),
                    String.join(", ", reading.unknownKeys()), String.join(", ", reading.knownKeys()));
        }
        this.configError = error(reading);
        if (reading.config() == null) {
            LOG.error("iscsi: {}; no iSCSI transport", configError);
            this.transport = null;
            this.registration = null;
            return;
        }
        this.transport = new IscsiTransport(reading.config());
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(PathDeviceProvider.SCHEME_PROPERTY, IscsiPathName.SCHEME);
        this.registration = context.registerService(PathDeviceProvider.class, transport, props);
        LOG.info("iscsi: transport ready: {}", IscsiSettings.describe(reading.config()));
    }

    /** Outside OSGi (tests, embedding): as the component reads {@code properties}, without the service. */
    IscsiPlatform(Map<String, ?> properties) {
        IscsiSettings.Reading reading = IscsiSettings.read(properties);
        this.configError = error(reading);
        this.transport = reading.config() == null ? null : new IscsiTransport(reading.config());
        this.registration = null;
    }

    /** Why a reading gives no transport, e.g. {@code etc/io.mpathj.iscsi.cfg refused: header_digest: …}. */
    private static String error(IscsiSettings.Reading reading) {
        return reading.config() != null ? null : reading.source() + " refused: " + reading.problemSummary();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addPathDeviceListener(PathDeviceListener listener) {
        if (transport != null) {
            transport.addListener(listener);
        }
    }

    void removePathDeviceListener(PathDeviceListener listener) {
        if (transport != null) {
            transport.removeListener(listener);
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
