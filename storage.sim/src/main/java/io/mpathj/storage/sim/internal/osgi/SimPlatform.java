package io.mpathj.storage.sim.internal.osgi;

import io.mpathj.api.path.PathDeviceProvider;
import io.mpathj.storage.sim.SimArray;
import io.mpathj.storage.sim.SimArrayRegistry;
import io.mpathj.storage.sim.SimTime;
import io.mpathj.storage.sim.SystemSimTime;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The simulated arrays in OSGi: one {@link SimArrayRegistry}, registered as the {@code sim} transport
 * ({@link PathDeviceProvider}) and under its own class so commands, configurations and tests can add arrays to it.
 * It also owns the wall-clock time the arrays use for latency and transitions.
 */
@Component(service = SimPlatform.class, immediate = true)
public final class SimPlatform {
    private final SimArrayRegistry registry = new SimArrayRegistry();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mpathj-sim-time");
        t.setDaemon(true);
        return t;
    });
    private final SimTime time = new SystemSimTime(scheduler);
    private ServiceRegistration<?> registration;

    @Activate
    void activate(BundleContext context) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(PathDeviceProvider.SCHEME_PROPERTY, SimArrayRegistry.SCHEME);
        registration = context.registerService(
                new String[] {PathDeviceProvider.class.getName(), SimArrayRegistry.class.getName()}, registry, props);
    }

    @Deactivate
    void deactivate() {
        registration.unregister();
        for (SimArray array : registry.arrays()) {
            registry.remove(array.name());
            array.close();
        }
        scheduler.shutdownNow();
    }

    public SimArrayRegistry registry() {
        return registry;
    }

    /** Wall-clock time for arrays built in the container. */
    public SimTime time() {
        return time;
    }
}
