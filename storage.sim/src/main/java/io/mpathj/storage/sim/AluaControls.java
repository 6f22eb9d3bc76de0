package io.mpathj.storage.sim;

import java.time.Duration;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The array side of ALUA: what a storage administrator or the array firmware does. Initiators use RTPG/STPG instead.
 * State changes made here are implicit ones (RTPG status code 02h) and raise 06/2A/06 on every path of the LU.
 */
@ProviderType
public interface AluaControls {
    Tpgs tpgs();

    AccessState state(int lun, int groupId);

    /** Sets the state of a port group for every LU at once, without a transitioning phase. */
    void setState(int groupId, AccessState state);

    /** Sets the state of a port group for one LU, without a transitioning phase. */
    void setState(int lun, int groupId, AccessState state);

    /** Moves a port group to {@code state} on every LU through TRANSITIONING, lasting {@link #transitionTime()}. */
    void transition(int groupId, AccessState state);

    /** Runs {@link #transition} after {@code delay}. */
    void scheduleTransition(Duration delay, int groupId, AccessState state);

    /** How long explicit (STPG) and implicit transitions report TRANSITIONING; zero makes them instant. */
    Duration transitionTime();

    void setTransitionTime(Duration time);

    /** The IMPLICIT TRANSITION TIME byte of the RTPG extended header, in seconds. */
    int advertisedTransitionTimeoutSeconds();

    void setAdvertisedTransitionTimeoutSeconds(int seconds);
}
