package io.mpathj.storage.sim;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/** One simulated array: its port groups, ports, logical units and the paths between them. Build with {@link SimArrayBuilder}. */
@ProviderType
public interface SimArray extends AutoCloseable {
    String name();

    Personality personality();

    List<SimPortGroup> portGroups();

    /** The port group with this id; IllegalArgumentException when there is none. */
    SimPortGroup portGroup(int id);

    List<SimPort> ports();

    /** The port with this name; IllegalArgumentException when there is none. */
    SimPort port(String name);

    List<SimLogicalUnit> logicalUnits();

    /** The logical unit with this number; IllegalArgumentException when there is none. */
    SimLogicalUnit logicalUnit(int lun);

    /** Every (port, LU) path, ports in definition order, LUs ascending within a port. */
    List<SimPath> paths();

    /** The path through {@code port} to {@code lun}, if both exist. */
    Optional<SimPath> path(String port, int lun);

    /** ALUA state and transitions; IllegalStateException unless the personality is {@link Personality#ALUA}. */
    AluaControls alua();

    /** LU ownership and trespass; IllegalStateException unless the personality is {@link Personality#CLARIION}. */
    ClariionControls clariion();

    /** Raises a power-on unit attention (06/29/00) on every path, as after a controller reset. */
    void raisePowerOnUnitAttention();

    /** Drops every pending unit attention on every path, so that the next command sees none. */
    void clearUnitAttentions();

    /** Paths fail every command with DEVICE_GONE from now on; file-backed LUs release their files. */
    @Override
    void close();
}
