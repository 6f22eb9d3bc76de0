package io.mpathj.export.nbd.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpathj.api.map.MapView;
import io.mpathj.api.map.PathView;
import io.mpathj.testkit.EngineHarness;
import io.mpathj.transport.iscsi.IscsiConfig;
import io.mpathj.transport.iscsi.IscsiPath;
import io.mpathj.transport.iscsi.IscsiPathName;
import io.mpathj.transport.iscsi.IscsiPortal;
import io.mpathj.transport.iscsi.IscsiTransport;
import io.mpathj.transport.iscsi.tgt.TgtTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The NBD export of a 2-portal iSCSI map over tgt on loopback while tgt kills one portal's connection, then the
 * other's ({@code tgtadm --op delete --mode conn}, as an administrator would): fio writes with crc32c verification
 * through the export and reports no error, the server answers no request with an error, each killed session logs in
 * again by itself and the reinstated path carries I/O again. Prints, for each kill, when the map failed the path,
 * when the session was back and the longest time without a completed request in the 200 ms after it (the server's
 * byte counters, sampled every millisecond), and fio's IOPS per 100 ms (the figures in BENCHMARKS.md). Skipped with a
 * message when tgt or fio is missing, failed instead under {@code CI=true}.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class NbdIscsiFailoverTest {
    private static final String MAP = "mpatha";
    private static final String INITIATOR = "iqn.2026-11.io.mpathj.test:nbd-failover";
    @TempDir
    Path tmp;

    @Test
    void fioVerifiesWhileEachPortalsConnectionIsKilled() throws Exception {
        Tools.require("fio", "fio");
        TgtTarget tgt = TgtTarget.startOrSkip(2);
        IscsiConfig config = IscsiConfig.builder().initiatorName(INITIATOR).reconnectDelay(Duration.ofMillis(100),
                Duration.ofSeconds(1)).build();
        try (tgt; IscsiTransport transport = new IscsiTransport(config);
                EngineHarness engine = new EngineHarness().paths(transport)) {
            List<IscsiPath> paths = new ArrayList<>();
            StringBuilder table = new StringBuilder("1 queue_if_no_path 0 1 1 round-robin 0 2 0");
            for (IscsiPortal portal : tgt.portals()) {
                IscsiPath path = transport.open(new IscsiPathName(portal, TgtTarget.IQN, TgtTarget.LUN));
                path.whenOnline().toCompletableFuture().get(20, TimeUnit.SECONDS);
                paths.add(path);
                table.append(' ').append(path.name());
            }
            engine.multipath().create(MAP, table.toString());
            try (NbdServer server = new NbdServer(engine.multipath())) {
                Path socket = server.listenUnix(tmp.resolve("s/nbd.sock"));
                server.export(MAP);
                Path log = tmp.resolve("fo");
                List<String> fio = List.of("fio", "--name=verify", "--ioengine=nbd",
                        "--uri=nbd+unix:///" + MAP + "?socket=" + socket, "--rw=randwrite", "--bs=4k",
                        "--iodepth=16", "--size=32m", "--verify=crc32c", "--do_verify=1", "--verify_fatal=1",
                        "--verify_state_save=0", "--loops=12", "--log_avg_msec=100", "--write_iops_log=" + log);
                CompletableFuture<Tools.Result> run = CompletableFuture.supplyAsync(() -> {
                    try {
                        return Tools.run(200, fio);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                long start = System.nanoTime();
                Progress progress = new Progress(server, start);
                progress.start();
                List<Long> kills = new ArrayList<>();
                List<TgtTarget.Conn> before = tgt.connections(1);
                assertEquals(2, before.size(), "one connection per portal: " + before);
                long sidKilledFirst = -1;
                for (int round = 0; round < 2; round++) {
                    long requests = requests(server);
                    Tools.await(() -> requests(server) > requests + 3000, "fio's requests before kill " + (round + 1));
                    // the second round kills the session the first one left alone (it kept its SID)
                    long spare = sidKilledFirst;
                    TgtTarget.Conn victim = round == 0 ? before.get(0)
                            : tgt.connections(1).stream().filter(c -> c.sid() != spare
                                    && before.stream().anyMatch(b -> b.sid() == c.sid())).findFirst().orElseThrow();
                    long kill = System.nanoTime() - start;
                    kills.add(kill);
                    tgt.deleteConnection(1, victim);
                    sidKilledFirst = victim.sid();
                    long deleted = System.nanoTime() - start;
                    // the map fails the path on the lost connection; the session logs in again by itself
                    Tools.await(() -> view(engine).validPaths() < 2, "the map failing the killed path");
                    long failed = System.nanoTime() - start;
                    Tools.await(() -> paths.stream().allMatch(IscsiPath::isOnline), "both sessions logged in again");
                    long online = System.nanoTime() - start;
                    // what multipathd's checker does for a path whose session is back: reinstate it
                    for (PathView p : view(engine).paths()) {
                        if (!p.active()) {
                            engine.multipath().message(MAP, "reinstate_path", p.name());
                        }
                    }
                    Tools.await(() -> view(engine).validPaths() == 2, "both paths valid again");
                    long reinstated = System.nanoTime() - start;
                    long[] ios = view(engine).paths().stream().mapToLong(PathView::ios).toArray();
                    try {
                        Tools.await(() -> {
                            List<PathView> now = view(engine).paths();
                            return now.get(0).ios() > ios[0] + 100 && now.get(1).ios() > ios[1] + 100;
                        }, "I/O on both paths after reinstatement");
                    } catch (AssertionError e) {
                        throw new AssertionError(e.getMessage() + "; map " + view(engine) + "; exports "
                                + server.exports() + "; fio " + (run.isDone() ? run.join().output() : "running"),
                                e);
                    }
                    Thread.sleep(1000);
                    // the kill's stall: failing over, then the session's login (about 100 ms later); fio's own
                    // pauses (its write and verify phases, loops) are longer and come anywhere
                    long[] gap = progress.longestGap(kill, kill + 200_000_000L);
                    long[] calm = progress.longestGap(kill - 200_000_000L, kill);
                    System.out.printf("kill %d at %d ms: tgtadm returned after %d ms, the map failed the path after"
                            + " %d ms, the session was logged in again after %d ms, reinstated after %d ms; longest"
                            + " time without a completed request in the 200 ms from the kill: %.1f ms (from %.1f ms"
                            + " after it); in the 200 ms before: %.1f ms%n", round + 1, ms(kill), ms(deleted - kill),
                            ms(failed - kill), ms(online - kill), ms(reinstated - kill), gap[0] / 1e6,
                            (gap[1] - kill) / 1e6, calm[0] / 1e6);
                }
                progress.interrupt();
                Tools.Result result = run.get(210, TimeUnit.SECONDS).ok(fio);
                assertTrue(result.output().contains("err= 0"), result.output());
                assertEquals(0, server.exports().get(0).errors(), "requests answered with an error");
                assertEquals(2, tgt.connections(1).size(), "two sessions again: " + tgt.connections(1));
                report(log, kills);
            }
        }
    }

    /** fio's IOPS per 100 ms from 0.5 s before to 2 s after each kill: where the stall shows. */
    private static void report(Path log, List<Long> killNanos) throws Exception {
        Path file = log.resolveSibling(log.getFileName() + "_iops.1.log");
        if (!Files.exists(file)) {
            System.out.println("fio wrote no IOPS log " + file);
            return;
        }
        List<long[]> samples = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            String[] f = line.split(",\\s*");
            samples.add(new long[] {Long.parseLong(f[0].trim()), Long.parseLong(f[1].trim())});
        }
        long median = samples.stream().mapToLong(s -> s[1]).sorted().toArray()[samples.size() / 2];
        System.out.println("NBD over iSCSI failover: fio IOPS per 100 ms, median " + median + "; kills at "
                + killNanos.stream().map(n -> TimeUnit.NANOSECONDS.toMillis(n) + " ms").toList()
                + " after the start of the test (fio's clock starts a little later)");
        StringBuilder series = new StringBuilder();
        for (long[] s : samples) {
            series.append(s[0]).append(':').append(s[1]).append(' ');
        }
        System.out.println("series (ms:IOPS) " + series);
    }

    private static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    /** Samples the export's completed bytes every millisecond: when each change was seen, from the test's start. */
    private static final class Progress extends Thread {
        private final NbdServer server;
        private final long start;
        private final List<Long> changes = java.util.Collections.synchronizedList(new ArrayList<>());

        Progress(NbdServer server, long start) {
            super("nbd-progress");
            setDaemon(true);
            this.server = server;
            this.start = start;
        }

        @Override
        public void run() {
            long last = -1;
            while (!isInterrupted()) {
                var stats = server.exports().get(0);
                long done = stats.bytesRead() + stats.bytesWritten();
                if (done != last) {
                    changes.add(System.nanoTime() - start);
                    last = done;
                }
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        /**
         * The longest time between two seen completions within {@code [from, to]} (nanoseconds from the start) and
         * when it began.
         */
        long[] longestGap(long from, long to) {
            long gap = 0;
            long began = from;
            long previous = from;
            synchronized (changes) {
                for (long t : changes) {
                    if (t < from) {
                        continue;
                    }
                    if (t > to) {
                        break;
                    }
                    if (t - previous > gap) {
                        gap = t - previous;
                        began = previous;
                    }
                    previous = t;
                }
            }
            return new long[] {gap, began};
        }
    }

    private static MapView view(EngineHarness engine) {
        return engine.multipath().view(MAP).orElseThrow();
    }

    private static long requests(NbdServer server) {
        return server.exports().get(0).requests();
    }

}
