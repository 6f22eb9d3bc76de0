/** What a path is (a PathDevice that executes SCSI commands), how a map holds it, and how transports resolve names. */
@Export
@Version("1.2.0")
package io.mpathj.api.path;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
