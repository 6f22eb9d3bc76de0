package io.mpathj.storage.sim.internal.osgi;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The metatype description of a simulated array's configuration (factory PID {@value ConfiguredSimArray#FACTORY_PID},
 * files {@code etc/io.mpathj.sim.array-NAME.cfg}), for tools that read metatype. It describes the keys only: values
 * are read, checked and refused by {@link SimArrayConfig#read}, not through this type. The double underscores make
 * the attribute ids the keys as written in the file ({@code port_groups}); a single one would read as a dot.
 */
@ObjectClassDefinition(name = "mpathj simulated array", description = "Port groups A, B, … of ports A0, A1, …, "
        + "group A preferred: active/optimized and the others standby (alua), SP or controller A owns every LU "
        + "(clariion, eseries), controller A active (msa)")
public @interface SimArrayConfiguration {
    @AttributeDefinition(description = "The array's name (letters, digits, '.', '_', '-'; at most 64): paths are "
            + "sim:NAME/PORT/LUN. Default: NAME of the file io.mpathj.sim.array-NAME.cfg", required = false)
    String name();

    @AttributeDefinition(description = "The array personality's name: alua, clariion, eseries, msa, or one a vendor "
            + "bundle registers")
    String personality() default "alua";

    @AttributeDefinition(description = "ALUA TPGS support: none (a plain disk), "
            + "implicit, explicit or both (ignored by personalities that support one value: clariion, eseries, msa)")
    String tpgs() default "both";

    @AttributeDefinition(description = "Number of port groups (storage processors for clariion), 1..8")
    int port__groups() default SimArrayConfig.DEFAULT_GROUPS;

    @AttributeDefinition(description = "Ports per group, 1..8")
    int ports__per__group() default SimArrayConfig.DEFAULT_PORTS;

    @AttributeDefinition(description = "Number of logical units, 1..64")
    int luns() default SimArrayConfig.DEFAULT_LUNS;

    @AttributeDefinition(description = "Blocks per logical unit, at most 1 TiB in all (2147483648 of 512 bytes, "
            + "268435456 of 4096); memory is allocated as blocks are written")
    long lun__blocks() default SimArrayConfig.DEFAULT_LUN_BLOCKS;

    @AttributeDefinition(description = "Logical block size: 512 or 4096")
    int block__size() default SimArrayConfig.DEFAULT_BLOCK_SIZE;
}
