package io.mpathj.storage.sim.internal.osgi;

import io.mpathj.storage.sim.AccessState;
import io.mpathj.storage.sim.SimArray;
import io.mpathj.storage.sim.SimArrayBuilder;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One simulated array per ConfigAdmin factory configuration. A bad configuration is logged, not half-built. */
@Component(configurationPid = ConfiguredSimArray.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = SimArrayConfiguration.class, factory = true)
public final class ConfiguredSimArray {
    public static final String FACTORY_PID = "io.mpathj.sim.array";
    private static final Logger LOG = LoggerFactory.getLogger(ConfiguredSimArray.class);

    private final SimPlatform platform;
    private final SimArray array;

    @Activate
    public ConfiguredSimArray(@Reference SimPlatform platform, SimArrayConfiguration config) {
        this.platform = platform;
        SimArray built = null;
        try {
            built = build(platform, config);
            platform.registry().add(built);
            LOG.info("simulated {} array {}: {} ports, {} LUs", config.personality(), built.name(),
                    built.ports().size(), built.logicalUnits().size());
        } catch (IllegalArgumentException | IllegalStateException e) {
            LOG.error("simulated array {} not created: {}", config.name(), e.getMessage());
            if (built != null) {
                built.close();
                built = null;
            }
        }
        this.array = built;
    }

    static SimArray build(SimPlatform platform, SimArrayConfiguration c) {
        return build(platform, c.name(), c.personality(), c.tpgs(), c.port_groups(), c.ports_per_group(), c.luns(),
                c.lun_blocks(), c.block_size());
    }

    /**
     * An array with port groups A, B, … of ports A0, A1, …: group A active/optimized and preferred, the others
     * standby (ALUA), or storage processors with SP A owning every LU (CLARiiON).
     */
    static SimArray build(SimPlatform platform, String name, String personality, String tpgs, int portGroups,
            int portsPerGroup, int luns, long lunBlocks, int blockSize) {
        check(portGroups, 1, 8, "port_groups");
        check(portsPerGroup, 1, 8, "ports_per_group");
        check(luns, 1, 64, "luns");
        if (blockSize != 512 && blockSize != 4096) {
            throw new IllegalArgumentException("block_size must be 512 or 4096, not " + blockSize);
        }
        if (lunBlocks < 1) {
            throw new IllegalArgumentException("lun_blocks must be positive, not " + lunBlocks);
        }
        boolean alua = personality.equalsIgnoreCase("alua");
        if (!alua && !personality.equalsIgnoreCase("clariion")) {
            throw new IllegalArgumentException("personality must be alua or clariion, not " + personality);
        }
        SimArrayBuilder b = alua ? SimArrayBuilder.alua(name, platform.time())
                : SimArrayBuilder.clariion(name, platform.time());
        if (alua) {
            b.tpgs(SimCommands.parseTpgs(tpgs));
        }
        for (int g = 0; g < portGroups; g++) {
            String[] ports = new String[portsPerGroup];
            for (int p = 0; p < ports.length; p++) {
                ports[p] = (char) ('A' + g) + String.valueOf(p);
            }
            if (alua) {
                b.portGroup(g + 1, g == 0 ? AccessState.ACTIVE_OPTIMIZED : AccessState.STANDBY, g == 0, ports);
            } else {
                b.storageProcessor(ports);
            }
        }
        for (int lun = 0; lun < luns; lun++) {
            b.memoryLu(lun, lunBlocks, blockSize);
        }
        return b.build();
    }

    private static void check(int value, int min, int max, String what) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(what + " must be between " + min + " and " + max + ", not " + value);
        }
    }

    @Deactivate
    void deactivate() {
        if (array != null) {
            platform.registry().remove(array.name());
            array.close();
        }
    }
}
