package io.mpathj.storage.sim.internal.osgi;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * A simulated array defined in ConfigAdmin (factory PID {@value ConfiguredSimArray#FACTORY_PID}): port groups
 * {@code A}, {@code B}, … with ports {@code A0}, {@code A1}, …; group A starts active/optimized and preferred, the
 * others standby (ALUA) or passive (CLARiiON, SP A owns the LUs).
 */
@ObjectClassDefinition(name = "mpathj simulated array")
public @interface SimArrayConfiguration {
    @AttributeDefinition(description = "The array's name: paths are sim:NAME/PORT/LUN")
    String name() default "array1";

    @AttributeDefinition(description = "alua or clariion")
    String personality() default "alua";

    @AttributeDefinition(description = "ALUA TPGS support: implicit, explicit or both")
    String tpgs() default "both";

    @AttributeDefinition(description = "Number of port groups (storage processors for clariion), 1..8")
    int port_groups() default 2;

    @AttributeDefinition(description = "Ports per group, 1..8")
    int ports_per_group() default 2;

    @AttributeDefinition(description = "Number of logical units, 1..64")
    int luns() default 1;

    @AttributeDefinition(description = "Blocks per logical unit (memory is allocated as blocks are written)")
    long lun_blocks() default 2_097_152;

    @AttributeDefinition(description = "Logical block size: 512 or 4096")
    int block_size() default 512;
}
