package io.mpathj.api.plugin;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The {@code request_module} analogue for programs that use plug-ins of their own kinds (path checkers,
 * prioritizers): finds the bundle that declares the capability {@code NAMESPACE;NAMESPACE=NAME} in the platform's
 * repository indexes, installs and starts its highest version. The core registers one service of this type.
 */
@ProviderType
public interface PluginLoader {
    /**
     * Installs and starts the provider of {@code name} in {@code namespace}, if the repositories have one; the
     * caller then waits for the plug-in's service itself. Concurrent requests for one name share one load.
     *
     * @return what was searched and what became of it, for a refusal's message (e.g. {@code repositories
     *     file:/…/index.xml}, or a bundle that would not start)
     */
    String load(String namespace, String name);
}
