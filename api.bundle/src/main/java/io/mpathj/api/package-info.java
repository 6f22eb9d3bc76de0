/** Types shared by every mpathj SPI: status output kinds and constructor errors. */
@Export
@Version("1.0.0")
package io.mpathj.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
