package io.mpathj.transport.iscsi;

import java.util.List;

/**
 * One target a SendTargets discovery reported (RFC 7143 appendix C), with the addresses it listed for it: each portal
 * once, with its target portal group tag, in the order of the answer.
 */
public record DiscoveredTarget(String name, List<TargetAddress> addresses) {
    public DiscoveredTarget {
        addresses = List.copyOf(addresses);
    }

    /** The portals of {@link #addresses()}, in the same order. */
    public List<IscsiPortal> portals() {
        return addresses.stream().map(TargetAddress::portal).toList();
    }
}
