/**
 * What a path is (a PathDevice that executes SCSI commands), how a map holds it, how transports resolve names, and
 * (1.3.0) how they announce path devices as they appear and go ({@link io.mpathj.api.path.PathDeviceListener}).
 */
@Export
@Version("1.3.0")
package io.mpathj.api.path;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
