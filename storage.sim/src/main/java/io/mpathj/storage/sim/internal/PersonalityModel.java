package io.mpathj.storage.sim.internal;

import io.mpathj.api.scsi.ScsiResult;
import io.mpathj.api.scsi.SenseData;

/** What differs between an ALUA array and a CLARiiON: who may do I/O where, vendor pages, reactions to ports. */
interface PersonalityModel {
    /**
     * The sense that refuses this command on this path because of the path's access state, or null to allow it.
     * Called for every command: must not allocate.
     */
    SenseData refuse(PathImpl path, int opcode);

    /** Vendor VPD page codes this personality adds to 00h, 80h, 83h, ascending. */
    int[] vendorVpdPages();

    /** A vendor VPD page as seen through this path, or null when not supported. */
    byte[] vendorVpdPage(PathImpl path, int pageCode);

    /**
     * Applies a vendor mode page of a MODE SELECT parameter list ({@code length} bytes at {@code offset}), or returns
     * null when the page is not this personality's. A non-null result other than GOOD ends the MODE SELECT.
     */
    ScsiResult selectVendorModePage(PathImpl path, byte[] list, int offset, int length);

    /** Called after a port's link went down or came back. */
    void portLinkChanged(PortImpl port);
}
