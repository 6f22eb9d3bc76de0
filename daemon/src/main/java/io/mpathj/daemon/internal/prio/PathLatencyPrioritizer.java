package io.mpathj.daemon.internal.prio;

import io.mpathj.api.InvalidArgumentsException;
import io.mpathj.api.path.PathDevice;
import io.mpathj.api.prio.Prioritizer;
import io.mpathj.api.prio.PrioritizerType;
import io.mpathj.api.scsi.Cdbs;
import io.mpathj.api.scsi.ScsiCommand;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.bundle.Capability;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code path_latency} prioritizer (prioritizers/path_latency.c): {@code io_num} reads of block 0, one after
 * the other; the priority is how many steps of {@code base_num} the average latency lies below 100 s:
 * {@code log(100 s / avg) / log(base_num)}, with the average kept within 1 µs..100 s. Arguments
 * {@code io_num=20..200} (100) and {@code base_num=1.1..10} (10^(1/4): 4 steps per factor 10). A failed read: no
 * priority.
 */
@Component(service = PrioritizerType.class,
        property = PrioritizerType.NAME_PROPERTY + "=" + PathLatencyPrioritizer.NAME)
@Capability(namespace = PrioritizerType.CAPABILITY_NAMESPACE, name = PathLatencyPrioritizer.NAME)
public final class PathLatencyPrioritizer implements PrioritizerType {
    public static final String NAME = "path_latency";
    static final int DEFAULT_IO_NUM = 100;
    static final double DEFAULT_BASE_NUM = 1.77827941004;
    private static final double MAX_AVG_MICROS = 100_000_000.0;
    private static final double MIN_AVG_MICROS = 1.0;

    @Override
    public Prioritizer create(String args) throws InvalidArgumentsException {
        int ioNum = DEFAULT_IO_NUM;
        double base = DEFAULT_BASE_NUM;
        for (String word : args.strip().split("\\s+")) {
            if (word.isEmpty()) {
                continue;
            }
            String[] kv = word.split("=", 2);
            try {
                if (kv.length == 2 && kv[0].equals("io_num")) {
                    ioNum = Integer.parseInt(kv[1]);
                    if (ioNum < 20 || ioNum > 200) {
                        throw new InvalidArgumentsException("path_latency: io_num " + ioNum + " is outside 20..200");
                    }
                } else if (kv.length == 2 && kv[0].equals("base_num")) {
                    base = Double.parseDouble(kv[1]);
                    if (!(base >= 1.1 && base <= 10)) {
                        throw new InvalidArgumentsException("path_latency: base_num " + kv[1]
                                + " is outside 1.1..10");
                    }
                } else {
                    throw new InvalidArgumentsException("path_latency: unknown argument '" + word
                            + "' (io_num=N base_num=B)");
                }
            } catch (NumberFormatException e) {
                throw new InvalidArgumentsException("path_latency: '" + word + "' is not a number");
            }
        }
        int n = ioNum;
        double b = base;
        return (path, timeout) -> measure(path, timeout, n, b);
    }

    /** The priority for an average latency in microseconds. */
    static int priority(double averageMicros, double base) {
        double avg = Math.max(MIN_AVG_MICROS, Math.min(MAX_AVG_MICROS, averageMicros));
        return (int) Math.round(Math.log(MAX_AVG_MICROS / avg) / Math.log(base));
    }

    private static CompletionStage<Integer> measure(PathDevice path, Duration timeout, int ioNum, double base) {
        CompletableFuture<Integer> result = new CompletableFuture<>();
        int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        read(path, ScsiCommand.dataIn(Cdbs.read10(0, 1), ByteBuffer.allocate(4096)).withTimeoutMillis(millis),
                ioNum, 0, 0, base, result);
        return result;
    }

    private static void read(PathDevice path, ScsiCommand command, int left, int done, long totalNanos, double base,
            CompletableFuture<Integer> result) {
        if (left == 0) {
            result.complete(priority(totalNanos / 1000.0 / done, base));
            return;
        }
        long start = System.nanoTime();
        path.execute(command, r -> {
            if (!r.isGood()) {
                result.complete(Prioritizer.UNDEFINED);
            } else {
                read(path, command, left - 1, done + 1, totalNanos + System.nanoTime() - start, base, result);
            }
        });
    }
}
