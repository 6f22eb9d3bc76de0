package io.mpathj.launcher;

import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.ServiceReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends what the framework and FileInstall report to the log instead of standard output: Felix's own messages (it
 * prints {@code ERROR: … missing requirement …} on stdout by default), framework error and warning events (a bundle
 * that fails to start or resolve, with the BundleException's message naming the missing requirement), and
 * java.util.logging, which FileInstall writes to.
 */
final class FrameworkLog extends org.apache.felix.framework.Logger {
    private static final Logger LOG = LoggerFactory.getLogger("org.apache.felix.framework");

    @Override
    protected void doLog(Bundle bundle, ServiceReference sr, int level, String msg, Throwable throwable) {
        String text = (bundle == null ? "" : bundle.getSymbolicName() + " [" + bundle.getBundleId() + "]: ") + msg
                + (throwable == null ? "" : ": " + throwable.getMessage());
        switch (level) {
            case LOG_ERROR -> LOG.error(text, throwable);
            case LOG_WARNING -> LOG.warn(text, throwable);
            case LOG_INFO -> LOG.info(text);
            default -> LOG.debug(text);
        }
    }

    /** A framework event: errors and warnings to the log, with the bundle and the exception's message. */
    static void frameworkEvent(FrameworkEvent event) {
        if (event.getType() != FrameworkEvent.ERROR && event.getType() != FrameworkEvent.WARNING) {
            return;
        }
        Bundle b = event.getBundle();
        Throwable t = event.getThrowable();
        String text = "framework event from " + (b == null ? "the framework" : b.getSymbolicName() + " ["
                + b.getBundleId() + "]") + ": " + (t == null ? "(no detail)" : t.getMessage());
        if (event.getType() == FrameworkEvent.ERROR) {
            LOG.error(text, t);
        } else {
            LOG.warn(text, t);
        }
    }

    /** Replaces java.util.logging's console handler with one that writes to the log. */
    static void routeJavaUtilLogging() {
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        root.addHandler(new Handler() {
            @Override
            public void publish(LogRecord r) {
                Logger log = LoggerFactory.getLogger(r.getLoggerName() == null ? "jul" : r.getLoggerName());
                String msg = r.getMessage();
                if (r.getParameters() != null && msg != null) {
                    msg = java.text.MessageFormat.format(msg, r.getParameters());
                }
                int level = r.getLevel().intValue();
                if (level >= java.util.logging.Level.SEVERE.intValue()) {
                    log.error(msg, r.getThrown());
                } else if (level >= java.util.logging.Level.WARNING.intValue()) {
                    log.warn(msg, r.getThrown());
                } else if (level >= java.util.logging.Level.INFO.intValue()) {
                    log.info(msg, r.getThrown());
                } else {
                    log.debug(msg, r.getThrown());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
    }
}
