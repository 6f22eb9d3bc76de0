package io.mpathj.handler.hp_sw.internal;

import io.mpathj.api.rules.DeviceRules;
import java.util.List;
import java.util.Map;
import org.osgi.annotation.bundle.Capability;
import org.osgi.service.component.annotations.Component;

/**
 * The device rule for the arrays this bundle drives, registered for the daemon's device table: multipath-tools'
 * hwtable entry for HPE MSA 1000/1500 and EVA 3000/5000 with old firmware (active/standby), with the handler it
 * named up to 0.10.0 (https://github.com/opensvc/multipath-tools/blob/0.10.0/libmultipath/hwtable.c). The daemon
 * loads this bundle by the vendor's name when it identifies a {@code COMPAQ} or {@code HP} path.
 */
@Component(service = DeviceRules.class, property = DeviceRules.DESCRIPTION_PROPERTY
        + "=HPE MSA 1000/1500, EVA 3000/5000 (active/standby): hp_sw handler, checker and prioritizer")
@Capability(namespace = DeviceRules.CAPABILITY_NAMESPACE, name = "COMPAQ")
@Capability(namespace = DeviceRules.CAPABILITY_NAMESPACE, name = "HP")
public final class HpSwDeviceRules implements DeviceRules {
    @Override
    public List<Map<String, String>> devices() {
        return List.of(Map.of(
                "vendor", "(COMPAQ|HP)",
                "product", "(MSA|HSV)1[01]0",
                "hardware_handler", "1 " + HpSwHandlerType.NAME,
                "path_grouping_policy", "group_by_prio",
                "no_path_retry", "12",
                "path_checker", HpSwChecker.NAME,
                "prio", HpSwPrioritizer.NAME));
    }
}
