package io.mpathj.api.rules;

import java.util.List;
import java.util.Map;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Device entries a bundle contributes to the daemon's device table, as multipath.conf's {@code devices} section
 * and multipath-tools' built-in hwtable do: a whiteboard service. A vendor's bundle (typically the hardware
 * handler for its array) registers one; while it is registered the daemon matches its entries after the
 * operator's own {@code devices} section and before the built-in table, and when it appears or goes, the maps of
 * the devices it matches are assembled again and reloaded.
 *
 * <p>Each entry is one {@code device { … }} section as keyword → value in multipath.conf spelling, e.g.
 * {@code vendor → "ACME"}, {@code product → "^VAULT"}, {@code hardware_handler → "1 alua"},
 * {@code path_grouping_policy → "group_by_prio"}, {@code prio → "alua"}, {@code failback → "immediate"}.
 * {@code vendor} and {@code product} are required (POSIX extended regular expressions, unanchored, matched
 * against the standard INQUIRY identification with trailing blanks removed); {@code revision} is optional. A
 * keyword the daemon does not know, or a value it refuses, is logged as a WARN naming the bundle and left out.
 */
@ConsumerType
public interface DeviceRules {
    /** Optional service property: a short description of whose rules these are, shown by {@code show config}. */
    String DESCRIPTION_PROPERTY = "mpathj.device.rules.description";

    /** The entries, later entries taking precedence over earlier ones for a device both match. */
    List<Map<String, String>> devices();
}
