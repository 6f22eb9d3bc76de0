/**
 * The round-robin path selector for programs that embed the multipath target outside OSGi (tests, tools): in a
 * container it is found as a service by its name, as every selector is.
 */
@Export
@Version("1.0.0")
package io.mpathj.selector.round_robin;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
