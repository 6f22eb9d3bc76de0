package io.mpathj.transport.iscsi.internal.session;

import io.mpathj.api.scsi.DataDirection;
import io.mpathj.api.scsi.ScsiCommand;
import io.mpathj.api.scsi.ScsiResult;
import io.mpathj.api.scsi.ScsiStatus;
import io.mpathj.api.scsi.TransportError;
import io.mpathj.transport.iscsi.internal.login.SessionParameters;
import io.mpathj.transport.iscsi.internal.pdu.Field;
import io.mpathj.transport.iscsi.internal.pdu.InitiatorPdus;
import io.mpathj.transport.iscsi.internal.pdu.Pdu;
import io.mpathj.transport.iscsi.internal.pdu.ProtocolException;
import io.mpathj.transport.iscsi.internal.pdu.TargetPdus;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One SCSI command on the wire (RFC 7143 §10.2 task): its command PDU with immediate data, unsolicited and
 * R2T-solicited Data-Out, Data-In into the caller's buffer, and the final status. The caller's buffer is read and
 * written through a duplicate at absolute offsets, so its position and limit never move, and payload bytes are copied
 * once (receive buffer to caller buffer) or not at all (caller buffer to socket).
 */
final class ScsiTask {
    private final ScsiCommand command;
    private final long lunField;
    private final CompletableFuture<ScsiResult> result;
    private final ByteBuffer buffer;
    private final int length;
    private final long deadlineNanos;
    private int itt;
    private int cmdSn;
    private boolean sent;
    private boolean aborted;

    ScsiTask(ScsiCommand command, long lunField, CompletableFuture<ScsiResult> result) {
        this.command = command;
        this.lunField = lunField;
        this.result = result;
        this.buffer = command.data() == null ? null : command.data().duplicate();
        this.length = command.dataLength();
        this.deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(command.timeoutMillis());
    }

    int itt() {
        return itt;
    }

    int cmdSn() {
        return cmdSn;
    }

    int cdbLength() {
        return command.cdb().length;
    }

    long lunField() {
        return lunField;
    }

    boolean isSent() {
        return sent;
    }

    /** Aborted tasks stay known until the target confirms, so late PDUs for them are recognised and dropped. */
    boolean isAborted() {
        return aborted;
    }

    boolean isOverdue(long nowNanos) {
        return !aborted && nowNanos - deadlineNanos >= 0;
    }

    int timeoutMillis() {
        return command.timeoutMillis();
    }

    void assignTag(int tag) {
        this.itt = tag;
    }

    /**
     * The PDUs that start the task (§10.2.1, §10.4.3): the SCSI Command with immediate data, then unsolicited
     * Data-Out up to FirstBurstLength when InitialR2T=No (§13.10).
     */
    List<Pdu> start(SessionParameters params, int commandSn, int expStatSn) {
        this.cmdSn = commandSn;
        this.sent = true;
        DataDirection direction = command.direction();
        int immediate = direction == DataDirection.TO_DEVICE ? params.immediateBytes(length) : 0;
        int unsolicited = direction == DataDirection.TO_DEVICE ? params.unsolicitedBytes(length) : 0;
        int flags = InitiatorPdus.ATTR_SIMPLE | (unsolicited > immediate ? 0 : Pdu.FINAL_BIT)
                | (direction == DataDirection.FROM_DEVICE ? InitiatorPdus.READ_BIT : 0)
                | (direction == DataDirection.TO_DEVICE ? InitiatorPdus.WRITE_BIT : 0);
        Pdu pdu = InitiatorPdus.scsiCommand(lunField, itt, flags, length, commandSn, expStatSn, command.cdb());
        if (immediate > 0) {
            pdu.data(slice(0, immediate));
        }
        List<Pdu> pdus = new ArrayList<>();
        pdus.add(pdu);
        dataOut(Pdu.RESERVED_TAG, immediate, unsolicited - immediate, params, expStatSn, pdus);
        return pdus;
    }

    /** Data-Out PDUs answering an R2T (§11.8): the desired range, cut to the target's MaxRecvDataSegmentLength. */
    List<Pdu> onR2T(Pdu r2t, SessionParameters params, int expStatSn) throws ProtocolException {
        int offset = r2t.u32(Field.BUFFER_OFFSET);
        int desired = r2t.u32(Field.DESIRED_DATA_TRANSFER_LENGTH);
        if (command.direction() != DataDirection.TO_DEVICE || offset < 0 || desired < 0
                || (long) offset + desired > length) {
            throw new ProtocolException("R2T for bytes " + offset + "+" + desired + " of a " + length
                    + "-byte " + command.direction() + " command");
        }
        List<Pdu> pdus = new ArrayList<>();
        dataOut(r2t.u32(Field.TTT), offset, desired, params, expStatSn, pdus);
        return pdus;
    }

    private void dataOut(int ttt, int offset, int total, SessionParameters params, int expStatSn, List<Pdu> out) {
        int dataSn = 0;
        for (int done = 0; done < total;) {
            int chunk = Math.min(total - done, params.maxSendDataSegmentLength());
            boolean last = done + chunk == total;
            out.add(InitiatorPdus.dataOut(lunField, itt, ttt, last, expStatSn, dataSn++, offset + done,
                    slice(offset + done, chunk)));
            done += chunk;
        }
    }

    /** Stores a Data-In payload (§11.7); the result when the PDU carries status (S bit, §11.7.1), else null. */
    ScsiResult onDataIn(Pdu pdu) throws ProtocolException {
        int offset = pdu.u32(Field.BUFFER_OFFSET);
        int count = pdu.dataLength();
        if (command.direction() != DataDirection.FROM_DEVICE || offset < 0 || (long) offset + count > length) {
            throw new ProtocolException("Data-In for bytes " + offset + "+" + count + " of a " + length + "-byte "
                    + command.direction() + " command");
        }
        if (!aborted && count > 0) {
            buffer.put(buffer.position() + offset, pdu.data(), 0, count);
        }
        if ((pdu.flags() & TargetPdus.STATUS_BIT) == 0) {
            return null;
        }
        int status = pdu.u8(Field.STATUS);
        int residual = TargetPdus.underflowResidual(pdu);
        return status == ScsiStatus.GOOD ? ScsiResult.good(residual) : ScsiResult.status(status, null, residual);
    }

    /** The result a SCSI Response carries (§11.4): Response, Status, residual, and sense (§11.4.7). */
    static ScsiResult fromResponse(Pdu pdu) {
        int response = pdu.u8(Field.RESPONSE);
        if (response != 0) {
            return ScsiResult.transportFailure(TransportError.ABORTED,
                    String.format("target failure, iSCSI response 0x%02x", response));
        }
        int status = pdu.u8(Field.STATUS);
        int residual = TargetPdus.underflowResidual(pdu);
        if (status == ScsiStatus.GOOD) {
            return ScsiResult.good(residual);
        }
        return ScsiResult.status(status, sense(pdu.data()), residual);
    }

    /** §11.4.7.2: a 2-byte SenseLength, then the sense bytes; null when there are none. */
    private static byte[] sense(ByteBuffer segment) {
        if (segment.remaining() < 2) {
            return null;
        }
        int senseLength = Math.min(segment.getShort(0) & 0xFFFF, segment.remaining() - 2);
        if (senseLength == 0) {
            return null;
        }
        byte[] sense = new byte[senseLength];
        segment.get(2, sense);
        return sense;
    }

    /** Completes the caller's stage once; later calls (a late response after a timeout) do nothing. */
    void complete(ScsiResult outcome) {
        result.complete(outcome);
    }

    /** Completes the caller with a transport error and marks the task aborted. */
    void abort(TransportError error, String detail) {
        aborted = true;
        result.complete(ScsiResult.transportFailure(error, detail));
    }

    private ByteBuffer slice(int offset, int count) {
        int base = buffer.position();
        return buffer.duplicate().limit(base + offset + count).position(base + offset).slice();
    }
}
