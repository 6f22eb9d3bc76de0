package io.mpathj.api;

/** The two kinds of status a target reports, as dmsetup {@code status} and {@code table}. */
public enum StatusType {
    /** Run-time state: {@code dmsetup status}. */
    INFO,
    /** The table as it would be loaded again: {@code dmsetup table}. */
    TABLE
}
