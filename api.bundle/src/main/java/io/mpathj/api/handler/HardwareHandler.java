package io.mpathj.api.handler;

import io.mpathj.api.StatusType;
import io.mpathj.api.path.MapPath;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * One map's hardware handler: the seed's three hooks plus attach and close.
 *
 * <p>Threading: {@link #pgInit} is called on the map's work executor and must return at once; the answer comes
 * later through {@link PgInitRequest#complete}. {@link #error} runs on the completing transport's thread and must not
 * block.
 */
@ConsumerType
public interface HardwareHandler extends AutoCloseable {

    /**
     * Called once per path when the map is built (the kernel's {@code scsi_dh_attach}); may send commands and wait
     * for them. Refusing fails the table load with the exception's message.
     */
    default void attach(MapPath path) throws AttachException {
    }

    /** Activates one path of the priority group the map is switching to. */
    void pgInit(PgInitRequest request);

    /**
     * Classifies a failed I/O. Empty = retry it; {@link ErrorFlag#FAIL_PATH} / {@link ErrorFlag#BYPASS_PG} act on
     * the path and its group; {@link ErrorFlag#ERROR_IO} completes it with its error. The default fails the path,
     * as the 2005 kernel did for a handler without an error hook.
     */
    default Set<ErrorFlag> error(PathError error) {
        return EnumSet.of(ErrorFlag.FAIL_PATH);
    }

    /**
     * Words for the map's status: for INFO, the handler status args; for TABLE, the words after the handler name.
     * The map prints the count. Empty by default, which gives the modern kernel's {@code 0} and {@code 1 name}.
     */
    default List<String> status(StatusType type) {
        return List.of();
    }

    /** The destructor; the map calls it once when it stops using the handler. */
    @Override
    default void close() {
    }
}
