package io.mpathj.api.map;

import io.mpathj.api.InvalidArgumentsException;
import io.mpathj.api.StatusType;
import io.mpathj.api.path.PathDevice;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The multipath target's interface to programs, as dm's ioctls and uevents are to multipathd: the core registers
 * one service of this type. Every failure is an {@link InvalidArgumentsException} whose message is the kernel's
 * text where it has one ({@code ti->error} for tables, dm-mpath's warning for messages), followed after ": " by what
 * mpathj knows more.
 */
@ProviderType
public interface Multipath {
    /** The maps' names in name order ({@code dmsetup ls}). */
    List<String> names();

    /** A consistent snapshot of one map, or empty when there is no such map. */
    Optional<MapView> view(String name);

    /** Snapshots of every map, in name order. */
    List<MapView> views();

    /**
     * {@code dmsetup create NAME --table …}: builds a map from a table (the target parameters, or a whole
     * {@code 0 <len> multipath …} line). Nothing is held when it fails.
     */
    void create(String name, String table, MapOptions options) throws InvalidArgumentsException;

    /** {@link #create(String, String, MapOptions)} with {@link MapOptions#DEFAULTS}. */
    default void create(String name, String table) throws InvalidArgumentsException {
        create(name, table, MapOptions.DEFAULTS);
    }

    /**
     * {@code dmsetup reload} + {@code resume}: the new table is built beside the live one and swapped in once the
     * I/O on the paths completed; queued I/O moves to the new table. On any failure the old table stays live.
     *
     * @param options the new table's options, or null to keep the live table's
     */
    void reload(String name, String table, MapOptions options) throws InvalidArgumentsException;

    /** {@code dmsetup suspend --noflush}: new I/O queues; returns once the I/O on the paths completed. */
    void suspend(String name) throws InvalidArgumentsException;

    /** {@code dmsetup resume}: the queued I/O is dispatched. */
    void resume(String name) throws InvalidArgumentsException;

    /**
     * {@code dmsetup remove}: refused while the map is open ("device or resource busy") unless {@code force}, which
     * fails its queued I/O and leaves its users with a removed device.
     */
    void remove(String name, boolean force) throws InvalidArgumentsException;

    /**
     * {@code dmsetup message NAME 0 WORDS…}: {@code queue_if_no_path}, {@code fail_if_no_path},
     * {@code fail_path DEV}, {@code reinstate_path DEV}, {@code switch_group N}, {@code enable_group N},
     * {@code disable_group N}.
     */
    void message(String name, String... words) throws InvalidArgumentsException;

    /** {@code dmsetup status} (INFO) or {@code dmsetup table} (TABLE) parameters, word for word as the kernel. */
    String status(String name, StatusType type) throws InvalidArgumentsException;

    /**
     * Opens a map for block I/O, as opening {@code /dev/mapper/NAME}: the open count rises until the handle is
     * closed, so the map cannot be removed without force meanwhile. The handle follows reloads.
     *
     * @param holder who holds it, shown by {@code mpath:info} and in "busy" errors (e.g. {@code nbd client 3})
     */
    OpenMap open(String name, String holder) throws InvalidArgumentsException;

    /**
     * The device behind a path name ({@code sim:…}, {@code iscsi:…}) from the transports the core knows, for a
     * path checker's commands; empty when no transport has it.
     */
    Optional<PathDevice> pathDevice(String pathName);

    /**
     * Follows map events. Each listener gets every event once, in sequence order, on a core thread, never while a
     * map's lock is held; a listener that blocks delays the events after it, so hand long work to another thread.
     */
    Subscription listen(MapListener listener);

    /** Ends a {@link #listen} subscription. */
    @FunctionalInterface
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
