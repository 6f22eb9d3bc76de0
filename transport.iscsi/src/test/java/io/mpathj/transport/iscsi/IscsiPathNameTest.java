package io.mpathj.transport.iscsi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Path names {@code iscsi:HOST:PORT/IQN/LUN} and portal addresses. */
class IscsiPathNameTest {
    @Test
    void iqnsWithColonsParseAndFormatBack() {
        String text = "iscsi:127.0.0.1:3261/iqn.2024-01.test:mpath/1";
        IscsiPathName name = IscsiPathName.parse(text).orElseThrow();
        assertEquals(new IscsiPortal("127.0.0.1", 3261), name.portal());
        assertEquals("iqn.2024-01.test:mpath", name.targetName());
        assertEquals(1, name.lun());
        assertEquals(text, name.toString());
    }

    @Test
    void ipv6PortalsUseBrackets() {
        IscsiPathName name = IscsiPathName.parse("iscsi:[::1]:3260/iqn.x:y/0").orElseThrow();
        assertEquals("::1", name.portal().host());
        assertEquals("iscsi:[::1]:3260/iqn.x:y/0", name.toString());
    }

    @Test
    void malformedNamesAreNotPaths() {
        for (String bad : new String[] {"sim:a/b/0", "iscsi:host:3260/iqn", "iscsi:host:3260/iqn/x",
                "iscsi:host:99999/iqn/1", "iscsi:/iqn/1", "iscsi:h:1/iqn/16384", null}) {
            assertEquals(Optional.empty(), IscsiPathName.parse(bad), String.valueOf(bad));
        }
    }

    @Test
    void portalsDefaultToPort3260AndIgnoreTheGroupTag() {
        assertEquals(new IscsiPortal("host", 3260), IscsiPortal.parse("host"));
        assertEquals(new IscsiPortal("10.0.0.2", 3262), IscsiPortal.parse("10.0.0.2:3262,1"));
        assertThrows(IllegalArgumentException.class, () -> IscsiPortal.parse("host:x"));
    }

    @Test
    void chapCredentialsNeverPrintTheSecret() {
        assertTrue(!new ChapCredentials("u", "hunter2").toString().contains("hunter2"));
    }
}
