package io.mpathj.storage.sim.personality;

import io.mpathj.storage.sim.AccessState;
import io.mpathj.storage.sim.SimLogicalUnit;
import io.mpathj.storage.sim.SimPath;
import io.mpathj.storage.sim.SimPort;
import io.mpathj.storage.sim.SimPortGroup;
import io.mpathj.storage.sim.SimTime;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What the simulator gives a personality for one array: its structure (fixed once built), the settings its builder
 * was given, its clock, and the way to tell initiators that something changed. Port groups are an array's
 * controllers or storage processors as much as ALUA target port groups; {@link SimPortGroup#index()} and
 * {@link SimLogicalUnit#index()} address per-group and per-LU state in plain arrays.
 */
@ProviderType
public interface ArrayContext {
    /** The array's name. */
    String arrayName();

    /** Standard INQUIRY identification, the personality's default with what the builder changed. */
    Identity identity();

    /** The array's clock: schedule delayed transitions here, so tests with a manual clock run them exactly. */
    SimTime time();

    /** Port groups in definition order. */
    List<SimPortGroup> portGroups();

    /** The port group with this id; IllegalArgumentException when there is none. */
    SimPortGroup portGroup(int id);

    /** Ports in definition order. */
    List<SimPort> ports();

    /** Logical units in definition order. */
    List<SimLogicalUnit> logicalUnits();

    /** The LU with this number; IllegalArgumentException when there is none. */
    SimLogicalUnit logicalUnit(int lun);

    /** Every path to the LU, ports in definition order. */
    List<SimPath> paths(SimLogicalUnit lu);

    /**
     * Raises a unit attention on every path to {@code lu} but {@code except} (null: on every path), as SPC-4 asks of
     * a device server whose state another I_T nexus changed.
     */
    void raiseUnitAttention(SimLogicalUnit lu, UnitAttention condition, SimPath except);

    /** Raises a unit attention on every path of the array. */
    void raiseUnitAttention(UnitAttention condition);

    /** The access state the builder gave the group, if it gave one. */
    Optional<AccessState> initialState(SimPortGroup group);

    /** The port group (controller) the builder made the LU's owner and default owner, if it named one. */
    Optional<SimPortGroup> defaultOwner(SimLogicalUnit lu);

    /** How long access and ownership transitions last (the builder's {@code transitionTime}); zero: instant. */
    Duration transitionTime();

    /** The IMPLICIT TRANSITION TIME the builder set for RTPG's extended header, seconds. */
    int advertisedTransitionTimeoutSeconds();

    /** The state the builder wants a formerly active/optimized group left in after STPG or a failover. */
    AccessState demotedState();

    /** Whether the builder allows the array to move access by itself when a group loses every port. */
    boolean implicitFailover();

    /** The CLARiiON failover mode the builder set (4 unless told). */
    int failoverMode();

    /** Whether RTPG accepts the extended header (the builder's {@code rtpgExtendedHeader}). */
    boolean rtpgExtendedHeader();

    /** A vendor setting given with {@link io.mpathj.storage.sim.SimArrayBuilder#option}, if any. */
    Optional<String> option(String key);
}
