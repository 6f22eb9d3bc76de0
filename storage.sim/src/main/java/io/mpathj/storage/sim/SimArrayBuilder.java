package io.mpathj.storage.sim;

import io.mpathj.storage.sim.internal.ArrayImpl;
import io.mpathj.storage.sim.internal.ArraySpec;
import io.mpathj.storage.sim.internal.ArraySpec.GroupSpec;
import io.mpathj.storage.sim.internal.ArraySpec.LuSpec;
import io.mpathj.storage.sim.internal.personality.AluaPersonality;
import io.mpathj.storage.sim.internal.personality.ClariionPersonality;
import io.mpathj.storage.sim.internal.personality.EseriesPersonality;
import io.mpathj.storage.sim.internal.personality.MsaPersonality;
import io.mpathj.storage.sim.personality.ArrayPersonality;
import io.mpathj.storage.sim.personality.Identity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Describes an array and builds it with a personality: {@link #alua}, {@link #clariion}, {@link #eseries},
 * {@link #msa}, or any {@link ArrayPersonality} with {@link #of}. Array and port names are made of letters, digits,
 * '.', '_' and '-'; port names are unique within the array.
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
    private final ArrayPersonality personality;
    private final SimTime time;
    private Tpgs tpgs;
    private String vendor;
    private String product;
    private String revision;
    private final List<GroupSpec> groups = new ArrayList<>();
    private final List<LuSpec> lus = new ArrayList<>();
    private final Map<String, String> options = new LinkedHashMap<>();
    private Duration transitionTime = Duration.ZERO;
    private int advertisedTransitionTimeoutSeconds = 60;
    private AccessState demotedState = AccessState.STANDBY;
    private boolean implicitFailover = true;
    private boolean powerOnUnitAttention = true;
    private boolean attachHandlerAtProbe = true;
    private int failoverMode = 4;
    private boolean rtpgExtendedHeader = true;

    private SimArrayBuilder(String name, ArrayPersonality personality, SimTime time) {
        this.name = name; // checked when built, with the port names
        this.personality = Objects.requireNonNull(personality, "personality");
        this.time = Objects.requireNonNull(time, "time");
    }

    /** An array of any personality, e.g. a vendor's own written against {@link io.mpathj.storage.sim.personality}. */
    public static SimArrayBuilder of(String name, ArrayPersonality personality, SimTime time) {
        return new SimArrayBuilder(name, personality, time);
    }

    /** An ALUA array (TPGS both, vendor MPATHJ, product "SIM ALUA"). */
    public static SimArrayBuilder alua(String name, SimTime time) {
        return of(name, new AluaPersonality(), time);
    }

    /** A CLARiiON active/passive array (TPGS 0, vendor DGC, product "RAID 5", failover mode 4). */
    public static SimArrayBuilder clariion(String name, SimTime time) {
        return of(name, new ClariionPersonality(), time);
    }

    /**
     * An E-Series (LSI/Engenio/NetApp RDAC) array with AVT off: two controllers, each LU owned by one (TPGS 0,
     * vendor NETAPP, product INF-01-00).
     */
    public static SimArrayBuilder eseries(String name, SimTime time) {
        return of(name, new EseriesPersonality(), time);
    }

    /** An HP MSA-style active/standby array: one active controller (TPGS 0, vendor COMPAQ, "MSA1000 VOLUME"). */
    public static SimArrayBuilder msa(String name, SimTime time) {
        return of(name, new MsaPersonality(), time);
    }

    /** Which transitions the array reports in TPGS; only values the personality supports are accepted. */
    public SimArrayBuilder tpgs(Tpgs value) {
        this.tpgs = Objects.requireNonNull(value);
        return this;
    }

    /** Standard INQUIRY identification, padded with spaces to 8, 16 and 4 characters. */
    public SimArrayBuilder inquiry(String vendorId, String productId, String revisionLevel) {
        Identity checked = new Identity(vendorId, productId, revisionLevel, Tpgs.NONE);
        this.vendor = checked.vendor();
        this.product = checked.product();
        this.revision = checked.revision();
        return this;
    }

    /**
     * A target port group (ALUA), storage processor or controller with its ports. {@code initialState} is the ALUA
     * state on every LU; personalities without ALUA states ignore it.
     */
    public SimArrayBuilder portGroup(int id, AccessState initialState, boolean preferred, String... ports) {
        return group(id, Objects.requireNonNull(initialState), preferred, ports);
    }

    /** A port group whose initial access state the personality chooses (ALUA: preferred ones active/optimized). */
    public SimArrayBuilder portGroup(int id, boolean preferred, String... ports) {
        return group(id, null, preferred, ports);
    }

    private SimArrayBuilder group(int id, AccessState initialState, boolean preferred, String... ports) {
        if (id < 0 || id > 0xFFFF) {
            throw new IllegalArgumentException("port group id outside 0..65535: " + id);
        }
        if (ports.length == 0) {
            throw new IllegalArgumentException("port group " + id + " needs at least one port");
        }
        groups.add(new GroupSpec(id, initialState, preferred, List.of(ports)));
        return this;
    }

    /** A storage processor of a CLARiiON: shorthand for a port group with id 1 for SP A, 2 for SP B. */
    public SimArrayBuilder storageProcessor(String... ports) {
        return controller(ports);
    }

    /** A controller (E-Series, MSA, CLARiiON SP): a port group with id 1 for the first, 2 for the second, … */
    public SimArrayBuilder controller(String... ports) {
        return group(groups.size() + 1, null, groups.isEmpty(), ports);
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

    /**
     * CLARiiON, E-Series: the storage processor or controller (port group id) that owns an LU at start and is its
     * default (preferred) owner; the first one otherwise.
     */
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

    /**
     * How long transitions last: ALUA reports TRANSITIONING (02/04/0A on I/O), an E-Series 02/04/01 while ownership
     * moves, an MSA 02/04/03 while it switches controllers; zero by default.
     */
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
     * {@code alua} when the array reports TPGS, else the personality's ({@code emc} for a CLARiiON, {@code rdac} for
     * an E-Series, {@code hp_sw} for an MSA). True by default, as in Linux; a map's
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

    /**
     * A vendor setting for the personality ({@link io.mpathj.storage.sim.personality.ArrayContext#option}); the
     * built-in ones take none.
     */
    public SimArrayBuilder option(String key, String value) {
        options.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return this;
    }

    public SimArray build() {
        if (groups.isEmpty() || lus.isEmpty()) {
            throw new IllegalStateException("array " + name + " needs at least one port group and one LU");
        }
        Identity defaults = personality.defaultIdentity();
        Tpgs reported = tpgs != null ? tpgs : defaults.tpgs();
        if (!personality.supportedTpgs().contains(reported)) {
            throw new IllegalArgumentException("personality " + personality.name() + " does not support tpgs "
                    + reported.name().toLowerCase(Locale.ROOT) + "; it supports "
                    + personality.supportedTpgs().stream().sorted().map(t -> t.name().toLowerCase(
                            Locale.ROOT)).toList());
        }
        Identity identity = new Identity(vendor != null ? vendor : defaults.vendor(),
                product != null ? product : defaults.product(), revision != null ? revision : defaults.revision(),
                reported);
        return new ArrayImpl(new ArraySpec(name, personality, identity, List.copyOf(groups), List.copyOf(lus),
                transitionTime, advertisedTransitionTimeoutSeconds, demotedState, implicitFailover,
                powerOnUnitAttention, failoverMode, rtpgExtendedHeader, attachHandlerAtProbe, Map.copyOf(options),
                time));
    }
}
