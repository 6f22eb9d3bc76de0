package io.mpathj.api.prio;

import io.mpathj.api.path.PathDevice;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * One map's prioritizer with its arguments: answers a path's priority (multipath-tools' {@code getprio}). Higher
 * is better; {@link #UNDEFINED} when it cannot tell (the path does not answer, the array does not support it). It
 * completes within {@code timeout} and never exceptionally.
 */
@ConsumerType
public interface Prioritizer {
    /** multipath-tools' PRIO_UNDEF: no priority known; groups average the defined ones only. */
    int UNDEFINED = -1;

    CompletionStage<Integer> priority(PathDevice path, Duration timeout);
}
