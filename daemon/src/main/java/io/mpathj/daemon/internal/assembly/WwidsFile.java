package io.mpathj.daemon.internal.assembly;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The wwids file, multipath-tools' format (libmultipath/wwids.c): one {@code /WWID/} line per WWID that has been
 * multipathed, {@code #} comments. {@code find_multipaths strict} assembles only these; every mode adds the WWID
 * of a map it creates ({@code remember_wwid}).
 */
public final class WwidsFile {
    private static final Logger LOG = LoggerFactory.getLogger(WwidsFile.class);
    static final String HEADER = "# Multipath wwids, Version : 1.0\n"
            + "# NOTE: This file is automatically maintained by multipath and multipathd.\n"
            + "# You should not need to edit this file in normal circumstances.\n#\n# Valid WWIDs:\n";

    private final Path file;
    private final Set<String> wwids = new LinkedHashSet<>();

    private WwidsFile(Path file) {
        this.file = file;
    }

    public static WwidsFile read(Path file) {
        WwidsFile w = new WwidsFile(file);
        if (file != null && Files.isRegularFile(file)) {
            try {
                for (String[] entry : EtcFiles.contentLines(file)) {
                    String l = entry[1];
                    if (l.length() > 2 && l.startsWith("/") && l.endsWith("/")) {
                        w.wwids.add(l.substring(1, l.length() - 1));
                    }
                }
            } catch (IOException e) {
                LOG.warn("cannot read wwids file {}: {}", file, e.toString());
            }
        }
        return w;
    }

    public synchronized boolean contains(String wwid) {
        return wwids.contains(wwid);
    }

    /** Remembers a WWID (appended to the file at once); false when it was there. */
    public synchronized boolean remember(String wwid) {
        if (!wwids.add(wwid)) {
            return false;
        }
        if (file != null) {
            StringBuilder sb = new StringBuilder(HEADER);
            wwids.forEach(x -> sb.append('/').append(x).append("/\n"));
            try {
                EtcFiles.append(file, "/" + wwid + "/\n", sb);
            } catch (IOException e) {
                LOG.warn("cannot write wwids file {}: {}", file, e.toString());
            }
        }
        return true;
    }
}
