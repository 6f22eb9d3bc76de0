package io.mpathj.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files an operator writes in etc/, read by the container they start: every documented map key, unknown keys
 * warned about, bad values and duplicate names refused and shown by mpath:config, and no spurious warning when
 * everything is right.
 */
class OperatorConfigIT {
    @TempDir
    Path dir;
    private Launcher container;

    @BeforeEach
    void firstStart() throws Exception {
        container = new Launcher(dir);
        Launcher.Run first = container.script("mpath:ls");
        assertEquals(0, first.exit(), first.out() + first.err());
    }

    private void write(String file, String... lines) throws Exception {
        Files.writeString(container.home.resolve("etc").resolve(file), String.join("\n", lines) + "\n",
                StandardCharsets.UTF_8);
    }

    private String log() throws Exception {
        return Files.readString(container.home.resolve("mpathj.log"), StandardCharsets.UTF_8);
    }

    @Test
    void aCleanStartLogsNoWarningAndTheConfiguredMapIsThereFromTheFirstLine() throws Exception {
        Launcher.Run r = container.script("mpath:table mpatha");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("0 2097152 multipath 0 1 alua 2 1 round-robin"), r.out());
        assertFalse(Pattern.compile("\\b(WARN|ERROR)\\b").matcher(log()).find(), log());
    }

    @Test
    void everyDocumentedMapKeyIsReadFromTheFile() throws Exception {
        write("io.mpathj.sim.array-array2.cfg", "name=array2");
        write("io.mpathj.map-mpathq.cfg", "name=mpathq",
                "table=1 queue_if_no_path 1 alua 1 1 round-robin 0 2 0 sim:array2/A0/0 sim:array2/A1/0",
                "queue_if_no_path_timeout_ms=30000", "pg_init_timeout_ms=5000");
        Launcher.Run r = container.script("mpath:info mpathq", "mpath:config");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("Options:           queue_if_no_path_timeout_ms=30000 pg_init_timeout_ms=5000"),
                r.out());
        assertTrue(r.out().matches("(?s).*etc/io\\.mpathj\\.map-mpathq\\.cfg +mpathq +created +-.*"), r.out());
    }

    @Test
    void unknownKeysAreWarnedAboutAndBadValuesAreRefusedVisibly() throws Exception {
        write("io.mpathj.sim.array-array2.cfg", "name=array2");
        write("io.mpathj.map-typo.cfg", "name=mpatht",
                "table=0 0 1 1 round-robin 0 1 0 sim:array2/A0/0", "queue_if_no_path_timeout=30000");
        write("io.mpathj.map-bad.cfg", "name=mpathb", "table=0 0 1 1 round-robin 0 1 0 sim:array2/B0/0",
                "pg_init_timeout_ms=soon");
        write("io.mpathj.map-dup.cfg", "name=mpatha", "table=0 0 1 1 round-robin 0 1 0 sim:array2/A1/0");
        write("io.mpathj.map-never.cfg", "name=mpathn", "table=0 0 1 1 round-robin 0 1");
        long start = System.nanoTime();
        Launcher.Run r = container.script("mpath:config", "mpath:ls");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(1, r.exit(), "a map file in error fails the script: " + r.out() + r.err());
        assertTrue(r.out().matches("(?s).*etc/io\\.mpathj\\.map-bad\\.cfg +mpathb +error +pg_init_timeout_ms: 'soon' is "
                + "not a whole number.*"), r.out());
        // two files name mpatha: whichever was read first keeps it, the other is refused, naming it
        assertTrue(r.out().matches("(?s).*etc/io\\.mpathj\\.map-dup\\.cfg +mpatha +error +map mpatha is already defined "
                + "by etc/io\\.mpathj\\.map-mpatha\\.cfg.*")
                || r.out().matches("(?s).*etc/io\\.mpathj\\.map-mpatha\\.cfg +mpatha +error +map mpatha is already defined "
                + "by etc/io\\.mpathj\\.map-dup\\.cfg.*"), r.out());
        assertTrue(r.out().matches("(?s).*etc/io\\.mpathj\\.map-never\\.cfg +mpathn +error +.*"), r.out());
        assertTrue(r.out().matches("(?s).*etc/io\\.mpathj\\.map-typo\\.cfg +mpatht +created.*"), r.out());
        assertEquals("mpatha\nmpatht", r.out().substring(r.out().indexOf("g! mpath:ls") + 12).strip());
        String log = log();
        assertTrue(log.contains("WARN io.mpathj.core.internal.osgi.ConfiguredMap - etc/io.mpathj.map-typo.cfg: unknown "
                + "keys ignored: queue_if_no_path_timeout"), log);
        assertEquals(1, log.split("etc/io.mpathj.map-never.cfg: map mpathn not created", -1).length - 1,
                "a file that can never work is reported once: " + log);
        assertTrue(millis < 15_000, "a broken file does not hold the script up: " + millis + " ms");
    }
}
