/** Loading plug-in bundles on demand by capability name, from the repository indexes the platform is given. */
@Export
@Version("1.0.0")
package io.mpathj.api.plugin;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
