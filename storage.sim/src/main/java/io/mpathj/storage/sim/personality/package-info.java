/**
 * The array personality SPI: how a simulated array of one vendor answers the commands that are not media access.
 *
 * <p>A vendor implements {@link io.mpathj.storage.sim.personality.ArrayPersonality} (one per kind of array, registered
 * as an OSGi service with the property {@value io.mpathj.storage.sim.personality.ArrayPersonality#NAME_PROPERTY}, or
 * passed to {@link io.mpathj.storage.sim.SimArrayBuilder#of} outside OSGi). For each array built with it, the
 * personality makes an {@link io.mpathj.storage.sim.personality.ArrayBehavior} from the
 * {@link io.mpathj.storage.sim.personality.ArrayContext} the simulator gives it: the array's LUs, ports, port groups,
 * clock and unit attentions. The behaviour decides, per command, per LU and per port, whether the command is refused
 * (a CHECK CONDITION), answered by the personality (INQUIRY VPD pages, mode pages, TEST UNIT READY, START STOP UNIT,
 * REPORT/SET TARGET PORT GROUPS, vendor commands), or served by the simulator's core; READ and WRITE, fault
 * injection and latency always stay in the core.
 */
@Export
@Version("1.0.0")
package io.mpathj.storage.sim.personality;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
