/**
 * Path checker SPI (multipath-tools' libmultipath/checkers): a checker type registered as a whiteboard service by
 * name, one checker instance per path, asynchronous checks with a timeout, and the path states multipathd uses.
 */
@Export
@Version("1.0.0")
package io.mpathj.api.checker;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
