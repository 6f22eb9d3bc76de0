package io.mpathj.daemon.internal.assembly;

import io.mpathj.api.path.PathDevice;
import io.mpathj.daemon.internal.conf.PathIdentity;

/**
 * A path device as identification found it: what the configuration matches ({@link PathIdentity}), and what
 * grouping needs besides.
 *
 * @param targetPortGroup the target port group from VPD 0x83, or -1
 * @param relativePort the relative target port from VPD 0x83, or -1
 * @param nodeName the target node name (the target device's SCSI name, else the transport's target part of the
 *     path name: the array for {@code sim:ARRAY/PORT/LUN}, the IQN for {@code iscsi:HOST:PORT/IQN/LUN})
 */
public record IdentifiedPath(PathDevice device, PathIdentity identity, int targetPortGroup, int relativePort,
        String nodeName) {
    public String name() {
        return identity.name();
    }

    public String wwid() {
        return identity.wwid();
    }

    /** The transport's target part of a path name: everything between the scheme and the last two parts. */
    static String nodeNameOf(String pathName) {
        int colon = pathName.indexOf(':');
        int last = pathName.lastIndexOf('/');
        if (colon < 0 || last < 0) {
            return pathName;
        }
        String scheme = pathName.substring(0, colon);
        String rest = pathName.substring(colon + 1, last); // sim: ARRAY/PORT, iscsi: HOST:PORT/IQN
        int slash = rest.indexOf('/');
        if (slash < 0) {
            return pathName.substring(0, last);
        }
        return scheme + ":" + ("sim".equals(scheme) ? rest.substring(0, slash) : rest.substring(slash + 1));
    }
}
