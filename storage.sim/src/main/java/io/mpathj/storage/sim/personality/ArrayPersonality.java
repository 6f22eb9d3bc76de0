package io.mpathj.storage.sim.personality;

import io.mpathj.storage.sim.Tpgs;
import java.util.Set;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A kind of array (ALUA, CLARiiON, E-Series, a vendor's own): its identity and how each array of the kind behaves.
 * In OSGi it is a service with the property {@value #NAME_PROPERTY} equal to {@link #name()}; {@code sim:create NAME
 * PERSONALITY} and the {@code personality=} key of an array's configuration file find it by that name. One instance
 * serves any number of arrays: per-array state belongs in the {@link ArrayBehavior} that {@link #attach} returns.
 */
@ConsumerType
public interface ArrayPersonality {
    /** The service property that names a personality; its value must be {@link #name()}. */
    String NAME_PROPERTY = "mpathj.sim.personality";

    /** Lower case letters, digits, '_' and '-', e.g. {@code alua}; unique among the registered personalities. */
    String name();

    /** One line for {@code sim:create}'s help and for errors, e.g. "SPC-4 ALUA, group A active/optimized". */
    String description();

    /**
     * What standard INQUIRY reports unless the array's builder says otherwise: vendor, product, revision and the
     * TPGS field.
     */
    Identity defaultIdentity();

    /**
     * The TPGS values an array of this kind may be built with; the builder refuses others. By default only the
     * default identity's; a personality that supports exactly one ignores the {@code tpgs} of configuration files.
     */
    default Set<Tpgs> supportedTpgs() {
        return Set.of(defaultIdentity().tpgs());
    }

    /**
     * The behaviour of one new array. Called once per array while it is built, before any command reaches it;
     * an {@link IllegalArgumentException} (e.g. a layout the kind cannot have, such as three controllers on a
     * dual-controller array) refuses the array with its message.
     */
    ArrayBehavior attach(ArrayContext context);
}
