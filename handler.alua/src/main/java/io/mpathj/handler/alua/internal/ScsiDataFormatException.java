package io.mpathj.handler.alua.internal;

/**
 * Parameter data from a device that cannot be decoded: too short for its own length fields, or a field with a value
 * the standard does not allow. The only exception the decoders of this package throw, whatever the input.
 */
public final class ScsiDataFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    public ScsiDataFormatException(String message) {
        super(message);
    }
}
