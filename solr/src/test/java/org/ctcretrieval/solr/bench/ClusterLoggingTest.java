package org.ctcretrieval.solr.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.InputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The Log4j configuration of the JVM that {@code ctcr bench-cluster} starts sends everything the cluster logs to
 * standard error: the report (with {@code --json}, a JSON document) is the only thing on standard output.
 */
class ClusterLoggingTest {
    @Test
    void theClusterLogsOnStandardErrorOnly() throws Exception {
        Document doc;
        try (InputStream in = ClusterLoggingTest.class.getResourceAsStream("/org/ctcretrieval/solr/bench/log4j2-cluster.xml")) {
            assertNotNull(in, "log4j2-cluster.xml on the class path");
            doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
        }
        NodeList consoles = doc.getElementsByTagName("Console");
        for (int i = 0; i < consoles.getLength(); i++) {
            assertEquals("SYSTEM_ERR", ((Element) consoles.item(i)).getAttribute("target"));
        }
        assertEquals(1, consoles.getLength(), "one console appender");
        assertEquals(0, doc.getElementsByTagName("File").getLength() + doc.getElementsByTagName("RollingFile").getLength());
        String console = ((Element) consoles.item(0)).getAttribute("name");
        NodeList refs = doc.getElementsByTagName("AppenderRef");
        for (int i = 0; i < refs.getLength(); i++) assertEquals(console, ((Element) refs.item(i)).getAttribute("ref"));
    }
}
