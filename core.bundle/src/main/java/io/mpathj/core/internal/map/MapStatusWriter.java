package io.mpathj.core.internal.map;

import io.mpathj.api.StatusType;
import io.mpathj.api.selector.PathSelectorType;
import io.mpathj.core.internal.table.Features;
import io.mpathj.core.internal.table.QueueMode;
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
 * Words are separated by one space, without the kernel's trailing space.
 */
final class MapStatusWriter {
    private final MultipathMap map;
    private final StringBuilder out = new StringBuilder(128);

    MapStatusWriter(MultipathMap map) {
        this.map = map;
    }

    String write(StatusType type) {
        MultipathMap.StatusSnapshot s = map.snapshot();
        if (type == StatusType.INFO) {
            word(2).word(s.queueIo() ? 1 : 0).word(s.pgInitCount());
            counted(map.handler() == null ? List.of() : map.handler().status(StatusType.INFO));
        } else {
            writeFeatures(map.features(), s.queueIfNoPath());
            if (map.handler() == null) {
                word(0);
            } else {
                List<String> words = map.handler().status(StatusType.TABLE);
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
            counted(pg.selector().groupStatus(type));
            word(pg.paths().size()).word(type == StatusType.INFO ? pst.infoArgs() : pst.tableArgs());
            for (PgPath p : pg.paths()) {
                word(p.name());
                if (type == StatusType.INFO) {
                    word(p.isActive() ? "A" : "F").word(p.failCount());
                }
                words(pg.selector().pathStatus(p, type));
            }
        }
        return out.toString();
    }

    /** Features in the kernel's fixed order, whatever order the table gave them in. */
    private void writeFeatures(Features f, boolean queueIfNoPath) {
        boolean retries = f.pgInitRetries() > 0;
        boolean delay = f.pgInitDelayMsecs() != Features.PG_INIT_DELAY_DEFAULT;
        boolean bio = f.queueMode() == QueueMode.BIO_BASED;
        word((queueIfNoPath ? 1 : 0) + (retries ? 2 : 0) + (delay ? 2 : 0) + (f.retainAttachedHwHandler() ? 1 : 0)
                + (bio ? 2 : 0));
        if (queueIfNoPath) {
            word("queue_if_no_path");
        }
        if (retries) {
            word("pg_init_retries").word(f.pgInitRetries());
        }
        if (delay) {
            word("pg_init_delay_msecs").word(f.pgInitDelayMsecs());
        }
        if (f.retainAttachedHwHandler()) {
            word("retain_attached_hw_handler");
        }
        if (bio) {
            word("queue_mode").word("bio");
        }
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
        if (out.length() > 0) {
            out.append(' ');
        }
        out.append(w);
        return this;
    }
}
