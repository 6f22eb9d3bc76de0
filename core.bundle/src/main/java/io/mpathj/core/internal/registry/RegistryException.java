package io.mpathj.core.internal.registry;

/** A registry refused a request. The message is one line for the user; the errno names the kernel's equivalent. */
public class RegistryException extends Exception {
    private static final long serialVersionUID = 1L;

    /** The kernel error each refusal corresponds to. */
    public enum Errno {
        /** dm_register_hw_handler of a name already registered. */
        EEXIST,
        /** dm_unregister_hw_handler while the use count is above zero. */
        ETXTBSY,
        /** dm_get_hw_handler of a name nobody provides, even after request_module. */
        ENOENT
    }

    private final Errno errno;

    public RegistryException(Errno errno, String message) {
        super(message);
        this.errno = errno;
    }

    public Errno errno() {
        return errno;
    }
}
