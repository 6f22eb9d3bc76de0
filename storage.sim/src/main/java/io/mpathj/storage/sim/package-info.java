/**
 * The simulated SCSI array: build arrays with {@link io.mpathj.storage.sim.SimArrayBuilder}, resolve their paths
 * through {@link io.mpathj.storage.sim.SimArrayRegistry}, drive their access
 * state through the controls of their personality (ALUA, CLARiiON, E-Series, MSA or a vendor's, see
 * {@link io.mpathj.storage.sim.personality}) and inject faults.
 */
@Export
@Version("2.0.0")
package io.mpathj.storage.sim;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
