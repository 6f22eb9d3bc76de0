package io.mpathj.core.internal.loader;

import io.mpathj.api.handler.HardwareHandlerType;
import io.mpathj.api.selector.PathSelectorType;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The repository indexes the on-demand loader searches: the shipped one (the framework property
 * {@code mpathj.repository}, which the launcher points at {@code repository/index.xml} in the home) first, then the
 * operator's, kept in {@code etc/io.mpathj.repositories.cfg} under the key {@code repositories} (comma separated).
 * As with every file of etc/, the file is the source of truth: {@code mpath:repo add} and {@code remove} rewrite
 * its {@code repositories} line (comments and other lines stay) and FileInstall hands the result back through
 * ConfigAdmin ({@link #configure}); an edit of the file by hand takes effect the same way.
 */
public final class Repositories {
    private static final Logger LOG = LoggerFactory.getLogger(Repositories.class);
    /** The ConfigAdmin PID of {@code etc/io.mpathj.repositories.cfg}. */
    public static final String PID = "io.mpathj.repositories";
    /** Its key: the operator's index URLs, comma separated. */
    public static final String KEY = "repositories";
    private static final Set<String> SCHEMES = Set.of("file", "http", "https", "jar");

    private final List<URI> shipped;
    private final Path file;
    private volatile List<URI> configured = List.of();

    /**
     * @param shipped the indexes named by the framework property, searched first and never removed
     * @param file the etc file that persists the operator's list, or null when there is no home (nothing persists)
     */
    public Repositories(List<URI> shipped, Path file) {
        this.shipped = List.copyOf(shipped);
        this.file = file;
    }

    /** The framework property's comma-separated URLs. */
    public static List<URI> parse(String value) {
        List<URI> out = new ArrayList<>();
        if (value != null) {
            for (String u : value.split(",")) {
                if (!u.isBlank()) {
                    out.add(URI.create(u.trim()));
                }
            }
        }
        return out;
    }

    /** Every index, shipped first, each once. */
    public List<URI> all() {
        Set<URI> out = new LinkedHashSet<>(shipped);
        out.addAll(configured);
        return List.copyOf(out);
    }

    /** The operator's indexes as ConfigAdmin delivers them (a String, or an array or list of them); null: none. */
    public synchronized void configure(Object value) {
        List<URI> urls = new ArrayList<>();
        for (String s : values(value)) {
            try {
                urls.add(check(s));
            } catch (IllegalArgumentException e) {
                LOG.error("etc/{}.cfg: {}={}: {}; ignored", PID, KEY, s, e.getMessage());
            }
        }
        configured = List.copyOf(new LinkedHashSet<>(urls));
    }

    private static List<String> values(Object value) {
        if (value == null) {
            return List.of();
        }
        List<String> raw = value instanceof String[] a ? Arrays.asList(a)
                : value instanceof java.util.Collection<?> c ? c.stream().map(String::valueOf).toList()
                : Arrays.asList(value.toString().split(","));
        return raw.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** {@code mpath:repo add URL}: checks the URL, appends it and persists the list. */
    public synchronized String add(String url) throws IOException {
        URI uri = check(url);
        if (all().contains(uri)) {
            throw new IllegalArgumentException("repository " + uri + " is already configured");
        }
        List<URI> next = new ArrayList<>(configured);
        next.add(uri);
        return persist(next, "added repository " + uri);
    }

    /** {@code mpath:repo remove URL}: removes one of the operator's indexes and persists the list. */
    public synchronized String remove(String url) throws IOException {
        URI uri = check(url);
        if (shipped.contains(uri)) {
            throw new IllegalArgumentException("repository " + uri + " is the shipped one (framework property "
                    + "mpathj.repository) and cannot be removed");
        }
        if (!configured.contains(uri)) {
            throw new IllegalArgumentException("no repository " + uri + " is configured (mpath:repos lists them)");
        }
        List<URI> next = new ArrayList<>(configured);
        next.remove(uri);
        return persist(next, "removed repository " + uri);
    }

    /** One row of {@code mpath:repos}. */
    public record Row(URI url, String source, String offers) {
    }

    /** Each index with where it comes from and the plug-ins it offers (or why it cannot be read). */
    public List<Row> describe() {
        List<Row> rows = new ArrayList<>();
        for (URI u : all()) {
            String source = shipped.contains(u) ? "shipped" : file == null ? "configured" : "etc";
            String offers;
            try {
                RepositoryIndex index = RepositoryIndex.read(u);
                List<String> names = new ArrayList<>();
                for (IndexedBundle b : index.bundles()) {
                    for (IndexedBundle.Capability c : b.capabilities()) {
                        if (c.namespace().equals(HardwareHandlerType.CAPABILITY_NAMESPACE)
                                || c.namespace().equals(PathSelectorType.CAPABILITY_NAMESPACE)) {
                            names.add(c.attributes().get(c.namespace()) + " " + b.version());
                        }
                    }
                }
                offers = names.isEmpty() ? "no plug-ins" : String.join(", ", names);
            } catch (IOException | RuntimeException e) {
                offers = "unreadable: " + e.getMessage();
            }
            rows.add(new Row(u, source, offers));
        }
        return rows;
    }

    private String persist(List<URI> next, String done) throws IOException {
        configured = List.copyOf(next);
        if (file == null) {
            return done + " (not persisted: the container has no home)";
        }
        String line = KEY + "=" + String.join(",", next.stream().map(URI::toString).toList());
        List<String> lines = new ArrayList<>();
        boolean replaced = false;
        if (Files.isRegularFile(file)) {
            for (String l : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (l.strip().startsWith(KEY + "=") || l.strip().startsWith(KEY + " ")) {
                    if (!replaced) {
                        lines.add(line);
                        replaced = true;
                    }
                } else {
                    lines.add(l);
                }
            }
        } else {
            lines.add("# repository indexes searched by the on-demand loader after the shipped one, comma separated");
            lines.add("# (mpath:repo add URL / mpath:repo remove URL rewrite the line below; mpath:repos lists them)");
        }
        if (!replaced) {
            lines.add(line);
        }
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, lines, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return done + " (etc/" + file.getFileName() + ")";
    }

    /** An absolute file, http(s) or jar URL of an index; one line saying what is wrong otherwise. */
    static URI check(String url) {
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + url + "' is not a URL: " + e.getReason());
        }
        if (!uri.isAbsolute() || uri.getScheme() == null || !SCHEMES.contains(uri.getScheme().toLowerCase())) {
            throw new IllegalArgumentException("'" + url + "' is not a file:, http:, https: or jar: URL of an "
                    + "index.xml");
        }
        return uri;
    }
}
