package io.mpathj.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Baselining really fails the build: a tiny API project configured as {@code api.bundle} is (bnd-maven-plugin,
 * bnd-baseline-maven-plugin with failOnMissing=false) releases 1.0.0 into a private repository; 1.1.0 removes a
 * method of its exported package but keeps the package at 1.0.0, and {@code mvn verify} fails with bnd's report
 * (package MAJOR, suggest 2.0.0); with the package (and the bundle) at 2.0.0, as the rules say, it passes.
 */
class BaselineIT {
    private static final String BND = System.getProperty("bnd.version", "7.1.0");

    @TempDir
    Path dir;

    private static String pom(String version) {
        return """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>test.baseline</groupId>
                  <artifactId>api</artifactId>
                  <version>%s</version>
                  <properties>
                    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
                    <maven.compiler.release>17</maven.compiler.release>
                  </properties>
                  <dependencies>
                    <dependency>
                      <groupId>org.osgi</groupId><artifactId>osgi.annotation</artifactId><version>8.1.0</version>
                      <scope>provided</scope>
                    </dependency>
                  </dependencies>
                  <build>
                    <pluginManagement><plugins>
                      <plugin><artifactId>maven-resources-plugin</artifactId><version>3.3.1</version></plugin>
                      <plugin><artifactId>maven-compiler-plugin</artifactId><version>3.13.0</version></plugin>
                      <plugin><artifactId>maven-surefire-plugin</artifactId><version>3.5.2</version></plugin>
                      <plugin>
                        <artifactId>maven-jar-plugin</artifactId><version>3.4.2</version>
                        <configuration><archive>
                          <manifestFile>${project.build.outputDirectory}/META-INF/MANIFEST.MF</manifestFile>
                        </archive></configuration>
                      </plugin>
                    </plugins></pluginManagement>
                    <plugins>
                      <plugin>
                        <groupId>biz.aQute.bnd</groupId><artifactId>bnd-maven-plugin</artifactId><version>%s</version>
                        <executions><execution><goals><goal>bnd-process</goal></goals></execution></executions>
                      </plugin>
                      <!-- as api.bundle: no previous release is a warning; a wrong package version fails -->
                      <plugin>
                        <groupId>biz.aQute.bnd</groupId><artifactId>bnd-baseline-maven-plugin</artifactId>
                        <version>%s</version>
                        <executions><execution><goals><goal>baseline</goal></goals></execution></executions>
                        <configuration><failOnMissing>false</failOnMissing><fullReport>false</fullReport></configuration>
                      </plugin>
                    </plugins>
                  </build>
                </project>
                """.formatted(version, BND, BND);
    }

    private static void write(Path project, String version, String packageVersion, String body) throws IOException {
        Path pkg = Files.createDirectories(project.resolve("src/main/java/test/api"));
        Files.writeString(project.resolve("pom.xml"), pom(version));
        Files.writeString(pkg.resolve("package-info.java"), "@org.osgi.annotation.bundle.Export\n"
                + "@org.osgi.annotation.versioning.Version(\"" + packageVersion + "\")\npackage test.api;\n");
        Files.writeString(pkg.resolve("Handler.java"), "package test.api;\n\n"
                + "@org.osgi.annotation.versioning.ConsumerType\npublic interface Handler {\n" + body + "}\n");
    }

    @Test
    void aPackageVersionThatDoesNotMoveAsTheRulesSayFailsTheBuild() throws Exception {
        Path repo = PrivateMaven.layeredRepository(dir.resolve("repository"), "mpathj");
        Path project = Files.createDirectories(dir.resolve("api"));

        write(project, "1.0.0", "1.0.0", "    void pgInit();\n    void status();\n");
        // the build verifies, without install or clean: a fresh machine's Maven has only the plug-ins mpathj's own
        // `mvn verify` used, and these runs are offline; the release is put into the repository as install would
        PrivateMaven.Result release = PrivateMaven.run(repo, project, "verify");
        assertEquals(0, release.exit(), release.out());
        Path released = Files.createDirectories(repo.resolve("test/baseline/api/1.0.0"));
        Files.copy(project.resolve("target/api-1.0.0.jar"), released.resolve("api-1.0.0.jar"));
        Files.copy(project.resolve("pom.xml"), released.resolve("api-1.0.0.pom"));
        // the version list install keeps beside the versions: how the baseline plug-in finds the previous release
        Files.writeString(released.getParent().resolve("maven-metadata-local.xml"), """
                <metadata><groupId>test.baseline</groupId><artifactId>api</artifactId><versioning>
                <release>1.0.0</release><versions><version>1.0.0</version></versions>
                <lastUpdated>20261130000000</lastUpdated></versioning></metadata>
                """);
        assertTrue(release.out().matches("(?is).*bnd-baseline-maven-plugin:[0-9.]+:baseline.*"
                + "(previous version|no baseline).*"), "the first release has nothing to compare with: a warning\n"
                + release.out());

        // a method removed: a MAJOR change, the package left at 1.0.0
        write(project, "1.1.0", "1.0.0", "    void pgInit();\n");
        PrivateMaven.Result wrong = PrivateMaven.run(repo, project, "verify");
        assertEquals(1, wrong.exit(), wrong.out());
        assertTrue(wrong.out().contains("Baseline problems detected"), wrong.out());
        // bnd's table: the package, its delta, new and old versions, the version it should have
        assertTrue(wrong.out().matches("(?s).*\\* test\\.api +PACKAGE +MAJOR +1\\.0\\.0 +1\\.0\\.0 +2\\.0\\.0.*"),
                wrong.out());

        // the package at 2.0.0, and the bundle too (bnd baselines the bundle version as well)
        write(project, "2.0.0", "2.0.0", "    void pgInit();\n");
        PrivateMaven.Result right = PrivateMaven.run(repo, project, "verify");
        assertEquals(0, right.exit(), right.out());
    }
}
