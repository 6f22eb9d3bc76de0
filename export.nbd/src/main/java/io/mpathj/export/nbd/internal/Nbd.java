package io.mpathj.export.nbd.internal;

/** The NBD protocol's numbers (the NBD project's doc/proto.md), fixed newstyle and structured replies. */
final class Nbd {
    static final long NBDMAGIC = 0x4e42444d41474943L;
    static final long IHAVEOPT = 0x49484156454F5054L;
    static final long REPLY_MAGIC = 0x3e889045565a9L;
    static final int REQUEST_MAGIC = 0x25609513;
    /** magic, flags, type, cookie, offset, length */
    static final int REQUEST_HEADER = 28;
    static final int SIMPLE_REPLY_MAGIC = 0x67446698;
    static final int STRUCTURED_REPLY_MAGIC = 0x668e33ef;

    // handshake flags (server) and client flags
    static final int FLAG_FIXED_NEWSTYLE = 1;
    static final int FLAG_NO_ZEROES = 2;
    static final int FLAG_C_FIXED_NEWSTYLE = 1;
    static final int FLAG_C_NO_ZEROES = 2;

    // transmission flags
    static final int FLAG_HAS_FLAGS = 1;
    static final int FLAG_SEND_FLUSH = 1 << 2;
    static final int FLAG_SEND_FUA = 1 << 3;
    static final int FLAG_SEND_TRIM = 1 << 5;
    static final int FLAG_SEND_WRITE_ZEROES = 1 << 6;
    static final int FLAG_SEND_DF = 1 << 7;
    static final int FLAG_CAN_MULTI_CONN = 1 << 8;

    // options
    static final int OPT_EXPORT_NAME = 1;
    static final int OPT_ABORT = 2;
    static final int OPT_LIST = 3;
    static final int OPT_INFO = 6;
    static final int OPT_GO = 7;
    static final int OPT_STRUCTURED_REPLY = 8;

    // option replies
    static final int REP_ACK = 1;
    static final int REP_SERVER = 2;
    static final int REP_INFO = 3;
    static final int REP_ERR_UNSUP = 0x80000001;
    static final int REP_ERR_INVALID = 0x80000003;
    static final int REP_ERR_UNKNOWN = 0x80000006;
    static final int REP_ERR_TOO_BIG = 0x80000009;

    // information types
    static final int INFO_EXPORT = 0;
    static final int INFO_NAME = 1;
    static final int INFO_BLOCK_SIZE = 3;

    // commands and their flags
    static final int CMD_READ = 0;
    static final int CMD_WRITE = 1;
    static final int CMD_DISC = 2;
    static final int CMD_FLUSH = 3;
    static final int CMD_TRIM = 4;
    static final int CMD_WRITE_ZEROES = 6;
    static final int CMD_FLAG_FUA = 1;
    static final int CMD_FLAG_NO_HOLE = 2;
    static final int CMD_FLAG_DF = 4;

    // structured reply chunks
    static final int REPLY_FLAG_DONE = 1;
    static final int REPLY_TYPE_NONE = 0;
    static final int REPLY_TYPE_OFFSET_DATA = 1;
    static final int REPLY_TYPE_ERROR = 0x8001;

    // errors
    static final int EIO = 5;
    static final int EINVAL = 22;
    static final int ENOSPC = 28;

    /** The largest READ or WRITE payload served: the 32 MiB proto.md asks every server to accept. */
    static final int MAX_PAYLOAD = 1 << 25;
    /** The longest option a client may send (names are at most 4096 bytes; GO adds a few info requests). */
    static final int MAX_OPTION = 64 * 1024;
    /** The preferred block size advertised: 4 KiB (or the logical block size when larger). */
    static final int PREFERRED_BLOCK = 4096;

    private Nbd() {
    }
}
