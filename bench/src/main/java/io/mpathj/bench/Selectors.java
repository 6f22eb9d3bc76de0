package io.mpathj.bench;

import io.mpathj.api.selector.PathSelectorType;
import io.mpathj.selector.historical_service_time.internal.HistoricalServiceTimePathSelectorType;
import io.mpathj.selector.io_affinity.internal.IoAffinityPathSelectorType;
import io.mpathj.selector.queue_length.internal.QueueLengthPathSelectorType;
import io.mpathj.selector.round_robin.RoundRobin;
import io.mpathj.selector.service_time.internal.ServiceTimePathSelectorType;
import java.util.ArrayList;
import java.util.List;

/** The five path selectors by table name, and the per-path words each is given in the selector benchmarks. */
final class Selectors {
    private Selectors() {
    }

    static PathSelectorType type(String name) {
        return switch (name) {
            case RoundRobin.NAME -> RoundRobin.type();
            case QueueLengthPathSelectorType.NAME -> new QueueLengthPathSelectorType();
            case ServiceTimePathSelectorType.NAME -> new ServiceTimePathSelectorType();
            case HistoricalServiceTimePathSelectorType.NAME -> new HistoricalServiceTimePathSelectorType();
            case IoAffinityPathSelectorType.NAME -> new IoAffinityPathSelectorType();
            default -> throw new IllegalArgumentException("no selector " + name);
        };
    }

    /**
     * Each path's words: none, but io-affinity's CPU mask, path i taking the CPUs c with c mod paths = i; a path
     * that gets no CPU (fewer processors than paths) is left out, as the kernel would refuse it.
     */
    static List<List<String>> pathArgs(String name, int paths) {
        List<List<String>> args = new ArrayList<>();
        int cpus = Runtime.getRuntime().availableProcessors();
        for (int i = 0; i < paths; i++) {
            if (!name.equals(IoAffinityPathSelectorType.NAME)) {
                args.add(List.of());
                continue;
            }
            StringBuilder mask = new StringBuilder();
            for (int c = cpus - 1; c >= 0; c--) {
                mask.append(c % paths == i ? '1' : '0');
            }
            String bits = mask.toString();
            if (bits.indexOf('1') >= 0) {
                args.add(List.of(new java.math.BigInteger(bits, 2).toString(16)));
            }
        }
        return args;
    }
}
