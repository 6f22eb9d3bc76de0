package io.mpathj.api.path;

import java.util.Optional;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The transport SPI: resolves path names of one scheme to devices. Registered as a whiteboard service with the
 * property {@value #SCHEME_PROPERTY}; the scheme is the part of a path name before the first colon.
 */
@ConsumerType
public interface PathDeviceProvider {
    /** Service property naming the scheme this provider resolves, e.g. {@code sim} or {@code iscsi}. */
    String SCHEME_PROPERTY = "mpathj.path.transport.scheme";

    /** The scheme this provider resolves. */
    String scheme();

    /** The device for a full path name ({@code scheme:…}), or empty when this provider has no such path. */
    Optional<PathDevice> resolve(String name);
}
