package io.mpathj.storage.sim;

import org.osgi.annotation.versioning.ProviderType;

/** A target port. Its faults apply to every path through it; a link down here is what an array sees as port failure. */
@ProviderType
public interface SimPort {
    String name();

    /** The RELATIVE TARGET PORT IDENTIFIER of VPD 0x83 and RTPG, 1-based in definition order. */
    int relativePortId();

    SimPortGroup portGroup();

    /** The port's position within its group, 0-based (CLARiiON VPD 0xC0 port number). */
    int indexInGroup();

    boolean isLinkUp();

    Faults faults();
}
