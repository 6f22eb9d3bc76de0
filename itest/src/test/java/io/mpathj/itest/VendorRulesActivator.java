package io.mpathj.itest;

import io.mpathj.api.rules.DeviceRules;
import java.util.List;
import java.util.Map;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/**
 * The whole of a vendor's rule bundle that {@link AssemblyContainerTest} builds at run time: it registers one
 * {@link DeviceRules} for ACME VAULT arrays (multibus, the generic-scsi handler, queueing). Self-contained: the
 * bundle holds this class alone.
 */
public final class VendorRulesActivator implements BundleActivator {
    @Override
    public void start(BundleContext context) {
        DeviceRules rules = () -> List.of(Map.of("vendor", "ACME", "product", "^VAULT",
                "hardware_handler", "1 generic-scsi", "path_grouping_policy", "multibus", "no_path_retry", "queue"));
        context.registerService(DeviceRules.class, rules, null);
    }

    @Override
    public void stop(BundleContext context) {
        // the framework unregisters the service
    }
}
