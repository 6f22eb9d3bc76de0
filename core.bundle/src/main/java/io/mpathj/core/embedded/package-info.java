/**
 * The multipath target without a framework, for tests and for programs that embed it: the same engine the bundle
 * runs, with plug-ins and transports handed in by the caller instead of found as services.
 */
@Export
@Version("1.0.0")
package io.mpathj.core.embedded;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
