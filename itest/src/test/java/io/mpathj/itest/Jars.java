package io.mpathj.itest;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Bundle jars for the suites: the build's plug-in repository, and re-versioned copies of a bundle. */
final class Jars {
    /** System property naming the folder with the on-demand plug-ins and their index.xml. */
    static final String REPOSITORY_PROPERTY = "mpathj.itest.repository";

    private Jars() {
    }

    /** The plug-in repository folder ({@code target/repository} when run outside Maven). */
    static File repository() {
        return new File(System.getProperty(REPOSITORY_PROPERTY, "target/repository")).getAbsoluteFile();
    }

    /** The same classes and resources under another Bundle-Version: "a newer version" of a vendor's bundle. */
    static byte[] withVersion(File jar, String version) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarInputStream in = new JarInputStream(new FileInputStream(jar))) {
            Manifest manifest = new Manifest(in.getManifest());
            manifest.getMainAttributes().put(new Attributes.Name("Bundle-Version"), version);
            try (JarOutputStream out = new JarOutputStream(bytes, manifest)) {
                for (JarEntry e; (e = in.getNextJarEntry()) != null;) {
                    out.putNextEntry(new JarEntry(e.getName()));
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
        }
        return bytes.toByteArray();
    }
}
