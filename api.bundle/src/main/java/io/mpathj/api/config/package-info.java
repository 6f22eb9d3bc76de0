/**
 * Reading an operator's configuration file as ConfigAdmin delivers it: the keys a component documents, typed and
 * range-checked, with every unknown key and every value that does not parse reported instead of silently
 * defaulted.
 */
@Export
@Version("1.1.0")
package io.mpathj.api.config;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
