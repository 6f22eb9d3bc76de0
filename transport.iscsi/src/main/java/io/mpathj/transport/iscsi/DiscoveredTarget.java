package io.mpathj.transport.iscsi;

import java.util.List;

/** One target a SendTargets discovery reported (RFC 7143 appendix C), with the portals it listed for it. */
public record DiscoveredTarget(String name, List<IscsiPortal> portals) {
    public DiscoveredTarget {
        portals = List.copyOf(portals);
    }
}
