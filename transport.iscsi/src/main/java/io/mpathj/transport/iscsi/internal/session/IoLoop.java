package io.mpathj.transport.iscsi.internal.session;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one I/O thread of a transport: a selector for every connection, a timer queue, and a task queue for work handed
 * over from other threads. All session and connection state is touched on this thread only, so none of it needs a
 * lock, and many paths cost no thread each.
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

    /** Runs {@code task} on the I/O thread after {@code delayMillis}; call on the I/O thread. */
    Timer schedule(long delayMillis, Runnable task) {
        Timer timer = new Timer(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMillis), timerSequence++, task);
        timers.add(timer);
        return timer;
    }

    SelectionKey register(SelectableChannel channel, int ops, ReadyHandler handler) throws ClosedChannelException {
        return channel.register(selector, ops, handler);
    }

    private void run() {
        while (running) {
            try {
                runTasks();
                long waitMillis = runDueTimers();
                if (tasks.isEmpty()) {
                    selector.select(waitMillis);
                } else {
                    selector.selectNow();
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    if (key.isValid()) {
                        ((ReadyHandler) key.attachment()).onReady(key);
                    }
                }
                selector.selectedKeys().clear();
            } catch (IOException | RuntimeException e) {
                // one misbehaving handler must not stop the loop every path depends on
                LOG.error("iSCSI I/O loop: unexpected failure, continuing", e);
            }
        }
        runTasks();
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
