package io.mpathj.api.handler;

import io.mpathj.api.path.MapPath;
import io.mpathj.api.scsi.ScsiCommand;
import io.mpathj.api.scsi.ScsiResult;
import io.mpathj.api.scsi.SenseData;
import java.util.Objects;
import java.util.Optional;

/**
 * A failed I/O as the map shows it to its handler's error hook.
 *
 * @param path the path the command ran on
 * @param command the command
 * @param result what the path returned (never GOOD)
 * @param attempt 1 for the first try of this I/O on this path; retries on the same path count up, a move to
 *     another path starts again at 1 (a retry budget belongs to the path)
 */
public record PathError(MapPath path, ScsiCommand command, ScsiResult result, int attempt) {
    public PathError {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(result, "result");
    }

    /** The decoded sense data, when the result carries some. */
    public Optional<SenseData> sense() {
        return result.sense();
    }
}
