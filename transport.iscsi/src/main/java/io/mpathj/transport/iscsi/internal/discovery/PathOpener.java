package io.mpathj.transport.iscsi.internal.discovery;

import io.mpathj.transport.iscsi.IscsiPath;
import io.mpathj.transport.iscsi.IscsiPathName;

/** How path discovery opens paths, hands them out, and gives back those it does not hand out. */
public interface PathOpener {
    /** The path for a name; one discovery created stays provisional until {@link #claim}ed. */
    IscsiPath open(IscsiPathName name);

    /** The path is handed out: it stays open. */
    void claim(IscsiPathName name);

    /**
     * The path is not handed out: if discovery created it and nobody else opened it since, it is dropped, and so is
     * its session (logged out) when no other path uses it.
     */
    void abandon(IscsiPathName name);
}
