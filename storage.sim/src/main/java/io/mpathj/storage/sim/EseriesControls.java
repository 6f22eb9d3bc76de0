package io.mpathj.storage.sim;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The array side of an E-Series (RDAC) array: which controller (port group) owns each LU. Initiators move ownership
 * with MODE SELECT page 2Ch instead.
 */
@ProviderType
public interface EseriesControls {
    /** The port group id of the controller that owns the LU now (while a transfer runs: the one it goes to). */
    int owner(int lun);

    /** The port group id of the LU's preferred controller (VPD C9h byte 9 reports it). */
    int preferredOwner(int lun);

    /** Whether ownership of the LU is moving right now (commands get 02/04/01). */
    boolean transferring(int lun);

    /** Moves the LU to a controller as the array's management would, through the transfer time. */
    void transfer(int lun, int groupId);
}
