package io.mpathj.launcher;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    /** How long a script waits for the map files of etc/ to settle before its first line. */
    private static final long SETTLE_MILLIS = 10_000;

    private final BundleContext context;
    private final PrintStream out;
    private final PrintStream err;
    private Object session;

    ScriptRunner(BundleContext context, PrintStream out, PrintStream err) {
        this.context = context;
        this.out = out;
        this.err = err;
    }

    /**
     * Waits (bounded) until every map file of etc/ has settled, as {@code mpath:config} reports it: its map created,
     * or refused for good. So a script may use the configured maps from its first line, and a file that can never
     * work does not hold it up. Each file that is in error, or still waiting for a path or plug-in when the wait
     * ends, is reported on standard error.
     *
     * @return false if a map file is in error or did not settle
     */
    boolean awaitMaps(List<String> files) throws Exception {
        long end = System.currentTimeMillis() + SETTLE_MILLIS;
        Map<String, String[]> rows = configRows();
        while (!settled(files, rows) && System.currentTimeMillis() < end) {
            Thread.sleep(20);
            rows = configRows();
        }
        boolean ok = true;
        for (String f : files) {
            String[] row = rows.get(f);
            if (row == null) {
                err.println("mpathj: " + f + ": not read within " + SETTLE_MILLIS / 1000 + " s (see mpathj.log)");
                ok = false;
            } else if (!row[2].equals("created")) {
                err.println("mpathj: " + f + ": map " + row[1] + (row[2].equals("error") ? ": " : " is still "
                        + row[2] + ": ") + row[3]);
                ok = false;
            }
        }
        return ok;
    }

    private static boolean settled(List<String> files, Map<String, String[]> rows) {
        return files.stream().allMatch(f -> rows.containsKey(f)
                && (rows.get(f)[2].equals("created") || rows.get(f)[2].equals("error")));
    }

    /** {@code mpath:config}'s rows by file: file, map, state, detail. */
    private Map<String, String[]> configRows() throws Exception {
        Object table;
        try {
            table = execute("mpath:config");
        } catch (InvocationTargetException e) {
            return Map.of(); // the core's commands are not registered yet
        }
        Map<String, String[]> rows = new HashMap<>();
        String[] lines = String.valueOf(table).split("\n");
        for (int i = 1; i < lines.length; i++) {
            String[] cells = lines[i].split(" {2,}", 4);
            if (cells.length == 4) {
                rows.put(cells[0], cells);
            }
        }
        return rows;
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
