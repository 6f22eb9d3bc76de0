package io.mpathj.core.internal;

import io.mpathj.api.map.MapEvent;
import io.mpathj.api.map.MapListener;
import io.mpathj.api.map.Multipath;
import io.mpathj.core.internal.map.MapEventSink;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Numbers map events across all maps (DM_SEQNUM) and delivers them to every listener in that order, on the
 * executor and never on the thread that emitted them (which holds a map's lock). One delivery task runs at a time.
 */
public final class MapEventBus implements MapEventSink {
    private static final Logger LOG = LoggerFactory.getLogger(MapEventBus.class);

    private final Executor executor;
    private final List<MapListener> listeners = new CopyOnWriteArrayList<>();
    private final ArrayDeque<MapEvent> pending = new ArrayDeque<>();
    private long sequence;
    private boolean delivering;

    public MapEventBus(Executor executor) {
        this.executor = executor;
    }

    @Override
    public void emit(String map, MapEvent.Kind kind, String path, int group, int validPaths, String detail) {
        synchronized (pending) {
            if (listeners.isEmpty()) {
                ++sequence; // numbered all the same: a listener that joins later sees the gap
                return;
            }
            pending.add(new MapEvent(kind, map, ++sequence, path, group, validPaths, detail));
            if (delivering) {
                return;
            }
            delivering = true;
        }
        try {
            executor.execute(this::deliver);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // shutting down: nobody is left to tell
            synchronized (pending) {
                pending.clear();
                delivering = false;
            }
        }
    }

    private void deliver() {
        while (true) {
            MapEvent event;
            synchronized (pending) {
                event = pending.poll();
                if (event == null) {
                    delivering = false;
                    return;
                }
            }
            for (MapListener listener : listeners) {
                try {
                    listener.mapEvent(event);
                } catch (RuntimeException e) {
                    LOG.warn("a map event listener failed on {} of {}: {}", event.kind(), event.map(), e.toString());
                }
            }
        }
    }

    public Multipath.Subscription listen(MapListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }
}
