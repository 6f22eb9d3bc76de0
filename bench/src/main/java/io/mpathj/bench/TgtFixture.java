package io.mpathj.bench;

import io.mpathj.transport.iscsi.IscsiConfig;
import io.mpathj.transport.iscsi.IscsiPath;
import io.mpathj.transport.iscsi.IscsiPathName;
import io.mpathj.transport.iscsi.IscsiTransport;
import io.mpathj.transport.iscsi.tgt.TgtTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A tgtd on loopback with one 64 MiB file-backed LU behind two portals (transport.iscsi's test harness
 * {@link TgtTarget}, from its test-jar) and an {@link IscsiTransport} to it. Ports 13270-13279 only, so it never
 * collides with transport.iscsi's tests (13260-13268); its files live in a temporary directory removed on close.
 */
final class TgtFixture implements AutoCloseable {
    static final int FIRST_PORT = 13270;
    static final int LAST_PORT = 13279;
    static final int PORTALS = 2;
    static final int BLOCK = TgtTarget.BLOCK_SIZE;
    static final long BLOCKS = TgtTarget.BLOCKS;
    private static final long ONLINE_SECONDS = 20;

    private final Path workParent;
    private final TgtTarget tgt;
    final IscsiTransport transport;

    private TgtFixture(Path workParent, TgtTarget tgt, String initiatorName) {
        this.workParent = workParent;
        this.tgt = tgt;
        this.transport = new IscsiTransport(IscsiConfig.builder().initiatorName(initiatorName).build());
    }

    /**
     * Starts tgtd (two portals, target {@link TgtTarget#IQN} with LUN 1) and a transport logging in as
     * {@code initiatorName}.
     *
     * @throws TgtTarget.Unavailable when tgt is not installed or tgtd does not start here; the message says why
     */
    static TgtFixture start(String initiatorName) throws TgtTarget.Unavailable {
        Path workParent;
        try {
            workParent = Files.createTempDirectory("mpathj-bench-tgt");
        } catch (IOException e) {
            throw new TgtTarget.Unavailable("no temporary directory: " + e.getMessage());
        }
        try {
            return new TgtFixture(workParent, TgtTarget.start(PORTALS, FIRST_PORT, LAST_PORT, workParent),
                    initiatorName);
        } catch (TgtTarget.Unavailable | RuntimeException e) {
            delete(workParent);
            throw e;
        }
    }

    /** Null when tgtd starts here (it is stopped again at once), else why not. */
    static String unavailableReason() {
        try (TgtFixture probe = start("iqn.2026-11.io.mpathj.bench:probe")) {
            return null;
        } catch (TgtTarget.Unavailable e) {
            return e.getMessage();
        }
    }

    /** Opens the path (one session) to the LU through portal {@code i} and waits until it is logged in. */
    IscsiPath openPath(int i) throws Exception {
        IscsiPath path = transport.open(new IscsiPathName(tgt.portals().get(i), TgtTarget.IQN, TgtTarget.LUN));
        path.whenOnline().toCompletableFuture().get(ONLINE_SECONDS, TimeUnit.SECONDS);
        return path;
    }

    /** Logs out, stops tgtd by its PID and removes its files; never throws. */
    @Override
    public void close() {
        try {
            transport.close();
        } finally {
            tgt.close();
            delete(workParent);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException e) {
            // best effort: a temporary directory
        }
    }
}
