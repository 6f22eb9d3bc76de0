package io.mpathj.api.selector;

import io.mpathj.api.InvalidArgumentsException;
import io.mpathj.api.StatusType;
import io.mpathj.api.path.MapPath;
import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The path selector of one priority group.
 *
 * <p>Threads: the map serializes the calls that change membership or state ({@code addPath}, {@code failPath},
 * {@code reinstatePath}, {@code close}) under its lock. {@code select}, {@code startIo} and {@code endIo} run on the
 * I/O fast path without the map's lock, concurrently with each other and with those changes, exactly as the
 * kernel calls {@code select_path} outside {@code m->lock}: a selector guards its own state (the kernel's selectors
 * take their own spinlock). A {@code select} that races with {@code failPath} may still return the failing path;
 * the map copes (the I/O fails on it and is retried elsewhere). Since 2.0.0; 1.x serialized {@code select} too.
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

    /**
     * Whether {@link #endIo} needs the I/O's start time. Reading the clock costs tens of nanoseconds per I/O, so the
     * map reads it only for selectors that answer true (service-time ones); others get 0 as {@code startNanos}.
     */
    default boolean timesIo() {
        return false;
    }

    /** An I/O of {@code nrBytes} was sent on the path. */
    default void startIo(MapPath path, long nrBytes) {
    }

    /**
     * An I/O sent at {@code startNanos} ({@link System#nanoTime()}, or 0 unless {@link #timesIo()}) ended on the
     * path.
     */
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
