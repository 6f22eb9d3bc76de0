package io.mpathj.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.streamBundle;

import io.mpathj.api.path.PathDevice;
import io.mpathj.api.scsi.Cdbs;
import io.mpathj.api.scsi.ScsiCommand;
import io.mpathj.api.scsi.ScsiResult;
import io.mpathj.storage.sim.SimArrayRegistry;
import io.mpathj.storage.sim.personality.ArrayPersonality;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

/**
 * A vendor's array personality, written only against the storage.sim personality SPI and shipped in a bundle of its
 * own ({@code io.mpathj.itest.vendor.*}, built here with a DS component description and nothing but package imports),
 * is found by {@code sim:create} by its service property and drives a round-robin map: verified I/O, and a failover
 * the vendor's array makes by itself when the serving group loses its ports.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class VendorPersonalityTest extends ContainerTest {
    static final String VENDOR_BUNDLE = "io.mpathj.itest.vendor.myvendor";
    private static final String VENDOR_PACKAGE = "io/mpathj/itest/vendor/";
    private static final List<String> VENDOR_CLASSES = List.of("MyVendorPersonality", "MyVendorBehavior");

    @Override
    protected Option[] extraOptions() {
        return new Option[] {streamBundle(new ByteArrayInputStream(vendorBundle()))};
    }

    /**
     * The vendor's bundle: its two classes, a DS component description registering the personality with
     * {@code mpathj.sim.personality=myvendor}, and imports of the SPI, the sim API and the SCSI vocabulary.
     */
    static byte[] vendorBundle() {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", VENDOR_BUNDLE);
        main.putValue("Bundle-Version", "1.0.0");
        main.putValue("Import-Package", "io.mpathj.api.scsi,io.mpathj.storage.sim;version=\"[2.0,3)\","
                + "io.mpathj.storage.sim.personality;version=\"[1.0,2)\"");
        main.putValue("Service-Component", "OSGI-INF/myvendor.xml");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(bytes, manifest)) {
            for (String c : VENDOR_CLASSES) {
                add(out, VENDOR_PACKAGE + c + ".class", VENDOR_PACKAGE + c + ".class");
            }
            add(out, "OSGI-INF/myvendor.xml", VENDOR_PACKAGE + "myvendor-component.xml");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void add(JarOutputStream out, String entry, String resource) throws IOException {
        try (InputStream in = VendorPersonalityTest.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("no " + resource + " on the test class path");
            }
            out.putNextEntry(new JarEntry(entry));
            in.transferTo(out);
            out.closeEntry();
        }
    }

    private static String assertVerified(String summary) {
        assertTrue(summary, summary.matches("mpathv: \\d+ I/Os in [0-9.]+ s \\(\\d+ IOPS\\): \\d+ reads verified, "
                + "\\d+ writes, 0 errors, 0 mismatches"));
        return summary;
    }

    @Test
    public void aVendorsPersonalityBundleDrivesARoundRobinMapThroughItsOwnFailover() throws Exception {
        Bundle vendor = bundle(VENDOR_BUNDLE);
        assertEquals(Bundle.ACTIVE, vendor.getState());
        awaitService(ArrayPersonality.class, "(" + ArrayPersonality.NAME_PROPERTY + "=myvendor)", SERVICE_TIMEOUT);
        Gogo gogo = gogo();
        assertTrue(gogo.run("sim:personalities").formatted()
                .contains("myvendor: a vendor's active/standby array that fails over by itself"));
        assertEquals("created myvendor array v: 2 groups of 2 ports, 1 LU of 2097152 x 512 bytes; paths "
                + "sim:v/PORT/LUN for ports A0 A1 B0 B1, LUN 0", gogo.run("sim:create v myvendor 2 2").formatted());

        // the vendor's VPD page and INQUIRY identity, through the sim transport
        PathDevice b0 = awaitService(SimArrayRegistry.class).resolve("sim:v/B0/0").orElseThrow();
        ByteBuffer page = ByteBuffer.allocate(64);
        ScsiResult r = b0.execute(ScsiCommand.dataIn(Cdbs.inquiryVpd(0xD0, 64), page)).toCompletableFuture()
                .get(5, TimeUnit.SECONDS);
        assertTrue(r.describe(), r.isGood());
        assertEquals("MYVD", new String(page.array(), 4, 4, StandardCharsets.US_ASCII));
        assertEquals("serving group 1, asked through group 2", 1, page.get(9));
        assertEquals(2, page.get(11));
        ByteBuffer standard = ByteBuffer.allocate(36);
        b0.execute(ScsiCommand.dataIn(Cdbs.inquiry(36), standard)).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals("MYVENDORFAILOVER BOX    0007", new String(standard.array(), 8, 28, StandardCharsets.US_ASCII));

        gogo.run("mpath:create mpathv \"0 0 2 1 round-robin 0 2 0 sim:v/A0/0 sim:v/A1/0 "
                + "round-robin 0 2 0 sim:v/B0/0 sim:v/B1/0\"");
        assertVerified(gogo.run("mpath:io -s 1 mpathv").formatted());
        String arrays = gogo.run("sim:arrays").formatted();
        assertTrue(arrays, arrays.contains("v myvendor\n  group 1 pref lun0=serving ports: A0(up) A1(up)\n"
                + "  group 2 lun0=standby ports: B0(up) B1(up)"));

        // the serving group loses its ports under a workload: the vendor's array moves service, the map follows
        Gogo workload = gogo();
        CompletableFuture<String> io = CompletableFuture.supplyAsync(
                () -> workload.run("mpath:io -s 3 mpathv").formatted());
        Thread.sleep(300);
        gogo.run("sim:port v A0 down");
        gogo.run("sim:port v A1 down");
        String summary = assertVerified(io.get(70, TimeUnit.SECONDS));
        System.out.println("[vendor-personality-it] I/O over the vendor's failover: " + summary);
        arrays = gogo.run("sim:arrays").formatted();
        assertTrue(arrays, arrays.contains("group 2 lun0=serving ports: B0(up) B1(up)"));
        gogo.run("mpath:remove mpathv");
        gogo.run("sim:destroy v");
    }
}
