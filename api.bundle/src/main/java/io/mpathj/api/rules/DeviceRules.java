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

    /**
     * The capability namespace a bundle with rules declares once per vendor it has rules for, named by the vendor
     * identification as standard INQUIRY reports it without trailing blanks ({@code mpathj.device_rules;
     * mpathj.device_rules=DGC}): when the daemon identifies a path of a vendor for the first time, it has the
     * repository's provider of that name loaded (as the kernel loads a device handler module by its alias), so a
     * vendor bundle in the repository needs neither boot nor an operator to apply its rules.
     *
     * @since 1.1
     */
    String CAPABILITY_NAMESPACE = "mpathj.device_rules";

    /** The entries, later entries taking precedence over earlier ones for a device both match. */
    List<Map<String, String>> devices();
}
