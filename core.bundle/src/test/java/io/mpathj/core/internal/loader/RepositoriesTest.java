package io.mpathj.core.internal.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Version;

class RepositoriesTest {
    private static final URI SHIPPED = URI.create("file:/home/run/repository/index.xml");

    @TempDir
    Path dir;

    private Path cfg() {
        return dir.resolve("etc").resolve("io.mpathj.repositories.cfg");
    }

    @Test
    void addAndRemoveRewriteOnlyTheRepositoriesLineOfTheEtcFile() throws Exception {
        Files.createDirectories(cfg().getParent());
        Files.writeString(cfg(), "# the vendor's repositories\nrepositories=file:/opt/a/index.xml\nother=kept\n");
        Repositories r = new Repositories(List.of(SHIPPED), cfg());
        r.configure("file:/opt/a/index.xml");
        assertEquals("added repository https://vendor.example/mpathj/index.xml (etc/io.mpathj.repositories.cfg)",
                r.add("https://vendor.example/mpathj/index.xml"));
        assertEquals("# the vendor's repositories\nrepositories=file:/opt/a/index.xml,"
                + "https://vendor.example/mpathj/index.xml\nother=kept\n", Files.readString(cfg()));
        assertEquals(List.of(SHIPPED, URI.create("file:/opt/a/index.xml"),
                URI.create("https://vendor.example/mpathj/index.xml")), r.all());

        assertEquals("removed repository file:/opt/a/index.xml (etc/io.mpathj.repositories.cfg)",
                r.remove("file:/opt/a/index.xml"));
        assertEquals("# the vendor's repositories\nrepositories=https://vendor.example/mpathj/index.xml\n"
                + "other=kept\n", Files.readString(cfg()));
    }

    @Test
    void theFirstAddCreatesTheFileWithAComment() throws Exception {
        Repositories r = new Repositories(List.of(SHIPPED), cfg());
        r.add("file:/opt/v/index.xml");
        String text = Files.readString(cfg());
        assertTrue(text.startsWith("# repository indexes searched by the on-demand loader"), text);
        assertTrue(text.endsWith("\nrepositories=file:/opt/v/index.xml\n"), text);
    }

    @Test
    void refusalsAreOneClearLine() {
        Repositories r = new Repositories(List.of(SHIPPED), null);
        assertEquals("'index.xml' is not a file:, http:, https: or jar: URL of an index.xml",
                assertThrows(IllegalArgumentException.class, () -> r.add("index.xml")).getMessage());
        assertEquals("repository " + SHIPPED + " is already configured",
                assertThrows(IllegalArgumentException.class, () -> r.add(SHIPPED.toString())).getMessage());
        assertEquals("repository " + SHIPPED + " is the shipped one (framework property mpathj.repository) and "
                + "cannot be removed", assertThrows(IllegalArgumentException.class,
                () -> r.remove(SHIPPED.toString())).getMessage());
        assertEquals("no repository file:/x/index.xml is configured (mpath:repos lists them)",
                assertThrows(IllegalArgumentException.class, () -> r.remove("file:/x/index.xml")).getMessage());
    }

    @Test
    void withoutAHomeTheListLivesInMemoryAndSaysSo() throws Exception {
        Repositories r = new Repositories(List.of(), null);
        assertEquals("added repository file:/v/index.xml (not persisted: the container has no home)",
                r.add("file:/v/index.xml"));
        assertEquals(List.of(URI.create("file:/v/index.xml")), r.all());
    }

    @Test
    void configurationValuesAreCheckedAndABadOneIsSkipped() {
        Repositories r = new Repositories(List.of(SHIPPED), null);
        r.configure(" file:/a/index.xml , nonsense, file:/a/index.xml,https://b/index.xml");
        assertEquals(List.of(SHIPPED, URI.create("file:/a/index.xml"), URI.create("https://b/index.xml")), r.all());
        r.configure(new String[] {"file:/c/index.xml"});
        assertEquals(List.of(SHIPPED, URI.create("file:/c/index.xml")), r.all());
        r.configure(null);
        assertEquals(List.of(SHIPPED), r.all());
    }

    @Test
    void describeListsWhatEachIndexOffersOrWhyItCannotBeRead() throws Exception {
        Path index = dir.resolve("index.xml");
        Files.writeString(index, Indexes.index(Indexes.handler("io.vendor.hpas", "1.0.1", "hpas",
                "io.mpathj.api.handler", "1.0.0", "2.0.0")));
        Repositories r = new Repositories(List.of(index.toUri()), null);
        r.add(dir.resolve("absent.xml").toUri().toString());
        List<Repositories.Row> rows = r.describe();
        assertEquals("shipped", rows.get(0).source());
        assertEquals("hpas 1.0.1", rows.get(0).offers());
        assertEquals("configured", rows.get(1).source());
        assertTrue(rows.get(1).offers().startsWith("unreadable: "), rows.get(1).offers());
    }

    @Test
    void anIndexResourceThatNeedsANewerApiIsIncompatible() throws Exception {
        Path index = dir.resolve("index.xml");
        Files.writeString(index, Indexes.index(Indexes.handler("io.vendor.hpas", "1.1.0", "hpas",
                "io.mpathj.api.handler", "1.1.0", "2.0.0"), Indexes.handler("io.vendor.hpas", "1.0.1", "hpas",
                "io.mpathj.api.handler", "1.0.0", "2.0.0")));
        List<IndexedBundle> found = RepositoryIndex.read(index.toUri()).providers("mpathj.hw_handler",
                "(mpathj.hw_handler=hpas)");
        assertEquals(List.of(new Version(1, 1, 0), new Version(1, 0, 1)), found.stream()
                .map(IndexedBundle::version).toList());
        List<Map<String, Object>> running = List.of(Map.of("osgi.wiring.package", "io.mpathj.api.handler",
                "version", new Version(1, 0, 0)), Map.of("osgi.wiring.package", "org.slf4j", "version",
                new Version(2, 0, 17)));
        assertEquals(List.of("io.mpathj.api.handler; version=[1.1.0,2.0.0) missing"),
                PackageRequirements.missingApi(found.get(0).requirements(), running));
        assertEquals(List.of(), PackageRequirements.missingApi(found.get(1).requirements(), running));
    }
}
