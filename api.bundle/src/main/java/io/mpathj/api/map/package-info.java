/**
 * The maps as programs see them (the kernel's dm interface, for the multipathd half, tests, exports and vendors):
 * create, reload, suspend, resume and remove maps by table; send target messages; read TABLE / INFO status and a
 * typed view; open a map for block I/O; and follow map events, which mirror dm-mpath's uevents.
 */
@Export
@Version("1.0.0")
package io.mpathj.api.map;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
