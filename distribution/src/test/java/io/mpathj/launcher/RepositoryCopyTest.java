package io.mpathj.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped repository is copied into the home without writing over what the operator changed there. */
class RepositoryCopyTest {
    @TempDir
    Path repository;

    private static Map<String, byte[]> build(String index, String jar) {
        return Map.of("index.xml", index.getBytes(StandardCharsets.UTF_8), "emc.jar",
                jar.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aNewBuildReplacesWhatItShippedButNotWhatTheOperatorEdited() throws Exception {
        Container.copyRepository(repository, build("index v1", "emc v1"));
        assertEquals("index v1", Files.readString(repository.resolve("index.xml")));
        assertEquals("emc v1", Files.readString(repository.resolve("emc.jar")));

        Files.writeString(repository.resolve("index.xml"), "index v1 + the vendor's bundles");
        Container.copyRepository(repository, build("index v2", "emc v2"));
        assertEquals("index v1 + the vendor's bundles", Files.readString(repository.resolve("index.xml")));
        assertEquals("emc v2", Files.readString(repository.resolve("emc.jar")), "untouched files follow the build");

        Container.copyRepository(repository, build("index v2", "emc v2")); // a restart changes nothing
        assertEquals("index v1 + the vendor's bundles", Files.readString(repository.resolve("index.xml")));

        Files.delete(repository.resolve("index.xml")); // deleting the edited file takes the shipped one again
        Container.copyRepository(repository, build("index v3", "emc v2"));
        assertEquals("index v3", Files.readString(repository.resolve("index.xml")));
        Container.copyRepository(repository, build("index v4", "emc v2"));
        assertEquals("index v4", Files.readString(repository.resolve("index.xml")));
    }
}
