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
    private final String searched;

    public RegistryException(Errno errno, String message) {
        this(errno, message, "");
    }

    /** @param searched where the loader looked for a provider (empty when it did not look) */
    public RegistryException(Errno errno, String message, String searched) {
        super(message);
        this.errno = errno;
        this.searched = searched;
    }

    /** Where the on-demand loader searched before this ENOENT, or empty. */
    public String searched() {
        return searched;
    }

    public Errno errno() {
        return errno;
    }
}
