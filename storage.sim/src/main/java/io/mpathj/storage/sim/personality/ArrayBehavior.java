package io.mpathj.storage.sim.personality;

import io.mpathj.api.scsi.ScsiCommand;
import io.mpathj.api.scsi.ScsiResult;
import io.mpathj.api.scsi.SenseData;
import io.mpathj.storage.sim.SimLogicalUnit;
import io.mpathj.storage.sim.SimPath;
import io.mpathj.storage.sim.SimPort;
import io.mpathj.storage.sim.SimPortGroup;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * How one array of a personality answers. For every command on a path the core first checks the CDB length and
 * reports a pending unit attention, then asks {@link #refuse}; a command that is not media access (READ/WRITE 10
 * and 16) then goes to {@link #execute}, and what that leaves (null) is served by the core: standard INQUIRY from
 * the {@link Identity}, VPD 00h/80h/83h plus {@link #vpdPage}, MODE SENSE/SELECT of the Caching and Control pages
 * plus {@link #modeSensePage}/{@link #modeSelectPage}, TEST UNIT READY and START STOP UNIT (GOOD), REQUEST SENSE,
 * READ CAPACITY, REPORT LUNS; REPORT/SET TARGET PORT GROUPS and any other opcode get 05/20/00 from the core.
 * Methods may be called from many threads at once; answers for one LU must be consistent with each other.
 */
@ConsumerType
public interface ArrayBehavior {
    /**
     * The sense that refuses this command on this path in its current access or ownership state (e.g. 02/04/0B on
     * an ALUA standby path), or null to let it run. Called for every command including READ and WRITE: it must not
     * allocate or block.
     */
    SenseData refuse(SimPath path, int opcode);

    /**
     * Answers a command that is not media access, or returns null for the core to serve it: TEST UNIT READY, START
     * STOP UNIT, MODE SELECT in a vendor format, REPORT/SET TARGET PORT GROUPS, vendor opcodes. Build answers with
     * {@link ScsiReplies}.
     */
    default ScsiResult execute(SimPath path, ScsiCommand command) {
        return null;
    }

    /** VPD page codes this personality serves beyond 00h, 80h and 83h, ascending (listed by page 00h). */
    default int[] vpdPages() {
        return new int[0];
    }

    /**
     * The body of a VPD page (what follows the 4-byte header the core adds) as seen through this path, or null to
     * let the core answer (80h, 83h) or refuse it (05/24/00). May replace 80h and 83h.
     */
    default byte[] vpdPage(SimPath path, int pageCode) {
        return null;
    }

    /**
     * A mode page (from its page code byte on, subpage format if {@code subpage} is not 0) for MODE SENSE through
     * this path, {@code pageControl} 0 current, 1 changeable, 2 default; null when the personality has no such page.
     */
    default byte[] modeSensePage(SimPath path, int page, int subpage, int pageControl) {
        return null;
    }

    /** Page codes (subpage 0) the personality adds to MODE SENSE of all pages (3Fh), ascending. */
    default int[] modePages() {
        return new int[0];
    }

    /**
     * Applies one page of a page-format MODE SELECT parameter list ({@code length} bytes at {@code offset}), or
     * returns null when the page is not the personality's. A result other than GOOD ends the MODE SELECT with it.
     */
    default ScsiResult modeSelectPage(SimPath path, byte[] list, int offset, int length) {
        return null;
    }

    /** A port's link went down or came back ({@link SimPort#isLinkUp()} tells which); the array may move access. */
    default void portLinkChanged(SimPort port) {
    }

    /**
     * The LU's access through a group, one word for {@code sim:arrays}: {@code active_optimized}, {@code standby},
     * {@code owner}, {@code passive}, …
     */
    String accessState(SimLogicalUnit lu, SimPortGroup group);

    /**
     * The hardware handler Linux attaches when it probes a path of an array whose TPGS field is 0, from its table
     * of vendors and products (e.g. {@code emc} for DGC), or null. With TPGS set, Linux attaches {@code alua}.
     */
    default String attachedHandler() {
        return null;
    }

    /** The array is closed: cancel anything scheduled. */
    default void close() {
    }
}
