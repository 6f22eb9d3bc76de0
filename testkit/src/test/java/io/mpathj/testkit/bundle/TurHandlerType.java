package io.mpathj.testkit.bundle;

import io.mpathj.api.handler.HardwareHandler;
import io.mpathj.api.handler.HardwareHandlerType;
import io.mpathj.api.handler.PgInitRequest;
import io.mpathj.api.handler.PgInitResult;
import io.mpathj.api.scsi.Cdbs;
import io.mpathj.api.scsi.ScsiCommand;
import java.util.List;

/**
 * A handler for {@link TestBundles#handlerBundle}: pg_init sends TEST UNIT READY and answers OK when it is GOOD. Uses
 * nothing but the API, so that it runs inside a bundle.
 */
public final class TurHandlerType implements HardwareHandlerType {
    public static final String NAME = "tur";

    @Override
    public HardwareHandler create(List<String> args) {
        return new HardwareHandler() {
            @Override
            public void pgInit(PgInitRequest request) {
                request.path().device().execute(ScsiCommand.noData(Cdbs.testUnitReady())).whenComplete((r, e) ->
                        request.complete(e == null && r.isGood() ? PgInitResult.OK : PgInitResult.IO));
            }
        };
    }
}
