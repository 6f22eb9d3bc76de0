package io.mpathj.core.internal.osgi;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** A map defined in ConfigAdmin (factory PID {@value ConfiguredMap#FACTORY_PID}); it persists across restarts. */
@ObjectClassDefinition(name = "mpathj multipath map", description = "A multipath map: a name and a table")
public @interface MapConfiguration {
    @AttributeDefinition(description = "The map's name, as the shell shows it")
    String name();

    @AttributeDefinition(description = "The multipath table: target parameters or a full dmsetup line")
    String table();

    @AttributeDefinition(description = "queue_if_no_path_timeout: ms before queued I/O fails with no path; 0 = never")
    long queue_if_no_path_timeout_ms() default 0;

    @AttributeDefinition(description = "How long a handler may take for one path activation, in ms")
    long pg_init_timeout_ms() default 120_000;
}
