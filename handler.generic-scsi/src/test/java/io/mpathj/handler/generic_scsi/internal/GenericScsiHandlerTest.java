package io.mpathj.handler.generic_scsi.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpathj.api.InvalidArgumentsException;
import io.mpathj.api.StatusType;
import io.mpathj.api.handler.ErrorFlag;
import io.mpathj.api.handler.HardwareHandler;
import io.mpathj.api.handler.PathError;
import io.mpathj.api.handler.PgInitResult;
import io.mpathj.api.handler.ScsiErrorRules;
import io.mpathj.api.path.MapPath;
import io.mpathj.api.scsi.Cdbs;
import io.mpathj.api.scsi.ScsiCommand;
import io.mpathj.api.scsi.ScsiResult;
import io.mpathj.api.scsi.ScsiStatus;
import io.mpathj.api.scsi.SenseData;
import io.mpathj.api.scsi.SenseKey;
import io.mpathj.api.scsi.TransportError;
import io.mpathj.testkit.RecordingPgInitRequest;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class GenericScsiHandlerTest {
    /** A path whose every method fails the test: the handler must not need it to decide. */
    private static final MapPath UNTOUCHABLE = (MapPath) Proxy.newProxyInstance(
            GenericScsiHandlerTest.class.getClassLoader(), new Class<?>[] {MapPath.class}, (proxy, method, args) -> {
                throw new AssertionError("the handler used the path: " + method.getName());
            });

    private final HardwareHandler handler;

    GenericScsiHandlerTest() throws InvalidArgumentsException {
        handler = new GenericScsiHandlerType().create(List.of());
    }

    private Set<ErrorFlag> verdict(ScsiResult result, int attempt) {
        ScsiCommand write = ScsiCommand.dataOut(Cdbs.write16(8, 1), ByteBuffer.allocate(512));
        return handler.error(new PathError(UNTOUCHABLE, write, result, attempt));
    }

    private static ScsiResult check(String key, String asc, String ascq) {
        return ScsiResult.checkCondition(new SenseData(SenseKey.of(Integer.parseInt(key, 16)),
                Integer.parseInt(asc, 16), Integer.parseInt(ascq, 16)).toFixed());
    }

    private static Set<ErrorFlag> flags(String flag) {
        return flag.isEmpty() ? Set.of() : EnumSet.of(ErrorFlag.valueOf(flag));
    }

    @Test
    void argumentsAreRefusedWithTheKernelsText() {
        InvalidArgumentsException e = assertThrows(InvalidArgumentsException.class,
                () -> new GenericScsiHandlerType().create(List.of("0")));
        assertEquals("incorrect number of arguments", e.getMessage());
        assertEquals("generic-scsi", new GenericScsiHandlerType().toString());
    }

    @Test
    void pgInitSucceedsAtOnceWithoutTouchingThePath() {
        RecordingPgInitRequest request = new RecordingPgInitRequest(UNTOUCHABLE).sendTo(handler);
        List<Object> answers = request.answers();
        assertEquals(List.of(PgInitResult.OK), answers);
    }

    @Test
    void statusHasNoWords() {
        assertEquals(List.of(), handler.status(StatusType.INFO));
        assertEquals(List.of(), handler.status(StatusType.TABLE));
    }

    /**
     * Reference §5, row by row: the seed's intent, then what this handler does. {@code modern} says whether that is
     * the modern generic verdict ({@link ScsiErrorRules}); the rows where it is not are explained in README.md.
     */
    @ParameterizedTest(name = "{0}/{1}/{2} attempt {3}: {4}")
    @CsvSource({
        // medium error: seed ERROR_IO; modern: unrecovered read/write ERROR_IO, others retried then FAIL_PATH
        "03, 11, 00, 1, ERROR_IO, true", "03, 0C, 00, 1, '', true", "03, 0C, 00, 6, FAIL_PATH, true",
        // illegal request: seed ERROR_IO; modern: target failures ERROR_IO, the rest FAIL_PATH
        "05, 24, 00, 1, ERROR_IO, true", "05, 20, 00, 1, ERROR_IO, true", "05, 25, 00, 1, FAIL_PATH, true",
        // data protect, blank check, copy aborted, volume overflow, miscompare: ERROR_IO in both
        "07, 27, 00, 1, ERROR_IO, true", "08, 00, 00, 1, ERROR_IO, true", "0A, 1D, 00, 1, ERROR_IO, true",
        "0D, 21, 00, 1, ERROR_IO, true", "0E, 1D, 00, 1, ERROR_IO, true",
        // obsolete 0C and reserved 0F: the seed's ERROR_IO, kept (modern falls through to FAIL_PATH)
        "0C, 00, 00, 1, ERROR_IO, false", "0F, 00, 00, 1, ERROR_IO, false",
        // not ready: seed FAIL_PATH; modern retries "in progress" and ALUA transitions first
        "02, 04, 03, 1, FAIL_PATH, true", "02, 04, 0B, 1, FAIL_PATH, true", "02, 3A, 00, 1, FAIL_PATH, true",
        "02, 04, 01, 1, '', true", "02, 04, 01, 6, FAIL_PATH, true", "02, 04, 0A, 1, '', true",
        "02, 04, 0A, 50, '', true",
        // hardware error: seed FAIL_PATH, modern ERROR_IO (TARGET: the LU failed, the path is fine)
        "04, 44, 00, 1, ERROR_IO, true",
        // vendor specific: FAIL_PATH in both
        "09, 80, 00, 1, FAIL_PATH, true",
        // aborted command: seed FAIL_PATH; modern retries first, except protection information errors
        "0B, 47, 00, 1, '', true", "0B, 47, 00, 6, FAIL_PATH, true", "0B, 10, 01, 1, ERROR_IO, true",
        // unit attention: seed retries only 04/01; modern retries every UA, bounded by the command's runtime
        // (the map's retry budget), not by how often the I/O was tried before on other paths
        "06, 04, 01, 1, '', true", "06, 29, 00, 1, '', true", "06, 2A, 09, 1, '', true",
        "06, 29, 00, 6, '', false", "06, 2A, 09, 50, '', false"})
    void senseTable(String key, String asc, String ascq, int attempt, String flag, boolean modern) {
        ScsiResult r = check(key, asc, ascq);
        assertEquals(flags(flag), verdict(r, attempt));
        if (modern) {
            assertEquals(ScsiErrorRules.classify(r, attempt), verdict(r, attempt));
        } else {
            assertNotEquals(ScsiErrorRules.classify(r, attempt), verdict(r, attempt));
        }
    }

    @ParameterizedTest
    @EnumSource(TransportError.class)
    void transportFailuresFailThePath(TransportError error) {
        assertEquals(EnumSet.of(ErrorFlag.FAIL_PATH), verdict(ScsiResult.transportFailure(error, "x"), 1));
    }

    @Test
    void statusBytesFollowTheModernRules() {
        assertEquals(Set.of(), verdict(ScsiResult.status(ScsiStatus.BUSY, null, 0), 1));
        assertEquals(EnumSet.of(ErrorFlag.FAIL_PATH), verdict(ScsiResult.status(ScsiStatus.BUSY, null, 0), 6));
        assertEquals(EnumSet.of(ErrorFlag.ERROR_IO),
                verdict(ScsiResult.status(ScsiStatus.RESERVATION_CONFLICT, null, 0), 1));
        // CHECK CONDITION without (decodable) sense: nothing to go on, the path fails
        assertEquals(EnumSet.of(ErrorFlag.FAIL_PATH), verdict(ScsiResult.status(ScsiStatus.CHECK_CONDITION, null, 0), 1));
        assertEquals(EnumSet.of(ErrorFlag.FAIL_PATH),
                verdict(ScsiResult.checkCondition(new byte[] {0x7F, 0, 0x0F}), 1));
    }

    @Test
    void bundleRegistersTheTypeUnderItsName() throws Exception {
        String component = Files.readString(Path.of("target/classes/OSGI-INF/"
                + GenericScsiHandlerType.class.getName() + ".xml"), StandardCharsets.UTF_8);
        assertTrue(component.contains("<property name=\"mpathj.hardware.handler.name\" type=\"String\" "
                + "value=\"generic-scsi\"/>"), component);
        assertTrue(component.contains("<provide interface=\"io.mpathj.api.handler.HardwareHandlerType\"/>"));
        String manifest = Files.readString(Path.of("target/classes/META-INF/MANIFEST.MF"), StandardCharsets.UTF_8)
                .replace("\r\n ", "").replace("\n ", "");
        assertTrue(manifest.contains("mpathj.hw_handler;mpathj.hw_handler=generic-scsi"), manifest);
        assertFalse(manifest.contains("Export-Package"), manifest);
    }
}
