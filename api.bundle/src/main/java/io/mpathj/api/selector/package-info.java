/** Path selector SPI, mirroring the kernel's struct path_selector_type. */
@Export
@Version("1.0.0")
package io.mpathj.api.selector;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
