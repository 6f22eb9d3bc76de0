package io.mpathj.api.handler;

import io.mpathj.api.path.MapPath;
import java.util.Set;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One activation of one path of a priority group the map is switching to. The handler answers exactly once, with
 * either form of {@code complete}; the map ignores (and logs) any later answer, and times out a request that is
 * never answered.
 */
@ProviderType
public interface PgInitRequest {
    /** The path to activate. */
    MapPath path();

    /** Whether that path's priority group was bypassed when the activation started. */
    boolean pgBypassed();

    /**
     * The seed's {@code dm_pg_init_complete(path, err_flags)}: empty = success, queued I/O is released. Any flag on a
     * group that is already bypassed also fails the path.
     *
     * @return false when this request had already been completed (or timed out) and the call was ignored
     */
    boolean complete(Set<ErrorFlag> flags);

    /**
     * The modern {@code pg_init_done(path, SCSI_DH_*)}: retries, bypass on DEV_TEMP_BUSY, fail path otherwise.
     *
     * @return false when this request had already been completed (or timed out) and the call was ignored
     */
    boolean complete(PgInitResult result);
}
