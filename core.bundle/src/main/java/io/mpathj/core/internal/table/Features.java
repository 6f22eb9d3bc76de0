package io.mpathj.core.internal.table;

/**
 * The table's feature words (parse_features in dm-mpath.c).
 *
 * @param queueIfNoPath {@code queue_if_no_path}
 * @param retainAttachedHwHandler {@code retain_attached_hw_handler}, forced on in bio mode as the kernel does
 * @param pgInitRetries {@code pg_init_retries N}, 0 when absent
 * @param pgInitDelayMsecs {@code pg_init_delay_msecs N}, or {@link #PG_INIT_DELAY_DEFAULT} when absent
 * @param queueMode {@code queue_mode}
 */
public record Features(boolean queueIfNoPath, boolean retainAttachedHwHandler, int pgInitRetries,
        int pgInitDelayMsecs, QueueMode queueMode) {

    /** The kernel's DM_PG_INIT_DELAY_DEFAULT ((unsigned) -1): "use the 2000 ms default when a delay is needed". */
    public static final int PG_INIT_DELAY_DEFAULT = -1;
    /** DM_PG_INIT_DELAY_MSECS. */
    public static final int PG_INIT_DELAY_MSECS = 2000;

    public static final Features NONE = new Features(false, false, 0, PG_INIT_DELAY_DEFAULT,
            QueueMode.REQUEST_BASED);

    /** The delay a delayed pg_init retry waits. */
    public int effectivePgInitDelayMsecs() {
        return pgInitDelayMsecs == PG_INIT_DELAY_DEFAULT ? PG_INIT_DELAY_MSECS : pgInitDelayMsecs;
    }
}
