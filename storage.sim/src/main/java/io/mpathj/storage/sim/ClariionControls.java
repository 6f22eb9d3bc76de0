package io.mpathj.storage.sim;

import org.osgi.annotation.versioning.ProviderType;

/** The array side of a CLARiiON: which storage processor (port group) owns each LU. */
@ProviderType
public interface ClariionControls {
    /** The port group id of the storage processor that owns the LU now. */
    int owner(int lun);

    /** The port group id of the LU's default storage processor. */
    int defaultOwner(int lun);

    /** Moves the LU to another storage processor, as navicli trespass would. */
    void trespass(int lun, int groupId);

    /** Non-disruptive upgrade in progress: VPD 0xC0 byte 48 set, trespass refused with 02/04/03. */
    void setNonDisruptiveUpgrade(boolean inProgress);

    /** Another host holds a reservation: a trespass that honors reservations gets RESERVATION CONFLICT. */
    void setReservedByOtherHost(int lun, boolean reserved);
}
