/**
 * The simulated SCSI array: build arrays with {@link io.mpathj.storage.sim.SimArrayBuilder}, resolve their paths
 * through {@link io.mpathj.storage.sim.SimArrayRegistry}, drive ALUA and CLARiiON state and inject faults.
 */
@Export
@Version("1.0.0")
package io.mpathj.storage.sim;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
