package io.mpathj.core.internal.map;

import io.mpathj.api.StatusType;
import io.mpathj.api.handler.HardwareHandler;
import io.mpathj.api.selector.PathSelector;
import io.mpathj.api.selector.PathSelectorType;
import io.mpathj.core.internal.table.Features;
import io.mpathj.core.internal.table.QueueMode;
import java.util.Collections;
import java.util.List;

/**
 * Writes a map's status the way multipath_status does, word for word:
 *
 * <pre>
 * INFO:  2 &lt;queue_io&gt; &lt;pg_init_count&gt; &lt;#handler status&gt; [status]* &lt;#groups&gt; &lt;group&gt;
 *        [A|D|E &lt;#ps status&gt; [status]* &lt;#paths&gt; &lt;info_args&gt; [dev A|F fail_count [ps info]*]+]+
 * TABLE: &lt;#features&gt; [feature]* &lt;#handler args&gt; [name [handler status]*] &lt;#groups&gt; &lt;group&gt;
 *        [selector &lt;#ps status&gt; [status]* &lt;#paths&gt; &lt;table_args&gt; [dev [ps table]*]+]+
 * </pre>
 *
 * Every word is followed by one space, as the kernel's {@code DMEMIT("%s ", …)} writes it, so the line ends with a
 * space (what {@code dmsetup status} prints).
 */
final class MapStatusWriter {
    /** The word that stands for a plug-in whose provider left, where its own words would be. */
    static final String MISSING = "missing";

    private final MultipathMap map;
    private final StringBuilder out = new StringBuilder(128);

    MapStatusWriter(MultipathMap map) {
        this.map = map;
    }

    String write(StatusType type) {
        MultipathMap.StatusSnapshot s = map.snapshot();
        if (type == StatusType.INFO) {
            // multipath_status prints "0" for the handler in INFO: scsi_dh handlers have no status words there
            word(2).word(s.queueIo() ? 1 : 0).word(s.pgInitCount()).word(0);
        } else {
            words(featureWords(map.features(), s.queueIfNoPath()));
            if (map.handlerName() == null) {
                word(0);
            } else {
                List<String> words = handlerWords(StatusType.TABLE);
                word(1 + words.size()).word(map.handlerName()).words(words);
            }
        }
        word(map.groups().size()).word(s.pgNum());
        for (PriorityGroup pg : map.groups()) {
            PathSelectorType pst = pg.selectorType();
            if (type == StatusType.INFO) {
                word(pg.bypassed ? "D" : pg == s.currentPg() ? "A" : "E");
            } else {
                word(pg.selectorName());
            }
            PathSelector selector = pg.selector();
            counted(selector == null ? List.of() : selector.groupStatus(type));
            int perPath = type == StatusType.INFO ? pst.infoArgs() : pst.tableArgs();
            word(pg.paths().size()).word(perPath);
            for (PgPath p : pg.paths()) {
                word(p.name());
                if (type == StatusType.INFO) {
                    word(p.isActive() ? "A" : "F").word(p.failCount());
                }
                words(selector != null ? selector.pathStatus(p, type) : Collections.nCopies(perPath, MISSING));
            }
        }
        return out.toString();
    }

    /** The handler's TABLE words (none while its provider is missing). */
    private List<String> handlerWords(StatusType type) {
        HardwareHandler h = map.handler();
        return h != null ? h.status(type) : List.of();
    }

    /** The TABLE status's feature words, their count first, in the kernel's fixed order whatever the table's. */
    static List<String> featureWords(Features f, boolean queueIfNoPath) {
        boolean retries = f.pgInitRetries() > 0;
        boolean delay = f.pgInitDelayMsecs() != Features.PG_INIT_DELAY_DEFAULT;
        boolean bio = f.queueMode() == QueueMode.BIO_BASED;
        List<String> w = new java.util.ArrayList<>();
        w.add(String.valueOf((queueIfNoPath ? 1 : 0) + (retries ? 2 : 0) + (delay ? 2 : 0)
                + (f.retainAttachedHwHandler() ? 1 : 0) + (bio ? 2 : 0)));
        if (queueIfNoPath) {
            w.add("queue_if_no_path");
        }
        if (retries) {
            w.addAll(List.of("pg_init_retries", String.valueOf(f.pgInitRetries())));
        }
        if (delay) {
            w.addAll(List.of("pg_init_delay_msecs", String.valueOf(f.pgInitDelayMsecs())));
        }
        if (f.retainAttachedHwHandler()) {
            w.add("retain_attached_hw_handler");
        }
        if (bio) {
            w.addAll(List.of("queue_mode", "bio"));
        }
        return w;
    }

    private void counted(List<String> words) {
        word(words.size()).words(words);
    }

    private MapStatusWriter words(List<String> words) {
        for (String w : words) {
            word(w);
        }
        return this;
    }

    private MapStatusWriter word(Object w) {
        out.append(w).append(' ');
        return this;
    }
}
