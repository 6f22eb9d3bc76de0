package io.mpathj.core.internal.registry;

/**
 * The {@code request_module("dm-%s")} hook: asked to make a type of the given name available when a lookup misses.
 * It returns when it has done what it can (loaded something, or found nothing); the registry then looks again.
 */
@FunctionalInterface
public interface TypeLoader {
    /** A loader that never finds anything. */
    TypeLoader NONE = (kind, name) -> "";

    /**
     * Tries to load a provider of {@code name}.
     *
     * @param kind "hardware handler" or "path selector", for messages
     * @return a short description of where it looked (e.g. the repositories searched), for the not-found error
     */
    String load(String kind, String name);
}
