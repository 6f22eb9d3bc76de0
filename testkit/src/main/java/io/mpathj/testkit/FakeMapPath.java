package io.mpathj.testkit;

import io.mpathj.api.path.MapPath;
import io.mpathj.api.path.PathDevice;

/**
 * Fakes the {@link MapPath} the core's multipath map gives to selectors and handlers: a name, the device that carries
 * the commands, the active flag and fail count (active and never failed unless a test says otherwise), and the
 * selector's context slot. Nothing else: it does not fail or reinstate itself, and it never touches its device.
 *
 * <p>Thread-safe: every field a test or the code under test can change is volatile, so a handler may read the path on
 * its own threads while the test changes it.
 */
public final class FakeMapPath implements MapPath {
    private final String name;
    private final PathDevice device;
    private volatile boolean active = true;
    private volatile int failCount;
    private volatile Object selectorContext;

    /** A path around {@code device}, named as the device is named. */
    public FakeMapPath(PathDevice device) {
        this(device.name(), device);
    }

    /** A path with its own name; {@code device} may be null for code that never uses it (e.g. selectors). */
    public FakeMapPath(String name, PathDevice device) {
        this.name = name;
        this.device = device;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public PathDevice device() {
        return device;
    }

    @Override
    public boolean isActive() {
        return active;
    }

    /** Sets what {@link #isActive()} answers (the kernel's A/F); returns this path. */
    public FakeMapPath active(boolean isActive) {
        active = isActive;
        return this;
    }

    @Override
    public int failCount() {
        return failCount;
    }

    /** Sets what {@link #failCount()} answers; returns this path. */
    public FakeMapPath failCount(int count) {
        failCount = count;
        return this;
    }

    @Override
    public Object selectorContext() {
        return selectorContext;
    }

    @Override
    public void setSelectorContext(Object context) {
        selectorContext = context;
    }

    /** The name, so that assertion messages show which path. */
    @Override
    public String toString() {
        return name;
    }
}
