package io.mpathj.api.path;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Learns of path devices as transports find and lose them, as multipathd learns of block devices from uevents.
 * A whiteboard service: whoever wants announcements (the daemon) registers one; every transport that announces
 * follows these services and
 * <ul>
 *   <li>on a listener's arrival, announces to it every path it has at that moment ({@link #pathsAppeared});</li>
 *   <li>afterwards announces each path that appears (an array created, a session logged in and its LUNs reported)
 *       and each that goes (an array destroyed, a session logged out).</li>
 * </ul>
 * Calls come on a transport's thread, possibly concurrently from different transports, never for a path twice in
 * a row with the same verb; they should return quickly (hand work to another thread). A path that goes and comes
 * back under the same name is announced gone, then appeared. Paths that are announced are resolvable through
 * their transport's {@link PathDeviceProvider} (and so by name in map tables) until they are announced gone.
 */
@ConsumerType
public interface PathDeviceListener {
    /** Path devices that can now be used; a batch (all LUs × ports of an array) comes in one call. */
    void pathsAppeared(List<? extends PathDevice> paths);

    /** Path devices that are gone: their names no longer resolve, and commands on them fail. */
    void pathsGone(List<? extends PathDevice> paths);
}
