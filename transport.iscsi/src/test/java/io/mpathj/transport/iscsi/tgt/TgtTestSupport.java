package io.mpathj.transport.iscsi.tgt;

import io.mpathj.api.scsi.ScsiCommand;
import io.mpathj.api.scsi.ScsiResult;
import io.mpathj.transport.iscsi.IscsiConfig;
import io.mpathj.transport.iscsi.IscsiPath;
import io.mpathj.transport.iscsi.IscsiTransport;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;

/**
 * What the tgt test classes share: the tgtd of the class (set in each subclass's {@code @BeforeAll}, stopped here
 * after it, even when a test failed), transports closed after each test, and bounded waits.
 */
abstract class TgtTestSupport {
    /** Long enough for a login plus a 1 MiB transfer on a loaded two-core machine. */
    static final long WAIT_SECONDS = 20;
    static TgtTarget tgt;
    private final List<IscsiTransport> transports = new ArrayList<>();

    @AfterAll
    static void stopTarget() {
        if (tgt != null) {
            tgt.close();
            tgt = null;
        }
    }

    @AfterEach
    void closeTransports() {
        transports.forEach(IscsiTransport::close);
        transports.clear();
    }

    /** A transport closed after the test. */
    IscsiTransport transport(IscsiConfig.Builder config) {
        IscsiTransport transport = new IscsiTransport(config.build());
        transports.add(transport);
        return transport;
    }

    static ScsiResult run(IscsiPath path, ScsiCommand command) throws Exception {
        return await(path.execute(command));
    }

    static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
    }
}
