package io.mpathj.storage.sim;

import io.mpathj.api.path.PathDevice;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One (port, LU) pair: an I_T_L nexus named {@code sim:ARRAY/PORT/LUN}. It carries its own unit attentions and its
 * own faults, in addition to the faults of its port.
 */
@ProviderType
public interface SimPath extends PathDevice {
    SimArray array();

    SimPort port();

    SimLogicalUnit logicalUnit();

    /** Faults of this path alone. */
    Faults faults();

    /** Unit attentions waiting for the next command on this path, highest precedence first, as {@code 06/29/00}. */
    List<String> pendingUnitAttentions();
}
