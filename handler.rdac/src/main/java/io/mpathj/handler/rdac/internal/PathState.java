package io.mpathj.handler.rdac.internal;

import io.mpathj.api.path.PathDevice;
import io.mpathj.handler.rdac.internal.RdacPages.VolumeAccess;

/**
 * What the handler knows of one path (the kernel's {@code struct rdac_dh_data}): the LU number and the controller it
 * reaches (from attach's VPD C8h and C4h; unknown until the path has answered them), the last VPD C9h it returned, and
 * whether it may carry I/O ({@code RDAC_STATE_ACTIVE}: not while its controller does not own the LU in RDAC mode, or
 * after the array answered 05/94/01).
 */
final class PathState {
    private final String name;
    private final PathDevice device;
    private volatile int lun = -1;
    private volatile Controller controller;
    private volatile VolumeAccess access;
    private volatile boolean active = true;

    PathState(String name, PathDevice device) {
        this.name = name;
        this.device = device;
    }

    String name() {
        return name;
    }

    PathDevice device() {
        return device;
    }

    /** The LU number (the last byte of C8h's LUN field), -1 before the path was identified. */
    int lun() {
        return lun;
    }

    /** The controller, null before the path was identified. */
    Controller controller() {
        return controller;
    }

    boolean identified() {
        return controller != null;
    }

    void identified(int lunNumber, Controller c) {
        lun = lunNumber;
        controller = c;
    }

    VolumeAccess access() {
        return access;
    }

    /**
     * check_ownership's update: the page, and the path is active unless its controller does not own the LU in RDAC
     * mode (AVT and IOSHIP controllers serve I/O for LUs they do not own).
     */
    void access(VolumeAccess a) {
        access = a;
        active = a.owned() || a.mode() != RdacPages.Mode.RDAC;
    }

    boolean active() {
        return active;
    }

    void active(boolean isActive) {
        active = isActive;
    }
}
