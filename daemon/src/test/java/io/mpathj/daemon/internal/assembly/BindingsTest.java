package io.mpathj.daemon.internal.assembly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bindings file (user_friendly_names) and the wwids file: formats, allocation, survival of a restart. */
class BindingsTest {
    @TempDir
    Path dir;

    @Test
    void suffixesAsMultipathTools() {
        assertEquals("a", Bindings.suffix(0));
        assertEquals("z", Bindings.suffix(25));
        assertEquals("aa", Bindings.suffix(26));
        assertEquals("az", Bindings.suffix(51));
        assertEquals("ba", Bindings.suffix(52));
        assertEquals("zz", Bindings.suffix(701));
        assertEquals("aaa", Bindings.suffix(702));
    }

    @Test
    void namesAreStableAcrossARestartAndSkipTakenNames() throws Exception {
        Path file = dir.resolve("bindings");
        Bindings b = Bindings.read(file);
        assertEquals("mpatha", b.bind("3600a", "mpath", n -> false));
        assertEquals("mpathc", b.bind("3600b", "mpath", n -> n.equals("mpathb")), "mpathb is a hand-written map");
        assertEquals("mpatha", b.bind("3600a", "mpath", n -> true), "bound once, kept");
        String text = Files.readString(file);
        assertTrue(text.startsWith("# Multipath bindings, Version : 1.0"), text);
        assertTrue(text.contains("\nmpatha 3600a\nmpathc 3600b\n"), text);

        Bindings again = Bindings.read(file); // the container restarted
        assertEquals("mpatha", again.alias("3600a"));
        assertEquals("mpathc", again.alias("3600b"));
        assertEquals("mpathb", again.bind("3600c", "mpath", n -> false));
    }

    @Test
    void aNewBindingIsAppendedOrTheFileWrittenWholeWhenItsLastLineIsCut() throws Exception {
        Path file = dir.resolve("bindings");
        Bindings b = Bindings.read(file);
        b.bind("3600a", "mpath", n -> false);
        b.bind("3600b", "mpath", n -> false);
        assertEquals(Bindings.HEADER + "mpatha 3600a\nmpathb 3600b\n", Files.readString(file));
        Files.writeString(file, "mpatha 3600a\nmpathb 3600b"); // edited by hand, no final newline
        Bindings again = Bindings.read(file);
        assertEquals("mpathc", again.bind("3600c", "mpath", n -> false));
        assertEquals(Bindings.HEADER + "mpatha 3600a\nmpathb 3600b\nmpathc 3600c\n", Files.readString(file));
        Path wwids = dir.resolve("wwids");
        WwidsFile w = WwidsFile.read(wwids);
        w.remember("3600a");
        w.remember("3600b");
        assertEquals(WwidsFile.HEADER + "/3600a/\n/3600b/\n", Files.readString(wwids));
    }

    @Test
    void malformedAndDuplicateLinesAreIgnored() throws Exception {
        Path file = dir.resolve("bindings");
        Files.writeString(file, "# comment\nmpatha 3600a # trailing\nmpatha 3600b\nmpathb 3600a\nlonely\n"
                + "mpathq 3600q\n");
        Bindings b = Bindings.read(file);
        assertEquals("mpatha", b.alias("3600a"));
        assertEquals("mpathq", b.alias("3600q"));
        assertEquals(2, b.all().size());
        assertEquals("mpathb", b.bind("3600b", "mpath", n -> false));
    }

    @Test
    void wwidsFileRemembersAcrossARestart() throws Exception {
        Path file = dir.resolve("wwids");
        WwidsFile w = WwidsFile.read(file);
        assertFalse(w.contains("3600a"));
        assertTrue(w.remember("3600a"));
        assertFalse(w.remember("3600a"));
        assertTrue(Files.readString(file).contains("\n/3600a/\n"));
        assertTrue(WwidsFile.read(file).contains("3600a"));
    }
}
