package io.mpathj.storage.sim;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A target port group (ALUA), storage processor (CLARiiON) or controller (E-Series, MSA): the ports that share an
 * access state.
 */
@ProviderType
public interface SimPortGroup {
    /** Position in the array's list of port groups, from 0: an index into per-group state. */
    int index();

    /** The TARGET PORT GROUP identifier reported in VPD 0x83 and RTPG. */
    int id();

    /** The PREF bit of RTPG. */
    boolean preferred();

    List<SimPort> ports();

    /** True when at least one of its ports has its link up. */
    boolean isReachable();
}
