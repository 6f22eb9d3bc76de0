/**
 * Device rules carried by bundles ({@link io.mpathj.api.rules.DeviceRules}): vendor/product regular expressions
 * and the multipath.conf settings for the devices they match, contributed to the daemon's device table.
 */
@Export
@Version("1.1.0")
package io.mpathj.api.rules;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
