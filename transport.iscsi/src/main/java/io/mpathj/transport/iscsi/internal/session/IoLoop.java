package io.mpathj.transport.iscsi.internal.session;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one I/O thread of a transport: a selector for every connection, a timer queue, and a task queue for work handed
 * over from other threads. All session and connection state is touched by one thread at a time, the holder of the
 * loop's lock: the I/O thread, which holds it except while it waits in the selector, or a caller that
 * {@link #runIfIdle runs a submission inline} while the I/O thread waits (no wake-up, no thread hand-off for a
 * command sent into an idle session). So none of that state needs a lock of its own, and many paths cost no thread
 * each.
 *
 * <p>PDUs queued on a connection during a task, a timer or a ready channel are written together, in one gathering
 * write per connection, before the loop waits again.
 */
public final class IoLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IoLoop.class);

    /** What a registered channel is told when the selector finds it ready. */
    interface ReadyHandler {
        void onReady(SelectionKey key);
    }

    private final Selector selector;
    private final Thread thread;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    /** Held by whoever touches session state: the I/O thread except while it selects, or an inline submitter. */
    private final ReentrantLock owner = new ReentrantLock();
    /** Connections with PDUs queued since the last flush, in the order they were first queued. */
    private final List<Connection> unflushed = new ArrayList<>();
    private volatile boolean running = true;
    private long timerSequence;

    public IoLoop(ThreadFactory threadFactory) {
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
        this.thread = threadFactory.newThread(this::run);
        thread.start();
    }

    /**
     * Runs {@code task} on the I/O thread, soon. Safe from any thread. False when the loop has stopped and the task
     * will never run, so that callers can complete what they promised instead of leaving it hanging.
     */
    public boolean execute(Runnable task) {
        tasks.add(task);
        if (!running && tasks.remove(task)) {
            return false;
        }
        selector.wakeup();
        return true;
    }

    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /**
     * Runs {@code task} now, on the calling thread, when the I/O thread is waiting in the selector (or between two
     * rounds) and no task is queued, so the task keeps its place after everything queued before it; the PDUs it
     * queues are written before this returns. The task returns false when it cannot finish inline (a command that
     * would wait for the CmdSN window, a session not logged in…): it must then have changed nothing, and the caller
     * hands the work to {@link #execute}. False as well, without running the task, when the loop is busy, has
     * stopped, or the caller is the I/O thread itself or already inside an inline task (where state may be mid-way
     * through an iteration). Whatever the task completes it must not complete here: the caller may hold locks.
     */
    public boolean runIfIdle(BooleanSupplier task) {
        if (Thread.currentThread() == thread || owner.isHeldByCurrentThread() || !owner.tryLock()) {
            return false;
        }
        try {
            if (!running || !tasks.isEmpty() || !task.getAsBoolean()) {
                return false;
            }
            flushConnections();
            return true;
        } finally {
            owner.unlock();
        }
    }

    /** Runs {@code task} on the I/O thread after {@code delayMillis}; call with the loop's lock held. */
    Timer schedule(long delayMillis, Runnable task) {
        Timer timer = new Timer(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMillis), timerSequence++, task);
        timers.add(timer);
        wakeIfOther(); // an inline task's timer may be due before the selector's current wait ends
        return timer;
    }

    SelectionKey register(SelectableChannel channel, int ops, ReadyHandler handler) throws ClosedChannelException {
        SelectionKey key = channel.register(selector, ops, handler);
        wakeIfOther();
        return key;
    }

    /** A change made by an inline task that the selector must see (a new key, interest in OP_WRITE, a timer). */
    void wakeIfOther() {
        if (Thread.currentThread() != thread) {
            selector.wakeup();
        }
    }

    /** A connection queued PDUs: it is flushed before the loop (or the inline task) lets go of the lock. */
    void unflushed(Connection connection) {
        unflushed.add(connection);
    }

    private void flushConnections() {
        // a flush can fail and close its connection, whose listener may queue PDUs on another one: index loop
        for (int i = 0; i < unflushed.size(); i++) {
            unflushed.get(i).flush();
        }
        unflushed.clear();
    }

    private void run() {
        owner.lock();
        try {
            while (running) {
                try {
                    runTasks();
                    long waitMillis = runDueTimers();
                    flushConnections();
                    if (tasks.isEmpty()) {
                        owner.unlock();
                        try {
                            selector.select(waitMillis);
                        } finally {
                            owner.lock();
                        }
                    } else {
                        selector.selectNow();
                    }
                    for (SelectionKey key : selector.selectedKeys()) {
                        if (key.isValid()) {
                            ((ReadyHandler) key.attachment()).onReady(key);
                        }
                    }
                    selector.selectedKeys().clear();
                    flushConnections();
                } catch (IOException | RuntimeException e) {
                    // one misbehaving handler must not stop the loop every path depends on
                    LOG.error("iSCSI I/O loop: unexpected failure, continuing", e);
                }
            }
            runTasks();
            flushConnections();
        } finally {
            owner.unlock();
        }
        try {
            selector.close();
        } catch (IOException e) {
            LOG.debug("closing the selector", e);
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("iSCSI I/O loop: task failed", e);
            }
        }
    }

    /** Runs the timers that are due; returns how long the selector may sleep (0 = no timer, wait for I/O). */
    private long runDueTimers() {
        while (!timers.isEmpty()) {
            Timer next = timers.peek();
            if (next.cancelled) {
                timers.poll();
                continue;
            }
            long remaining = next.deadline - System.nanoTime();
            if (remaining > 0) {
                return Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining));
            }
            timers.poll();
            try {
                next.task.run();
            } catch (RuntimeException e) {
                LOG.error("iSCSI I/O loop: timer failed", e);
            }
        }
        return 0;
    }

    /** Stops the thread after the queued tasks ran; waits for it at most {@code timeoutMillis}. */
    public void close(long timeoutMillis) {
        running = false;
        selector.wakeup();
        if (!inLoop()) {
            try {
                thread.join(timeoutMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        close(5_000);
    }

    /** A pending timer; {@link #cancel()} is cheap and may be called more than once. */
    static final class Timer implements Comparable<Timer> {
        private final long deadline;
        private final long sequence;
        private final Runnable task;
        private boolean cancelled;

        private Timer(long deadline, long sequence, Runnable task) {
            this.deadline = deadline;
            this.sequence = sequence;
            this.task = task;
        }

        void cancel() {
            cancelled = true;
        }

        @Override
        public int compareTo(Timer o) {
            int byTime = Long.compare(deadline - o.deadline, 0);
            return byTime != 0 ? byTime : Long.compare(sequence, o.sequence);
        }
    }
}
