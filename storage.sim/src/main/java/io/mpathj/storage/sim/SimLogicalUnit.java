package io.mpathj.storage.sim;

import org.osgi.annotation.versioning.ProviderType;

/** A logical unit of the array: the data every path to it reads and writes. */
@ProviderType
public interface SimLogicalUnit {
    /** Position in the array's list of LUs, from 0: an index into per-LU state. */
    int index();

    int lun();

    /** 512 or 4096. */
    int blockSize();

    long blockCount();

    /** The NAA designator of VPD 0x83 (NAA 3h, locally assigned), as a 64-bit value. */
    long naaIdentifier();

    /** The PRODUCT SERIAL NUMBER of VPD 0x80. */
    String serialNumber();

    /** Whether CHECK CONDITION carries descriptor-format sense (the D_SENSE bit of the Control mode page). */
    boolean descriptorSense();

    /** Sets D_SENSE, as MODE SELECT of the Control mode page would. */
    void setDescriptorSense(boolean descriptor);
}
