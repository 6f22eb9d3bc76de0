package io.mpathj.api.map;

import io.mpathj.api.block.BlockDevice;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A map opened for I/O ({@link Multipath#open}). Closing it gives the open back; I/O submitted after the map was
 * removed by force completes with the map-removed error.
 */
@ProviderType
public interface OpenMap extends BlockDevice, AutoCloseable {
    /** Gives the open back; a second close does nothing. */
    @Override
    void close();
}
