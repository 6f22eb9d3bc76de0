package io.mpathj.handler.emc.internal;

import io.mpathj.api.rules.DeviceRules;
import java.util.List;
import java.util.Map;
import org.osgi.annotation.bundle.Capability;
import org.osgi.service.component.annotations.Component;

/**
 * The device rule for the arrays this bundle drives, registered for the daemon's device table: multipath-tools'
 * hwtable entry for Dell EMC CLARiiON CX/AX, VNX and Unity in PNR (failover mode 1) with the handler it named up to
 * 0.10.0 (https://github.com/opensvc/multipath-tools/blob/0.10.0/libmultipath/hwtable.c); ALUA failover mode 4
 * is left to the daemon's ALUA detection. The daemon loads this bundle by the vendor's name when it identifies a
 * {@code DGC} path.
 */
@Component(service = DeviceRules.class, property = DeviceRules.DESCRIPTION_PROPERTY
        + "=Dell EMC CLARiiON/VNX/Unity (PNR): emc handler, checker and prioritizer")
@Capability(namespace = DeviceRules.CAPABILITY_NAMESPACE, name = "DGC")
public final class EmcDeviceRules implements DeviceRules {
    @Override
    public List<Map<String, String>> devices() {
        return List.of(Map.of(
                "vendor", "^DGC",
                "product", "^(RAID|DISK|VRAID)",
                "product_blacklist", "LUNZ",
                "hardware_handler", "1 " + EmcHandlerType.NAME,
                "path_grouping_policy", "group_by_prio",
                "failback", "immediate",
                "no_path_retry", "60", // 300 s / DEFAULT_CHECKINT
                "path_checker", EmcClariionChecker.NAME,
                "prio", EmcPrioritizer.NAME,
                "detect_checker", "no"));
    }
}
