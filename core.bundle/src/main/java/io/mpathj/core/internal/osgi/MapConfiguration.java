package io.mpathj.core.internal.osgi;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The keys of a map file {@code etc/io.mpathj.map-NAME.cfg} (factory PID {@value ConfiguredMap#FACTORY_PID}), for
 * metatype tools. Values are read by these exact names, underscores included, by {@link ConfiguredMap}; the method
 * names use {@code __}, which DS turns into the {@code _} of the file.
 */
@ObjectClassDefinition(name = "mpathj multipath map", description = "A multipath map: a name and a table")
public @interface MapConfiguration {
    @AttributeDefinition(description = "The map's name, as the shell shows it")
    String name();

    @AttributeDefinition(description = "The multipath table: target parameters or a full dmsetup line")
    String table();

    @AttributeDefinition(description = "ms before queued I/O fails with no path (queue_if_no_path_timeout); 0 = never")
    long queue__if__no__path__timeout__ms() default 0;

    @AttributeDefinition(description = "How long a handler may take for one path activation, in ms")
    long pg__init__timeout__ms() default 120_000;
}
