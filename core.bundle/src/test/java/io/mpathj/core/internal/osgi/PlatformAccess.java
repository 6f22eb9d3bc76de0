package io.mpathj.core.internal.osgi;

import io.mpathj.api.path.PathDeviceProvider;

/** The platform's package-private lifecycle for tests in other packages (the kernel conformance replay). */
public final class PlatformAccess {
    private PlatformAccess() {
    }

    public static void addPathProvider(MultipathPlatform platform, PathDeviceProvider provider) {
        platform.addPathProvider(provider);
    }

    public static void deactivate(MultipathPlatform platform) {
        platform.deactivate();
    }
}
