package io.mpathj.launcher;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Gogo's CommandProcessor as the launcher sees it. Its classes live in the Gogo runtime bundle, not on the
 * launcher's class path, so it is driven by reflection on its published API: {@code createSession(in, out, err)},
 * {@code CommandSession.execute(line)}, {@code foregroundJob()} and {@code Job.interrupt()}.
 */
final class Gogo {
    private static final String PROCESSOR = "org.apache.felix.service.command.CommandProcessor";
    private static final String SESSION = "org.apache.felix.service.command.CommandSession";
    private static final String JOB = "org.apache.felix.service.command.Job";
    private static final long WAIT_MILLIS = 20_000;

    private final BundleContext context;
    private final ServiceTracker<Object, Object> tracker;

    Gogo(BundleContext context) throws InvalidSyntaxException {
        this.context = context;
        tracker = new ServiceTracker<>(context, context.createFilter("(objectClass=" + PROCESSOR + ")"), null);
        tracker.open(true);
    }

    /** A new session whose commands print to these streams (and read nothing). */
    Session open(PrintStream out, PrintStream err) throws IOException {
        try {
            Object processor = tracker.waitForService(WAIT_MILLIS);
            if (processor == null) {
                throw new IOException("the Gogo command processor did not start within " + WAIT_MILLIS / 1000
                        + " s");
            }
            ServiceReference<Object> ref = tracker.getServiceReference();
            Class<?> type = ref.getBundle().loadClass(PROCESSOR);
            Class<?> sessionType = ref.getBundle().loadClass(SESSION);
            Class<?> jobType = ref.getBundle().loadClass(JOB);
            Method create = type.getMethod("createSession", java.io.InputStream.class, java.io.OutputStream.class,
                    java.io.OutputStream.class);
            Object session = create.invoke(processor, new ByteArrayInputStream(new byte[0]), out, err);
            sessionType.getMethod("execute", CharSequence.class).invoke(session, ShellCommands.HELP_FUNCTION);
            return new Session(session, sessionType.getMethod("execute", CharSequence.class),
                    sessionType.getMethod("foregroundJob"), jobType.getMethod("interrupt"),
                    jobType.getMethod("status"), sessionType.getMethod("close"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the Gogo command processor", e);
        } catch (ReflectiveOperationException e) {
            throw new IOException("the Gogo runtime does not have the expected API: " + e, e);
        }
    }

    /** Whether a command {@code scope:function} is registered (as a Gogo command service). */
    boolean hasCommand(String scope, String function) {
        try {
            ServiceReference<?>[] refs = context.getServiceReferences((String) null,
                    "(&(osgi.command.scope=" + scope + ")(osgi.command.function=" + function + "))");
            return refs != null && refs.length > 0;
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException("not a command name: " + scope + ":" + function, e);
        }
    }

    void close() {
        tracker.close();
    }

    /** One CommandSession. */
    static final class Session {
        private final Object session;
        private final Method execute;
        private final Method currentJob;
        private final Method interrupt;
        private final Method close;
        private final Method status;
        /** The job Ctrl-C interrupted, until the command that ran it has returned. */
        private volatile Object interruptedJob;

        private Session(Object session, Method execute, Method currentJob, Method interrupt, Method status,
                Method close) {
            this.session = session;
            this.status = status;
            this.execute = execute;
            this.currentJob = currentJob;
            this.interrupt = interrupt;
            this.close = close;
        }

        /**
         * Runs a command line; its result (null for none).
         *
         * @throws CommandFailed with the command's own message when it fails
         */
        Object execute(String line) throws CommandFailed {
            try {
                return execute.invoke(session, line);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof InterruptedException) {
                    awaitInterruptedJob();
                }
                throw new CommandFailed(e.getCause() == null ? e : e.getCause());
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot call CommandSession.execute", e);
            }
        }

        /** Interrupts the command running in this session, if any (as Ctrl-C does in the shell). */
        void interrupt() {
            try {
                Object job = currentJob.invoke(session);
                if (job != null) {
                    interruptedJob = job;
                    interrupt.invoke(job);
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot interrupt the Gogo job", e);
            }
        }

        /**
         * Gogo's execute returns as soon as its job is interrupted, while the command may still be finishing (an
         * I/O workload drains and prints its summary): wait, bounded, until the job is done, so what it prints comes
         * before the next prompt, as in the shell.
         */
        private void awaitInterruptedJob() {
            Object job = interruptedJob;
            interruptedJob = null;
            if (job == null) {
                return;
            }
            try {
                long end = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(70);
                while (!"Done".equals(String.valueOf(status.invoke(job))) && System.nanoTime() < end) {
                    Thread.sleep(10);
                }
            } catch (ReflectiveOperationException e) {
                // no status to wait for: go on
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void close() {
            try {
                close.invoke(session);
            } catch (ReflectiveOperationException e) {
                // the session is gone with its framework
            }
        }
    }

    /** A command failed: its message is the command's own, never a stack trace. */
    static final class CommandFailed extends Exception {
        private static final long serialVersionUID = 1L;

        CommandFailed(Throwable cause) {
            super(cause instanceof InterruptedException ? "interrupted"
                    : cause.getMessage() == null ? cause.toString() : cause.getMessage(), cause);
        }
    }
}
