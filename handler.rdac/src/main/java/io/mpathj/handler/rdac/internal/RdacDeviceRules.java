package io.mpathj.handler.rdac.internal;

import io.mpathj.api.rules.DeviceRules;
import java.util.List;
import java.util.Map;
import org.osgi.annotation.bundle.Capability;
import org.osgi.service.component.annotations.Component;

/**
 * The device rule for the arrays this bundle drives, registered for the daemon's device table: multipath-tools'
 * hwtable entry for NetApp (LSI, Engenio) SANtricity E/EF-Series, product {@code INF-01-00}, with the handler it
 * named up to 0.10.0 (https://github.com/opensvc/multipath-tools/blob/0.10.0/libmultipath/hwtable.c). The daemon
 * loads this bundle by the vendor's name when it identifies a path of one of these vendors.
 */
@Component(service = DeviceRules.class, property = DeviceRules.DESCRIPTION_PROPERTY
        + "=NetApp/LSI/Engenio E-Series (RDAC): rdac handler, checker and prioritizer")
@Capability(namespace = DeviceRules.CAPABILITY_NAMESPACE, name = "NETAPP")
@Capability(namespace = DeviceRules.CAPABILITY_NAMESPACE, name = "LSI")
@Capability(namespace = DeviceRules.CAPABILITY_NAMESPACE, name = "ENGENIO")
public final class RdacDeviceRules implements DeviceRules {
    @Override
    public List<Map<String, String>> devices() {
        return List.of(Map.of(
                "vendor", "(NETAPP|LSI|ENGENIO)",
                "product", "INF-01-00",
                "product_blacklist", "Universal Xport",
                "path_grouping_policy", "group_by_prio",
                "path_checker", RdacChecker.NAME,
                "features", "2 pg_init_retries 50",
                "hardware_handler", "1 " + RdacHandlerType.NAME,
                "prio", RdacPrioritizer.NAME,
                "failback", "immediate",
                "no_path_retry", "30"));
    }
}
