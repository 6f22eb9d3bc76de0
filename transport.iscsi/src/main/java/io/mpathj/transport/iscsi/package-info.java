/**
 * Paths over iSCSI (RFC 7143): an initiator that logs in to real targets and offers every portal × target × LUN as a
 * {@link io.mpathj.api.path.PathDevice} named {@code iscsi:HOST:PORT/IQN/LUN}.
 */
@Export
@Version("2.1.0")
package io.mpathj.transport.iscsi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
