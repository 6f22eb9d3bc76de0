/**
 * Path selector SPI, mirroring the kernel's struct path_selector_type.
 *
 * <p>2.0.0: {@code select}, {@code startIo} and {@code endIo} may run concurrently with everything else (the map
 * no longer holds its lock around them; see {@link io.mpathj.api.selector.PathSelector}), and {@code timesIo}.
 *
 * <p>2.1.0: {@link io.mpathj.api.selector.SelectorArgs} (the kernel's {@code %u} number reading) and
 * {@link io.mpathj.api.selector.LoadBalancingSelector} (the valid/failed path lists that queue-length and
 * service-time share).
 */
@Export
@Version("2.1.0")
package io.mpathj.api.selector;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
