package io.mpathj.storage.sim;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/** One simulated array: its port groups, ports, logical units and the paths between them. Build with {@link SimArrayBuilder}. */
@ProviderType
public interface SimArray extends AutoCloseable {
    String name();

    /** The name of the array's personality: {@code alua}, {@code clariion}, {@code eseries}, {@code msa}, a vendor's. */
    String personality();

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

    /**
     * The LU's access through a port group in the personality's words, e.g. {@code active_optimized} or
     * {@code standby} (ALUA), {@code owner} or {@code passive} (CLARiiON); IllegalArgumentException for an unknown LU
     * or group.
     */
    String accessState(int lun, int groupId);

    /**
     * The array side of the personality as {@code type} (what an administrator or the firmware does: ALUA states,
     * trespass, ownership): the personality's behaviour if it implements {@code type}.
     *
     * @throws IllegalStateException if this array's personality has no controls of that type
     */
    <T> T controls(Class<T> type);

    /** Whether {@link #controls} would give this type. */
    boolean hasControls(Class<?> type);

    /** ALUA state and transitions; IllegalStateException unless the personality is {@code alua}. */
    default AluaControls alua() {
        return controls(AluaControls.class);
    }

    /** LU ownership and trespass; IllegalStateException unless the personality is {@code clariion}. */
    default ClariionControls clariion() {
        return controls(ClariionControls.class);
    }

    /** Controller ownership of an E-Series; IllegalStateException unless the personality is {@code eseries}. */
    default EseriesControls eseries() {
        return controls(EseriesControls.class);
    }

    /** The active controller of an MSA; IllegalStateException unless the personality is {@code msa}. */
    default MsaControls msa() {
        return controls(MsaControls.class);
    }

    /** Raises a power-on unit attention (06/29/00) on every path, as after a controller reset. */
    void raisePowerOnUnitAttention();

    /** Drops every pending unit attention on every path, so that the next command sees none. */
    void clearUnitAttentions();

    /** Paths fail every command with DEVICE_GONE from now on; file-backed LUs release their files. */
    @Override
    void close();
}
