package io.mpathj.storage.sim;

import org.osgi.annotation.versioning.ProviderType;

/** The array side of an HP MSA-style active/standby array: one controller (port group) serves every LU. */
@ProviderType
public interface MsaControls {
    /** The port group id of the active controller (while a switch-over runs: the one becoming active). */
    int activeController();

    /** Whether a switch-over is running (START STOP UNIT gets 02/04/03, other commands 02/04/02 or 02/04/03). */
    boolean switching();

    /** Makes a controller active, as the array's management would, through the transfer time. */
    void activate(int groupId);
}
