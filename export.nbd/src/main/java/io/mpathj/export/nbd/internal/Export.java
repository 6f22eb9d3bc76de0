package io.mpathj.export.nbd.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** One exported map: its connections and what they did, for {@code nbd:exports}. */
final class Export {
    final String name;
    final Set<Connection> clients = ConcurrentHashMap.newKeySet();
    final LongAdder requests = new LongAdder();
    final LongAdder bytesRead = new LongAdder();
    final LongAdder bytesWritten = new LongAdder();
    final LongAdder errors = new LongAdder();

    Export(String name) {
        this.name = name;
    }

    /** A snapshot of the counters. */
    ExportStats stats() {
        return new ExportStats(name, clients.size(), requests.sum(), bytesRead.sum(), bytesWritten.sum(),
                errors.sum());
    }

    /**
     * @param name the export's (and map's) name
     * @param clients connections now attached
     * @param requests requests received since the export was made
     * @param bytesRead bytes read by clients
     * @param bytesWritten bytes written (and zeroed) by clients
     * @param errors requests answered with an error
     */
    record ExportStats(String name, int clients, long requests, long bytesRead, long bytesWritten, long errors) {
    }
}
