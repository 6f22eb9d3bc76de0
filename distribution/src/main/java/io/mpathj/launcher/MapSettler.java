package io.mpathj.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Holds the prompt (and a script's first line, and the client socket) until every map configured in {@code etc/}
 * has settled, so the first command sees them. With core's {@code mpath:config} (a header, then one row per map
 * configuration: {@code file map state detail}, state {@code created}, {@code waiting} or {@code error}) it waits
 * until every map file in etc/ is {@code created} or {@code error}, polling every 20 ms for at most 10 s, and
 * reports each error once on standard error ({@code mpathj: map X from etc/FILE: DETAIL}); a map that never
 * settles is reported after the 10 s and the container goes on.
 */
final class MapSettler {
    static final long POLL_MILLIS = 20;
    static final long CONFIG_WAIT_MILLIS = 10_000;

    private final Gogo gogo;
    private final Gogo.Session session;
    private final Path etc;
    private final PrintStream err;

    MapSettler(Gogo gogo, Gogo.Session session, Path etc, PrintStream err) {
        this.gogo = gogo;
        this.session = session;
        this.etc = etc;
        this.err = err;
    }

    /** @return false if a map file is in error or did not settle in time (each was reported) */
    boolean settle() throws IOException, InterruptedException {
        List<Path> files = mapFiles();
        if (files.isEmpty()) {
            return true;
        }
        if (!waitForCommand("mpath", "config")) {
            err.println("mpathj: the core's mpath:config command did not appear within " + CONFIG_WAIT_MILLIS / 1000
                    + " s (see mpathj.log)");
            return false;
        }
        return settleByConfig(files);
    }

    /** Core's commands appear shortly after the framework starts. */
    private boolean waitForCommand(String scope, String function) throws InterruptedException {
        long end = System.nanoTime() + CONFIG_WAIT_MILLIS * 1_000_000;
        while (System.nanoTime() < end) {
            if (gogo.hasCommand(scope, function)) {
                return true;
            }
            Thread.sleep(POLL_MILLIS);
        }
        return false;
    }

    private boolean settleByConfig(List<Path> files) throws InterruptedException {
        long end = System.nanoTime() + CONFIG_WAIT_MILLIS * 1_000_000;
        Map<String, String[]> rows = Map.of();
        while (true) {
            rows = configRows();
            boolean settled = true;
            for (Path f : files) {
                String[] row = rows.get(f.getFileName().toString());
                settled &= row != null && (row[2].equals("created") || row[2].equals("error"));
            }
            if (settled || System.nanoTime() > end) {
                break;
            }
            Thread.sleep(POLL_MILLIS);
        }
        boolean ok = true;
        for (Path f : files) {
            String[] row = rows.get(f.getFileName().toString());
            ok &= row != null && row[2].equals("created");
            if (row == null) {
                err.println("mpathj: etc/" + f.getFileName() + " was not read within " + CONFIG_WAIT_MILLIS / 1000
                        + " s (see mpathj.log)");
            } else if (row[2].equals("error")) {
                err.println("mpathj: map " + row[1] + " from etc/" + f.getFileName() + ": " + row[3]);
            } else if (!row[2].equals("created")) {
                err.println("mpathj: map " + row[1] + " from etc/" + f.getFileName() + " is still " + row[2]
                        + " after " + CONFIG_WAIT_MILLIS / 1000 + " s: " + row[3]);
            }
        }
        err.flush();
        return ok;
    }

    /** {@code mpath:config}'s rows by file name (the file column may be a bare name or a path). */
    private Map<String, String[]> configRows() {
        Map<String, String[]> rows = new LinkedHashMap<>();
        Object table;
        try {
            table = session.execute("mpath:config");
        } catch (Gogo.CommandFailed e) {
            return rows;
        }
        String[] lines = String.valueOf(table).split("\n");
        for (int i = 1; i < lines.length; i++) {
            String[] cols = lines[i].strip().split("\\s+", 4);
            if (cols.length >= 3) {
                String file = cols[0].substring(cols[0].lastIndexOf('/') + 1);
                rows.put(file, new String[] {file, cols[1], cols[2], cols.length > 3 ? cols[3] : ""});
            }
        }
        return rows;
    }

    private List<Path> mapFiles() throws IOException {
        try (Stream<Path> files = Files.list(etc)) {
            return files.filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith(Container.MAP_FACTORY_PID + "-") && (n.endsWith(".cfg") || n.endsWith(".config"));
            }).sorted().toList();
        }
    }
}
