package io.mpathj.storage.sim;

/** How an array arbitrates access between its target port groups. */
public enum Personality {
    /** SPC-4 asymmetric logical unit access: RTPG, STPG, access states per target port group. */
    ALUA,
    /** EMC CLARiiON active/passive: each LU is owned by one storage processor (a port group), trespass moves it. */
    CLARIION
}
