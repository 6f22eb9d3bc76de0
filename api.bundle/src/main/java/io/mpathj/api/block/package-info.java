/** Block I/O for users of a multipath map: reads and writes of LBA ranges. */
@Export
@Version("1.1.0")
package io.mpathj.api.block;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
