/** SCSI vocabulary shared by handlers and transports: CDB builders, results, sense data. */
@Export
@Version("1.1.0")
package io.mpathj.api.scsi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
