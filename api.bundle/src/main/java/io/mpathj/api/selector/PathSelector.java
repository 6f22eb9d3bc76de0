package io.mpathj.api.selector;

import io.mpathj.api.InvalidArgumentsException;
import io.mpathj.api.StatusType;
import io.mpathj.api.path.MapPath;
import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The path selector of one priority group. The map serializes calls that change membership or state
 * ({@code addPath}, {@code failPath}, {@code reinstatePath}, {@code select}); {@code startIo}/{@code endIo} may run
 * concurrently with them and with each other, so counters they touch must be thread-safe.
 */
@ConsumerType
public interface PathSelector extends AutoCloseable {
    /** Adds a path with its per-path args; every path starts usable. */
    void addPath(MapPath path, List<String> args) throws InvalidArgumentsException;

    /** Chooses a path for an I/O of {@code nrBytes}, or null when no path is usable. */
    MapPath select(long nrBytes);

    /** The path failed: stop choosing it. */
    void failPath(MapPath path);

    /** The path is back: choose it again. */
    void reinstatePath(MapPath path);

    /** An I/O of {@code nrBytes} was sent on the path. */
    default void startIo(MapPath path, long nrBytes) {
    }

    /** An I/O sent at {@code startNanos} ({@link System#nanoTime()}) ended on the path. */
    default void endIo(MapPath path, long nrBytes, long startNanos) {
    }

    /** The group-level status words (the map prints their count before them). */
    default List<String> groupStatus(StatusType type) {
        return List.of();
    }

    /** The per-path words: exactly {@code tableArgs} for TABLE, {@code infoArgs} for INFO. */
    List<String> pathStatus(MapPath path, StatusType type);

    /** The destructor. */
    @Override
    default void close() {
    }
}
