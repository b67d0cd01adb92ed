package org.ctcretrieval.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code ctcr serve} serves an index folder or a SolrCloud collection, and says so when it gets neither or both. */
class ServeCommandTest {
    @Test
    void needsExactlyOneOfAnIndexFolderAndACollection() {
        CommandLineTest.Run none = CommandLineTest.run(new ServeCommand());
        assertEquals(2, none.code());
        assertTrue(none.err().contains("missing -x INDEX_DIR (or --solr URLS --collection NAME)"), none.err());

        CommandLineTest.Run both = CommandLineTest.run(new ServeCommand(), "-x", "idx", "--solr", "http://127.0.0.1:1/solr", "--collection", "c");
        assertEquals(2, both.code());
        assertTrue(both.err().contains("give either -x or --solr, not both"), both.err());

        CommandLineTest.Run noCollection = CommandLineTest.run(new ServeCommand(), "--solr", "http://127.0.0.1:1/solr");
        assertEquals(2, noCollection.code());
        assertTrue(noCollection.err().contains("--solr needs --collection NAME"), noCollection.err());

        CommandLineTest.Run zookeeper = CommandLineTest.run(new ServeCommand(), "--solr", "zk1:2181", "--collection", "c");
        assertEquals(2, zookeeper.code());
        assertTrue(zookeeper.err().contains("a ZooKeeper address is not needed"), zookeeper.err());
    }

    @Test
    void refusesASearchWithoutThreads() {
        CommandLineTest.Run r = CommandLineTest.run(new ServeCommand(), "-x", "idx", "--search-threads", "0");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--search-threads must be between 1 and 1024, not 0"), r.err());
    }

    @Test
    void refusesASearchTimeoutBelowOneSecond() {
        for (String t : new String[] {"0", "-5"}) {
            CommandLineTest.Run r = CommandLineTest.run(new ServeCommand(), "-x", "idx", "--timeout", t);
            assertEquals(2, r.code());
            assertTrue(r.err().contains("--timeout must be between 1 and 86400, not " + t), r.err());
        }
    }

    @Test
    void helpNamesTheCollectionOptions() {
        CommandLineTest.Run help = CommandLineTest.run(new ServeCommand(), "--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("--solr=URLS") && help.out().contains("--collection=NAME"), help.out());
        assertTrue(help.out().contains("answer 501"), help.out());
    }
}
