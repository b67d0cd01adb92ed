package org.ctcretrieval.server;

import java.io.IOException;
import org.ctcretrieval.common.index.IndexSchema;

/**
 * What the recording routes and the match picture read, wherever the recordings are: an index generation on this
 * machine, or a SolrCloud collection.
 */
interface RecordingSource {
    /** The recordings, by opaque key and in name order. */
    RecordingCatalog catalog();

    /** The feature setup (of the first feature of a fused index). */
    IndexSchema schema();

    /** A recording's 8-bit chroma codes at the retrieval rate ({@link #schema()}'s dimension per frame). */
    byte[] chroma(Recording r) throws IOException;
}
