package io.mpathj.storage.sim;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/** A target port group (ALUA) or storage processor (CLARiiON): the ports that share an access state. */
@ProviderType
public interface SimPortGroup {
    /** The TARGET PORT GROUP identifier reported in VPD 0x83 and RTPG. */
    int id();

    /** The PREF bit of RTPG. */
    boolean preferred();

    List<SimPort> ports();

    /** True when at least one of its ports has its link up. */
    boolean isReachable();
}
