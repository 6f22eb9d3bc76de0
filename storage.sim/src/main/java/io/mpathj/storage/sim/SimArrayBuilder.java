package io.mpathj.storage.sim;

import io.mpathj.storage.sim.internal.ArrayImpl;
import io.mpathj.storage.sim.internal.ArraySpec;
import io.mpathj.storage.sim.internal.ArraySpec.GroupSpec;
import io.mpathj.storage.sim.internal.ArraySpec.LuSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Describes an array and builds it. Array and port names are made of letters, digits, '.', '_' and '-'; port
 * names are unique within the array.
 *
 * <pre>{@code
 * SimArray a = SimArrayBuilder.alua("a", time)
 *         .portGroup(1, AccessState.ACTIVE_OPTIMIZED, true, "A0", "A1")
 *         .portGroup(2, AccessState.STANDBY, false, "B0", "B1")
 *         .memoryLu(0, 2048, 512)
 *         .build();
 * }</pre>
 */
public final class SimArrayBuilder {
    private final String name;
    private final Personality personality;
    private final SimTime time;
    private Tpgs tpgs;
    private String vendor;
    private String product;
    private String revision = "0100";
    private final List<GroupSpec> groups = new ArrayList<>();
    private final List<LuSpec> lus = new ArrayList<>();
    private Duration transitionTime = Duration.ZERO;
    private int advertisedTransitionTimeoutSeconds = 60;
    private AccessState demotedState = AccessState.STANDBY;
    private boolean implicitFailover = true;
    private boolean powerOnUnitAttention = true;
    private boolean attachHandlerAtProbe = true;
    private int failoverMode = 4;
    private boolean rtpgExtendedHeader = true;

    private SimArrayBuilder(String name, Personality personality, SimTime time) {
        this.name = name; // checked when built, with the port names
        this.personality = personality;
        this.time = Objects.requireNonNull(time, "time");
        boolean alua = personality == Personality.ALUA;
        this.tpgs = alua ? Tpgs.BOTH : Tpgs.NONE;
        this.vendor = alua ? "MPATHJ" : "DGC";
        this.product = alua ? "SIM ALUA" : "RAID 5";
    }

    /** An ALUA array (TPGS both, vendor MPATHJ, product "SIM ALUA"). */
    public static SimArrayBuilder alua(String name, SimTime time) {
        return new SimArrayBuilder(name, Personality.ALUA, time);
    }

    /** A CLARiiON active/passive array (TPGS 0, vendor DGC, product "RAID 5", failover mode 4). */
    public static SimArrayBuilder clariion(String name, SimTime time) {
        return new SimArrayBuilder(name, Personality.CLARIION, time);
    }

    /** Which transitions the ALUA array supports; ignored for CLARiiON, which reports TPGS 0. */
    public SimArrayBuilder tpgs(Tpgs value) {
        this.tpgs = Objects.requireNonNull(value);
        return this;
    }

    /** Standard INQUIRY identification, padded with spaces to 8, 16 and 4 characters. */
    public SimArrayBuilder inquiry(String vendorId, String productId, String revisionLevel) {
        this.vendor = checkAscii(vendorId, 8);
        this.product = checkAscii(productId, 16);
        this.revision = checkAscii(revisionLevel, 4);
        return this;
    }

    /**
     * A target port group (ALUA) or storage processor (CLARiiON; the first group is SP A, the second SP B) with its
     * ports. {@code initialState} is the ALUA state on every LU; CLARiiON ignores it.
     */
    public SimArrayBuilder portGroup(int id, AccessState initialState, boolean preferred, String... ports) {
        if (id < 0 || id > 0xFFFF) {
            throw new IllegalArgumentException("port group id outside 0..65535: " + id);
        }
        if (ports.length == 0) {
            throw new IllegalArgumentException("port group " + id + " needs at least one port");
        }
        groups.add(new GroupSpec(id, Objects.requireNonNull(initialState), preferred, List.of(ports)));
        return this;
    }

    /** A storage processor of a CLARiiON: shorthand for a port group with id 1 for SP A, 2 for SP B. */
    public SimArrayBuilder storageProcessor(String... ports) {
        return portGroup(groups.size() + 1, AccessState.ACTIVE_OPTIMIZED, groups.isEmpty(), ports);
    }

    /** A logical unit backed by memory (zero-filled, allocated as it is written). */
    public SimArrayBuilder memoryLu(int lun, long blocks, int blockSize) {
        lus.add(new LuSpec(lun, blocks, blockSize, null, -1));
        return this;
    }

    /** A logical unit backed by a file, created or extended to {@code blocks × blockSize} bytes. */
    public SimArrayBuilder fileLu(int lun, Path file, long blocks, int blockSize) {
        lus.add(new LuSpec(lun, blocks, blockSize, Objects.requireNonNull(file), -1));
        return this;
    }

    /** CLARiiON: the storage processor (port group id) that owns an LU at start and is its default; SP A otherwise. */
    public SimArrayBuilder defaultOwner(int lun, int groupId) {
        for (int i = 0; i < lus.size(); i++) {
            LuSpec s = lus.get(i);
            if (s.lun() == lun) {
                lus.set(i, new LuSpec(s.lun(), s.blocks(), s.blockSize(), s.file(), groupId));
                return this;
            }
        }
        throw new IllegalArgumentException("no LU " + lun + " defined yet");
    }

    /** How long transitions report TRANSITIONING (02/04/0A on I/O); zero by default. */
    public SimArrayBuilder transitionTime(Duration time) {
        this.transitionTime = Objects.requireNonNull(time);
        return this;
    }

    /** The IMPLICIT TRANSITION TIME of the RTPG extended header; 60 s by default. */
    public SimArrayBuilder advertisedTransitionTimeoutSeconds(int seconds) {
        if (seconds < 0 || seconds > 255) {
            throw new IllegalArgumentException("transition timeout outside 0..255: " + seconds);
        }
        this.advertisedTransitionTimeoutSeconds = seconds;
        return this;
    }

    /** The state STPG or an implicit failover leaves a formerly active/optimized group in; STANDBY by default. */
    public SimArrayBuilder demotedState(AccessState state) {
        this.demotedState = Objects.requireNonNull(state);
        return this;
    }

    /** Whether an implicit-capable array fails over by itself when every port of an active group goes down. */
    public SimArrayBuilder implicitFailover(boolean enabled) {
        this.implicitFailover = enabled;
        return this;
    }

    /**
     * Whether each path comes with the hardware handler Linux's SCSI layer would attach when it probes the device:
     * {@code alua} when the array reports TPGS, {@code emc} for a CLARiiON. True by default, as in Linux; a map's
     * table then cannot name another handler (see {@link io.mpathj.api.path.PathDevice#attachedHandler()}).
     */
    public SimArrayBuilder attachHandlerAtProbe(boolean attach) {
        this.attachHandlerAtProbe = attach;
        return this;
    }

    /** Whether each path starts with a power-on unit attention (06/29/00); true by default. */
    public SimArrayBuilder powerOnUnitAttention(boolean enabled) {
        this.powerOnUnitAttention = enabled;
        return this;
    }

    /** CLARiiON failover mode reported in VPD 0xC0 byte 28 (4 by default; scsi_dh_emc accepts 4 and 6). */
    public SimArrayBuilder failoverMode(int mode) {
        this.failoverMode = mode & 0x0F;
        return this;
    }

    /**
     * Whether RTPG accepts the extended header format; false makes it answer 05/24/00, as older arrays do, and
     * scsi_dh_alua then falls back to the length-only header. True by default.
     */
    public SimArrayBuilder rtpgExtendedHeader(boolean supported) {
        this.rtpgExtendedHeader = supported;
        return this;
    }

    public SimArray build() {
        if (groups.isEmpty() || lus.isEmpty()) {
            throw new IllegalStateException("array " + name + " needs at least one port group and one LU");
        }
        return new ArrayImpl(new ArraySpec(name, personality, personality == Personality.ALUA ? tpgs : Tpgs.NONE,
                vendor, product, revision, List.copyOf(groups), List.copyOf(lus), transitionTime,
                advertisedTransitionTimeoutSeconds, demotedState, implicitFailover, powerOnUnitAttention,
                failoverMode, rtpgExtendedHeader, attachHandlerAtProbe, time));
    }

    private static String checkAscii(String s, int max) {
        if (s.length() > max || !s.chars().allMatch(c -> c >= 0x20 && c < 0x7F)) {
            throw new IllegalArgumentException("'" + s + "' is not printable ASCII of at most " + max + " characters");
        }
        return s;
    }
}
