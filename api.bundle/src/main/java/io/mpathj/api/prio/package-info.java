/**
 * Prioritizer SPI (multipath-tools' libmultipath/prioritizers): a prioritizer type registered as a whiteboard
 * service by name, configured by {@code prio_args}, answering one path's priority asynchronously.
 */
@Export
@Version("1.0.0")
package io.mpathj.api.prio;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
