package io.mpathj.daemon.internal.conf;

import java.util.List;

/**
 * The entries of a {@code blacklist} or {@code blacklist_exceptions} section: regular expressions by criterion
 * (a leading {@code !} inverts one, {@code \!} is a literal {@code !}), and vendor/product pairs.
 */
public record BlacklistRules(List<ConfValue> devnode, List<ConfValue> wwid, List<ConfValue> property,
        List<ConfValue> protocol, List<DeviceMatch> device) {
    /** A {@code device} subsection: vendor and/or product regular expressions. */
    public record DeviceMatch(String vendor, String product, String origin) {
    }

    public BlacklistRules {
        devnode = List.copyOf(devnode);
        wwid = List.copyOf(wwid);
        property = List.copyOf(property);
        protocol = List.copyOf(protocol);
        device = List.copyOf(device);
    }

    static final BlacklistRules EMPTY = new BlacklistRules(List.of(), List.of(), List.of(), List.of(), List.of());

    boolean isEmpty() {
        return devnode.isEmpty() && wwid.isEmpty() && property.isEmpty() && protocol.isEmpty() && device.isEmpty();
    }
}
