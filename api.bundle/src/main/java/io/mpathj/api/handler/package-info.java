/** Hardware handler SPI: the 2005 dm-hw-handler hooks (ctr, pg_init, error, status, dtr) as a whiteboard service. */
@Export
@Version("1.0.0")
package io.mpathj.api.handler;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
