package io.mpathj.storage.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Time that moves only when {@link #advance} is called; due tasks run on the advancing thread in due-time order
 * (ties in scheduling order). Deterministic: the same script gives the same sequence of events.
 */
public final class ManualSimTime implements SimTime {
    private final Object lock = new Object();
    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private long now;
    private long sequence;

    @Override
    public long nanoTime() {
        synchronized (lock) {
            return now;
        }
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        synchronized (lock) {
            Task t = new Task(now + Math.max(0, delay.toNanos()), sequence++, task);
            queue.add(t);
            return () -> cancel(t);
        }
    }

    /** Moves time forward by {@code step}, running every task that falls due on the way. */
    public void advance(Duration step) {
        long target;
        synchronized (lock) {
            target = now + step.toNanos();
        }
        while (true) {
            Task next;
            synchronized (lock) {
                next = queue.peek();
                if (next == null || next.due > target) {
                    now = target;
                    return;
                }
                queue.poll();
                now = next.due;
            }
            // outside the lock: the task may schedule more tasks
            next.action.run();
        }
    }

    /** How many tasks are waiting to fall due. */
    public int pendingTasks() {
        synchronized (lock) {
            return queue.size();
        }
    }

    /** The due times of waiting tasks, relative to now, for assertions. */
    public List<Duration> pendingDelays() {
        synchronized (lock) {
            List<Duration> out = new ArrayList<>();
            queue.stream().sorted().forEach(t -> out.add(Duration.ofNanos(t.due - now)));
            return out;
        }
    }

    private void cancel(Task t) {
        synchronized (lock) {
            queue.remove(t);
        }
    }

    private record Task(long due, long seq, Runnable action) implements Comparable<Task> {
        @Override
        public int compareTo(Task o) {
            int c = Long.compare(due, o.due);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }
}
