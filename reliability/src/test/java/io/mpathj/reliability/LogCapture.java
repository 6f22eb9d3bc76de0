package io.mpathj.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Collects the WARNING and SEVERE records of every {@code io.mpathj} logger (slf4j-jdk14 routes slf4j to
 * java.util.logging; {@code logging.properties} prints nothing). Close it to detach.
 */
final class LogCapture extends Handler implements AutoCloseable {
    /** Held strongly: java.util.logging keeps loggers weakly, and a collected logger would lose the handler. */
    private static final Logger ROOT = Logger.getLogger("io.mpathj");

    private final List<String> lines = new ArrayList<>();

    LogCapture() {
        setLevel(Level.WARNING);
        ROOT.addHandler(this);
    }

    @Override
    public synchronized void publish(LogRecord record) {
        if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
            lines.add(record.getLevel() + " " + record.getLoggerName() + ": " + record.getMessage()
                    + (record.getThrown() == null ? "" : " [" + record.getThrown() + "]"));
        }
    }

    /** Every captured line so far. */
    synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    /** Captured lines containing {@code text}. */
    synchronized List<String> containing(String text) {
        return lines.stream().filter(l -> l.contains(text)).toList();
    }

    synchronized void reset() {
        lines.clear();
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        ROOT.removeHandler(this);
    }
}
