package io.mpathj.storage.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManualSimTimeTest {
    private final ManualSimTime time = new ManualSimTime();
    private final List<String> events = new ArrayList<>();

    @Test
    void tasksRunInDueOrderThenSchedulingOrder() {
        time.schedule(Duration.ofMillis(20), () -> events.add("b"));
        time.schedule(Duration.ofMillis(10), () -> events.add("a"));
        time.schedule(Duration.ofMillis(20), () -> events.add("c"));
        time.advance(Duration.ofMillis(19));
        assertEquals(List.of("a"), events);
        time.advance(Duration.ofMillis(1));
        assertEquals(List.of("a", "b", "c"), events);
        assertEquals(Duration.ofMillis(20).toNanos(), time.nanoTime());
    }

    @Test
    void tasksScheduledByTasksRunInTheSameAdvanceWhenDue() {
        time.schedule(Duration.ofMillis(5), () -> {
            events.add("first at " + time.nanoTime() / 1_000_000);
            time.schedule(Duration.ofMillis(5), () -> events.add("second at " + time.nanoTime() / 1_000_000));
        });
        time.advance(Duration.ofMillis(10));
        assertEquals(List.of("first at 5", "second at 10"), events);
    }

    @Test
    void cancelledTasksDoNotRun() {
        time.schedule(Duration.ofMillis(5), () -> events.add("x")).cancel();
        time.advance(Duration.ofMillis(10));
        assertEquals(List.of(), events);
        assertEquals(0, time.pendingTasks());
    }
}
