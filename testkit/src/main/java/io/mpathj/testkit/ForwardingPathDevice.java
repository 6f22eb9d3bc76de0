package io.mpathj.testkit;

import io.mpathj.api.path.PathDevice;
import java.util.Objects;

/**
 * A path device in front of another, for tests that watch or change what a path executes: the name and the online
 * state are the other device's, and a subclass implements {@link #execute(io.mpathj.api.scsi.ScsiCommand)}. The
 * callback form of {@code execute} is left to its default, so it goes through the subclass too.
 */
public abstract class ForwardingPathDevice implements PathDevice {
    /** The device commands are passed on to. */
    protected final PathDevice device;

    protected ForwardingPathDevice(PathDevice device) {
        this.device = Objects.requireNonNull(device, "device");
    }

    @Override
    public String name() {
        return device.name();
    }

    @Override
    public boolean isOnline() {
        return device.isOnline();
    }
}
