package io.mpathj.daemon.internal.assembly;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/** The assembly's files in etc/ (bindings, wwids): read without comments, replaced whole and atomically. */
final class EtcFiles {
    private EtcFiles() {
    }

    /** The file's lines with {@code #} comments and surrounding blanks removed, with their 1-based numbers. */
    static List<String[]> contentLines(Path file) throws IOException {
        List<String[]> out = new ArrayList<>();
        int n = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
            n++;
            String l = line.replaceFirst("#.*", "").strip();
            if (!l.isEmpty()) {
                out.add(new String[] {String.valueOf(n), l, line});
            }
        }
        return out;
    }

    /** Writes through a sibling temporary file and a rename, so a reader never sees half a file. */
    static void replace(Path file, CharSequence text) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.ISO_8859_1);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
