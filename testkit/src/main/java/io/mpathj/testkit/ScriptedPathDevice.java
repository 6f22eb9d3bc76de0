package io.mpathj.testkit;

import io.mpathj.api.path.PathDevice;
import io.mpathj.api.scsi.DataDirection;
import io.mpathj.api.scsi.ScsiCommand;
import io.mpathj.api.scsi.ScsiOpcode;
import io.mpathj.api.scsi.ScsiResult;
import io.mpathj.api.scsi.SenseData;
import io.mpathj.api.scsi.SenseKey;
import io.mpathj.api.scsi.TransportError;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A path device that answers from a script, for handler, checker and prioritizer tests: per {@link CommandClass}
 * (TEST UNIT READY, START STOP UNIT, INQUIRY by VPD page, MODE SENSE/SELECT, RTPG/STPG, READ/WRITE, any opcode) a
 * queue of answers used in order, then a standing answer. It records every command it was sent, with the bytes of
 * its data-out buffer.
 *
 * <p>Which answer a command gets: the next queued answer of the first class (in the order the script first named
 * them) that matches the command and has one queued; else the standing answer of the first matching class that has
 * one; else the default: GOOD, except an INQUIRY for a VPD page nobody scripted, which gets ILLEGAL REQUEST, INVALID
 * FIELD IN CDB (05/24/00) as a device without that page answers.
 *
 * <p>An answer is a {@link ScsiResult} or an {@link Answer}, which can fill the command's data-in buffer
 * ({@link Answer#data(byte[])}). A class can be {@linkplain #hold held}: its commands are answered only at
 * {@link #release()}, to test what a handler does while a command is outstanding. {@link #afterGood} runs a step
 * when a class's command is answered GOOD (the array changed state: serve another page from now on).
 *
 * <p>Thread-safe; answers complete on the caller's thread (or on the releasing thread for held classes).
 */
public final class ScriptedPathDevice implements PathDevice {
    /** ILLEGAL REQUEST, INVALID FIELD IN CDB: the answer to an INQUIRY for a VPD page nobody scripted. */
    public static final SenseData INVALID_FIELD_IN_CDB = new SenseData(SenseKey.ILLEGAL_REQUEST, 0x24, 0x00);

    /** One answer: computes the result of a command, and may fill its data-in buffer. */
    @FunctionalInterface
    public interface Answer {
        ScsiResult answer(ScsiCommand command);

        /** Always this result. */
        static Answer of(ScsiResult result) {
            Objects.requireNonNull(result, "result");
            return command -> result;
        }

        /** CHECK CONDITION with fixed-format sense KEY/ASC/ASCQ. */
        static Answer sense(SenseKey key, int asc, int ascq) {
            return of(ScriptedPathDevice.sense(key, asc, ascq));
        }

        /** A transport failure (the path is gone), as the transports report one. */
        static Answer transportFailure(TransportError error) {
            return of(ScsiResult.transportFailure(error, "scripted"));
        }

        /**
         * GOOD with {@code bytes} copied into the data-in buffer (as much as fits), the residual counting what the
         * buffer had left.
         */
        static Answer data(byte[] bytes) {
            byte[] copy = bytes.clone();
            return command -> {
                ByteBuffer buffer = command.data();
                if (buffer == null) {
                    return ScsiResult.good();
                }
                int n = Math.min(copy.length, buffer.remaining());
                buffer.duplicate().put(copy, 0, n);
                return ScsiResult.good(buffer.remaining() - n);
            };
        }
    }

    /** A command as it was sent: its CDB and a copy of its data-out bytes (empty for other directions). */
    public record Sent(ScsiCommand command, byte[] cdb, byte[] dataOut) {
        public int opcode() {
            return cdb[0] & 0xFF;
        }
    }

    private static final class Script {
        final Deque<Answer> queued = new ArrayDeque<>();
        Answer standing;
        boolean hold;
        Runnable afterGood;
    }

    private final String name;
    private final Map<CommandClass, Script> scripts = new LinkedHashMap<>();
    private final List<Sent> sent = new ArrayList<>();
    private final List<Runnable> heldAnswers = new ArrayList<>();
    private volatile boolean online = true;

    /** A device named {@code name} (e.g. {@code scripted:array/A0/0}), online, with nothing scripted. */
    public ScriptedPathDevice(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    /** CHECK CONDITION with fixed-format sense. */
    public static ScsiResult sense(SenseKey key, int asc, int ascq) {
        return ScsiResult.checkCondition(new SenseData(key, asc, ascq).toFixed());
    }

    private Script script(CommandClass commands) {
        return scripts.computeIfAbsent(Objects.requireNonNull(commands, "commands"), k -> new Script());
    }

    /** Queues results for {@code commands}, used in order before its standing answer. */
    public synchronized ScriptedPathDevice then(CommandClass commands, ScsiResult... results) {
        for (ScsiResult r : results) {
            script(commands).queued.add(Answer.of(r));
        }
        return this;
    }

    /** Queues answers for {@code commands}, used in order before its standing answer. */
    public synchronized ScriptedPathDevice then(CommandClass commands, Answer... answers) {
        for (Answer a : answers) {
            script(commands).queued.add(Objects.requireNonNull(a, "answer"));
        }
        return this;
    }

    /** The answer for {@code commands} once its queue is empty. */
    public synchronized ScriptedPathDevice always(CommandClass commands, ScsiResult result) {
        return always(commands, Answer.of(result));
    }

    /** The answer for {@code commands} once its queue is empty. */
    public synchronized ScriptedPathDevice always(CommandClass commands, Answer answer) {
        script(commands).standing = Objects.requireNonNull(answer, "answer");
        return this;
    }

    /** Serves a VPD page from now on: byte 1 of {@code page} is its page code. */
    public ScriptedPathDevice vpdPage(byte[] page) {
        return always(CommandClass.vpd(page[1] & 0xFF), Answer.data(page));
    }

    /** Stops serving a VPD page: its INQUIRY gets 05/24/00 again (queued answers stay). */
    public synchronized ScriptedPathDevice noVpdPage(int page) {
        Script s = scripts.get(CommandClass.vpd(page));
        if (s != null) {
            s.standing = null;
        }
        return this;
    }

    /** Holds the answers of {@code commands} until {@link #release()}. */
    public synchronized ScriptedPathDevice hold(CommandClass commands) {
        script(commands).hold = true;
        return this;
    }

    /** Runs {@code step} each time a command of {@code commands} is answered GOOD, before the answer is delivered. */
    public synchronized ScriptedPathDevice afterGood(CommandClass commands, Runnable step) {
        script(commands).afterGood = step;
        return this;
    }

    /** Sets what {@link #isOnline()} answers (true at first). */
    public ScriptedPathDevice online(boolean isOnline) {
        online = isOnline;
        return this;
    }

    @Override
    public CompletionStage<ScsiResult> execute(ScsiCommand command) {
        byte[] cdb = command.cdb();
        ByteBuffer data = command.data();
        byte[] out = new byte[0];
        if (data != null && command.direction() == DataDirection.TO_DEVICE) {
            out = new byte[data.remaining()];
            data.duplicate().get(out);
        }
        Answer answer;
        Script chosen;
        synchronized (this) {
            sent.add(new Sent(command, cdb.clone(), out));
            chosen = null;
            answer = null;
            for (Map.Entry<CommandClass, Script> e : scripts.entrySet()) {
                if (e.getKey().matches(cdb) && !e.getValue().queued.isEmpty()) {
                    chosen = e.getValue();
                    answer = chosen.queued.poll();
                    break;
                }
            }
            if (answer == null) {
                for (Map.Entry<CommandClass, Script> e : scripts.entrySet()) {
                    if (e.getKey().matches(cdb) && e.getValue().standing != null) {
                        chosen = e.getValue();
                        answer = chosen.standing;
                        break;
                    }
                }
            }
            if (chosen == null) {
                // the hold or hook of a class with nothing scripted still applies
                for (Map.Entry<CommandClass, Script> e : scripts.entrySet()) {
                    if (e.getKey().matches(cdb)) {
                        chosen = e.getValue();
                        break;
                    }
                }
            }
            if (answer == null) {
                answer = (cdb[0] & 0xFF) == ScsiOpcode.INQUIRY && cdb.length > 1 && (cdb[1] & 1) != 0
                        ? Answer.of(ScsiResult.checkCondition(INVALID_FIELD_IN_CDB.toFixed()))
                        : Answer.of(ScsiResult.good());
            }
        }
        ScsiResult result = answer.answer(command);
        Runnable after = chosen == null ? null : chosen.afterGood;
        if (result.isGood() && after != null) {
            after.run();
        }
        if (chosen != null && chosen.hold) {
            CompletableFuture<ScsiResult> later = new CompletableFuture<>();
            synchronized (this) {
                heldAnswers.add(() -> later.complete(result));
            }
            return later;
        }
        return CompletableFuture.completedStage(result);
    }

    /** Delivers every held answer, in the order the commands came; returns how many. */
    public int release() {
        List<Runnable> now;
        synchronized (this) {
            now = new ArrayList<>(heldAnswers);
            heldAnswers.clear();
        }
        now.forEach(Runnable::run);
        return now.size();
    }

    /** How many answers are held. */
    public synchronized int heldCount() {
        return heldAnswers.size();
    }

    /** Every command sent so far, in order. */
    public synchronized List<Sent> sent() {
        return List.copyOf(sent);
    }

    /** The commands of one class sent so far, in order. */
    public synchronized List<Sent> sent(CommandClass commands) {
        return sent.stream().filter(s -> commands.matches(s.cdb())).toList();
    }

    /** The opcodes sent so far, in order. */
    public synchronized List<Integer> opcodes() {
        return sent.stream().map(Sent::opcode).toList();
    }

    /** How many commands of one class were sent. */
    public synchronized int count(CommandClass commands) {
        return (int) sent.stream().filter(s -> commands.matches(s.cdb())).count();
    }

    /** The VPD pages asked for by INQUIRY with EVPD set, in order. */
    public synchronized List<Integer> vpdPagesAsked() {
        return sent.stream().filter(s -> s.opcode() == ScsiOpcode.INQUIRY && s.cdb().length > 2
                && (s.cdb()[1] & 1) != 0).map(s -> s.cdb()[2] & 0xFF).toList();
    }

    /** Forgets the commands sent so far (the script stays). */
    public synchronized void clearSent() {
        sent.clear();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean isOnline() {
        return online;
    }

    @Override
    public String toString() {
        return name;
    }
}
