package io.mpathj.api.handler;

/** A handler cannot drive a path (e.g. ALUA on a device without TPGS). The message names the device and why. */
public class AttachException extends Exception {
    private static final long serialVersionUID = 1L;

    public AttachException(String message) {
        super(message);
    }
}
