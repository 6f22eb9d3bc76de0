package io.mpathj.selector.queue_length.internal;

import io.mpathj.api.InvalidArgumentsException;
import io.mpathj.api.StatusType;
import io.mpathj.api.path.MapPath;
import io.mpathj.api.selector.LoadBalancingSelector;
import io.mpathj.api.selector.SelectorArgs;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One priority group's queue-length selector: the usable path with the fewest I/Os in flight, the first such path in
 * the list on a tie, and the chosen path goes to the tail of the list (so equally loaded paths take turns).
 * The kernel stops its scan at the first idle path; no later path can be less loaded than an idle one, so scanning
 * on picks the same path.
 */
final class QueueLengthSelector extends LoadBalancingSelector<QueueLengthSelector.Path> {
    QueueLengthSelector(Consumer<String> warnings) {
        super(warnings);
    }

    /** [repeat_count]: QL_MIN_IO (1) when absent, above 1 used as 1. */
    @Override
    public void addPath(MapPath path, List<String> args) throws InvalidArgumentsException {
        long repeatCount = repeatCount(SelectorArgs.repeatCount(QueueLengthPathSelectorType.NAME, args, 1));
        add(new Path(path, repeatCount));
    }

    @Override
    protected boolean lessLoaded(Path candidate, Path best, long nrBytes) {
        return candidate.inFlight.get() < best.inFlight.get();
    }

    @Override
    public void startIo(MapPath path, long nrBytes) {
        Path p = ownEntry(path);
        if (p != null) {
            p.inFlight.incrementAndGet();
        }
    }

    @Override
    public void endIo(MapPath path, long nrBytes, long startNanos) {
        Path p = ownEntry(path);
        if (p != null) {
            release(p.inFlight, 1);
        }
    }

    /** TABLE: the path's repeat count; INFO: its in-flight I/O count (the kernel's {@code qlen}). */
    @Override
    public List<String> pathStatus(MapPath path, StatusType type) {
        Path p = entryOf(path);
        return type == StatusType.TABLE ? p.tableWords : List.of(Long.toString(p.inFlight.get()));
    }

    /** A path's entry (the kernel's {@code path_info}). */
    static final class Path extends LoadBalancingSelector.Entry {
        final List<String> tableWords;
        final AtomicLong inFlight = new AtomicLong();

        Path(MapPath path, long repeatCount) {
            super(path);
            this.tableWords = List.of(Long.toString(repeatCount));
        }
    }
}
