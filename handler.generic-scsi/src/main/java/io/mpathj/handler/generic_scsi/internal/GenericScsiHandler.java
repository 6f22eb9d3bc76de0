package io.mpathj.handler.generic_scsi.internal;

import io.mpathj.api.handler.ErrorFlag;
import io.mpathj.api.handler.HardwareHandler;
import io.mpathj.api.handler.PathError;
import io.mpathj.api.handler.PgInitRequest;
import io.mpathj.api.handler.PgInitResult;
import io.mpathj.api.handler.ScsiErrorRules;
import io.mpathj.api.scsi.SenseData;
import io.mpathj.api.scsi.SenseKey;
import java.util.Optional;
import java.util.Set;

/**
 * One map's {@code generic-scsi} handler. There is nothing to activate, so pg_init succeeds at once. The error hook
 * is the seed's {@code dm_scsi_err_handler} table (reference §5) decided the modern way: {@link ScsiErrorRules} for
 * everything, except the two places README.md explains (reserved/obsolete sense keys, unit attentions).
 */
final class GenericScsiHandler implements HardwareHandler {

    @Override
    public void pgInit(PgInitRequest request) {
        request.complete(PgInitResult.OK);
    }

    @Override
    public Set<ErrorFlag> error(PathError error) {
        Optional<SenseData> sense = error.sense();
        if (!error.result().isTransportFailure() && sense.isPresent()) {
            SenseKey key = sense.get().key();
            if (key == SenseKey.OBSOLETE_0C || key == SenseKey.RESERVED_0F) {
                // the seed's device error: the device server answered, every path would answer the same
                return ScsiErrorRules.ERROR_IO;
            }
            if (key == SenseKey.UNIT_ATTENTION) {
                // scsi_io_completion_action retries a UA for as long as the command's runtime allows, however
                // often the I/O was tried before (on other paths): the map's retry budget is that bound
                return ScsiErrorRules.RETRY;
            }
        }
        return ScsiErrorRules.classify(error.result(), error.attempt());
    }
}
