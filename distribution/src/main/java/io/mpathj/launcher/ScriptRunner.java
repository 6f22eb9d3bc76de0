package io.mpathj.launcher;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Runs Gogo commands from a script, one per line ({@code #} starts a comment), through the CommandProcessor
 * service. The service's classes live in the Gogo bundle, not on the launcher's class path, so it is driven by
 * reflection on its two published methods: {@code createSession(in, out, err)} and {@code execute(line)}.
 */
final class ScriptRunner {
    private static final String PROCESSOR = "org.apache.felix.service.command.CommandProcessor";
    private static final long WAIT_MILLIS = 20_000;

    private final BundleContext context;
    private final PrintStream out;
    private final PrintStream err;
    private Object session;

    ScriptRunner(BundleContext context, PrintStream out, PrintStream err) {
        this.context = context;
        this.out = out;
        this.err = err;
    }

    /** Waits (bounded) until the configured maps exist, so a script may use them from its first line. */
    void awaitMaps(List<String> names) throws Exception {
        long end = System.currentTimeMillis() + WAIT_MILLIS;
        for (String name : names) {
            while (true) {
                try {
                    execute("mpath:table " + name);
                    break;
                } catch (InvocationTargetException e) {
                    if (System.currentTimeMillis() > end) {
                        err.println("mpathj: map " + name + " is not ready after " + WAIT_MILLIS / 1000 + " s: "
                                + message(e) + " (see mpathj.log)");
                        break;
                    }
                    Thread.sleep(50);
                }
            }
        }
    }

    /** Runs every line; true if every command succeeded. */
    boolean run(Reader script) throws Exception {
        boolean ok = true;
        BufferedReader lines = new BufferedReader(script);
        for (String line; (line = lines.readLine()) != null;) {
            String command = line.strip();
            if (command.isEmpty() || command.startsWith("#")) {
                continue;
            }
            out.println("g! " + command);
            try {
                Object result = execute(command);
                if (result != null && !String.valueOf(result).isEmpty()) {
                    out.println(result);
                }
            } catch (InvocationTargetException e) {
                err.println("error: " + message(e));
                if (Boolean.getBoolean("mpathj.debug")) {
                    e.printStackTrace(err);
                }
                ok = false;
            }
            out.flush();
        }
        return ok;
    }

    private Object execute(String line) throws Exception {
        Object s = session();
        Method execute = s.getClass().getMethod("execute", CharSequence.class);
        execute.setAccessible(true);
        return execute.invoke(s, line);
    }

    private Object session() throws Exception {
        if (session == null) {
            ServiceTracker<Object, Object> tracker = new ServiceTracker<>(context,
                    context.createFilter("(objectClass=" + PROCESSOR + ")"), null);
            tracker.open(true);
            Object processor = tracker.waitForService(WAIT_MILLIS);
            if (processor == null) {
                throw new IOException("the Gogo command processor did not start within " + WAIT_MILLIS / 1000 + " s");
            }
            ServiceReference<Object> ref = tracker.getServiceReference();
            Class<?> type = ref.getBundle().loadClass(PROCESSOR);
            Method create = type.getMethod("createSession", java.io.InputStream.class, java.io.OutputStream.class,
                    java.io.OutputStream.class);
            session = create.invoke(processor, new ByteArrayInputStream(new byte[0]), out, err);
        }
        return session;
    }

    /** The command's own message: the cause of the reflective wrapper, without a stack trace. */
    private static String message(InvocationTargetException e) {
        Throwable t = e;
        while (t instanceof InvocationTargetException && t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
