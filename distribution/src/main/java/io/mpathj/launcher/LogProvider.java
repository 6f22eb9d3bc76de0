package io.mpathj.launcher;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Paths;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The slf4j backend of the container (found by slf4j's ServiceLoader in this jar): one line per event,
 * {@code 2026-11-30 10:42:37.123 [thread] INFO logger - message}, appended to a {@link RollingLog}. Configured by
 * system properties, which the launcher sets from its defaults before the first logger is made:
 * <ul>
 * <li>{@code mpathj.log.file}: the file (unset: standard error);</li>
 * <li>{@code mpathj.log.maxSize}: rotate when the file would grow past this ({@code 10M}; K, M, G suffixes);</li>
 * <li>{@code mpathj.log.files}: how many rotated files to keep ({@code 5});</li>
 * <li>{@code mpathj.log.level}: {@code error}, {@code warn}, {@code info} (default), {@code debug} or
 * {@code trace}.</li>
 * </ul>
 */
public final class LogProvider implements SLF4JServiceProvider {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    private ILoggerFactory factory;
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new NOPMDCAdapter();

    /** Made by slf4j's ServiceLoader. */
    public LogProvider() {
    }

    @Override
    public void initialize() {
        String file = System.getProperty("mpathj.log.file");
        Level threshold = Level.valueOf(System.getProperty("mpathj.log.level", "info").trim()
                .toUpperCase(Locale.ROOT));
        RollingLog log = file == null ? null : new RollingLog(Paths.get(file),
                RollingLog.parseSize(System.getProperty("mpathj.log.maxSize", "10M")),
                Integer.parseInt(System.getProperty("mpathj.log.files", "5").trim()), System.err);
        ConcurrentMap<String, Logger> loggers = new ConcurrentHashMap<>();
        factory = name -> loggers.computeIfAbsent(name, n -> new LineLogger(n, threshold, log));
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return factory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    /** One logger: formats the event as a line and hands it to the log (or standard error). */
    private static final class LineLogger extends LegacyAbstractLogger {
        private static final long serialVersionUID = 1L;
        private final transient Level threshold;
        private final transient RollingLog log;

        LineLogger(String name, Level threshold, RollingLog log) {
            this.name = name;
            this.threshold = threshold;
            this.log = log;
        }

        private boolean enabled(Level level) {
            return level.toInt() >= threshold.toInt();
        }

        @Override
        public boolean isTraceEnabled() {
            return enabled(Level.TRACE);
        }

        @Override
        public boolean isDebugEnabled() {
            return enabled(Level.DEBUG);
        }

        @Override
        public boolean isInfoEnabled() {
            return enabled(Level.INFO);
        }

        @Override
        public boolean isWarnEnabled() {
            return enabled(Level.WARN);
        }

        @Override
        public boolean isErrorEnabled() {
            return enabled(Level.ERROR);
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
                Throwable throwable) {
            StringBuilder line = new StringBuilder(128);
            line.append(LocalDateTime.now().format(TIME)).append(" [").append(Thread.currentThread().getName())
                    .append("] ").append(level).append(' ').append(name).append(" - ")
                    .append(MessageFormatter.basicArrayFormat(pattern, arguments)).append('\n');
            if (throwable != null) {
                StringWriter trace = new StringWriter();
                throwable.printStackTrace(new PrintWriter(trace));
                line.append(trace);
            }
            if (log == null) {
                System.err.print(line);
            } else {
                log.write(line.toString());
            }
        }
    }
}
