package io.mpathj.storage.sim;

import io.mpathj.api.scsi.SenseData;
import java.time.Duration;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Scriptable faults of a port or a path. A command passes its port's faults first, then its path's: link down, then
 * hang, then injected status or sense, then normal execution; latency delays the completion of whatever comes out.
 * Every fault is deterministic: counts are exact and probabilities come from a seeded generator.
 */
@ProviderType
public interface Faults {
    /** Commands fail with a transport error (no SCSI status); hung commands are failed the same way. */
    void linkDown();

    void linkUp();

    boolean isLinkDown();

    /** Extra time before each command completes; zero removes it. */
    void setLatency(Duration latency);

    /** The next {@code commands} commands of the class complete with CHECK CONDITION and this sense. */
    void injectSense(SenseData sense, int commands, CommandClass which);

    /** Every command of the class completes with this sense with the given probability, drawn from {@code seed}. */
    void injectSenseRandomly(SenseData sense, double probability, long seed, CommandClass which);

    /** The next {@code commands} commands complete with this status and no sense (BUSY, TASK SET FULL, …). */
    void injectStatus(int status, int commands, CommandClass which);

    /** From now on commands get no answer until {@link #release()} or until their own timeout passes. */
    void hang();

    /** Stops hanging and executes the commands held so far; returns how many there were. */
    int release();

    /** Commands held by {@link #hang()} right now. */
    int hungCommands();

    /** Removes every fault except link state: latency, injections, hang (held commands are released). */
    void clear();
}
