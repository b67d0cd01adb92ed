package org.ctcretrieval.solr.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.util.BytesRef;
import org.apache.solr.client.solrj.SolrQuery;
import org.apache.solr.client.solrj.SolrRequest;
import org.apache.solr.client.solrj.request.QueryRequest;
import org.apache.solr.client.solrj.request.UpdateRequest;
import org.apache.solr.client.solrj.response.QueryResponse;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrDocumentList;
import org.apache.solr.common.SolrInputDocument;
import org.apache.solr.common.params.CursorMarkParams;
import org.ctcretrieval.common.index.IndexSchema;
import org.ctcretrieval.solr.ThemeParams;

/**
 * The recordings of a collection as documents: the setup document, the content hashes of what is committed, and
 * the conversion of a recording's Lucene document ({@link org.ctcretrieval.indexer.RecordingDocuments}, the same
 * as in the embedded index) into a Solr input document: the shingle token streams travel pre-analysed, so the
 * collection holds exactly the terms, positions and norms of the embedded index.
 */
public final class SolrRecordings implements java.io.Closeable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] SHINGLE_FIELDS = {IndexSchema.FIELD_SHINGLES_TOP1, IndexSchema.FIELD_SHINGLES_TOP2,
            IndexSchema.FIELD_SHINGLES_TOP3};

    private final SolrNodes nodes;

    public SolrRecordings(SolrNodes nodes) {
        this.nodes = nodes;
    }

    public SolrNodes nodes() {
        return nodes;
    }

    @Override
    public void close() throws IOException {
        nodes.close();
    }

    /** The setup the collection was built with, or null if no recording was indexed into it yet. */
    public IndexSchema setup() throws IOException {
        SolrQuery q = new SolrQuery("id:\"" + ThemeParams.SETUP_ID + "\"");
        q.setFields(ThemeParams.SETUP_FIELD);
        QueryResponse r = nodes.request(new QueryRequest(q));
        if (r.getResults().isEmpty()) return null;
        Object text = r.getResults().get(0).getFirstValue(ThemeParams.SETUP_FIELD);
        try {
            return ThemeParams.decodeSetup(String.valueOf(text));
        } catch (IllegalArgumentException e) {
            throw new IOException("collection " + nodes.collection() + ": " + e.getMessage(), e);
        }
    }

    /** Writes the setup document and commits. */
    public void writeSetup(IndexSchema schema) throws IOException {
        SolrInputDocument doc = new SolrInputDocument();
        doc.addField(IndexSchema.FIELD_ID, ThemeParams.SETUP_ID);
        doc.addField(ThemeParams.SETUP_FIELD, ThemeParams.encodeSetup(schema));
        UpdateRequest u = new UpdateRequest();
        u.add(doc);
        commitWith(u);
        nodes.request(u);
    }

    /** ID -> content hash of every committed recording. */
    public Map<String, String> hashes() throws IOException {
        Map<String, String> out = new HashMap<>();
        for (Stored r : list()) if (r.sha256() != null) out.put(r.id(), r.sha256());
        return out;
    }

    /**
     * A committed recording's stored fields.
     *
     * @param id     the path it was indexed from
     * @param frames chroma frames at the retrieval rate
     * @param sha256 content hash
     */
    public record Stored(String id, int frames, String sha256) {}

    /** Every committed recording (the setup document left out), in ID order. */
    public List<Stored> list() throws IOException {
        List<Stored> out = new ArrayList<>();
        String cursor = CursorMarkParams.CURSOR_MARK_START;
        while (true) {
            SolrQuery q = new SolrQuery("*:* -id:\"" + ThemeParams.SETUP_ID + "\"");
            q.setFields(IndexSchema.FIELD_ID, IndexSchema.FIELD_HASH, IndexSchema.FIELD_FRAMES);
            q.setRows(2000);
            q.setSort(IndexSchema.FIELD_ID, SolrQuery.ORDER.asc);
            q.set(CursorMarkParams.CURSOR_MARK_PARAM, cursor);
            QueryResponse r = nodes.request(new QueryRequest(q, SolrRequest.METHOD.POST));
            for (SolrDocument d : r.getResults()) {
                Object hash = d.getFirstValue(IndexSchema.FIELD_HASH);
                Object frames = d.getFirstValue(IndexSchema.FIELD_FRAMES);
                out.add(new Stored(String.valueOf(d.getFirstValue(IndexSchema.FIELD_ID)),
                        frames instanceof Number n ? n.intValue() : 0, hash == null ? null : hash.toString()));
            }
            String nextCursor = r.getNextCursorMark();
            if (nextCursor == null || nextCursor.equals(cursor)) return out;
            cursor = nextCursor;
        }
    }

    /**
     * What changes whenever a commit adds, replaces or deletes recordings: the recording count and the newest
     * document version.
     */
    public String state() throws IOException {
        SolrQuery q = new SolrQuery("*:*");
        q.setFields("_version_");
        q.setRows(1);
        q.setSort("_version_", SolrQuery.ORDER.desc);
        SolrDocumentList docs = nodes.request(new QueryRequest(q)).getResults();
        return docs.getNumFound() + "/" + (docs.isEmpty() ? "" : docs.get(0).getFirstValue("_version_"));
    }

    /**
     * A recording's 8-bit chroma codes (frames x dimension bytes at the retrieval rate), read on its shard by the
     * configset's {@code [ctcr_chroma]} transformer; null if no such recording.
     */
    public byte[] chroma(String id) throws IOException {
        SolrQuery q = new SolrQuery("{!term f=" + IndexSchema.FIELD_ID + "}" + id);
        q.setFields(IndexSchema.FIELD_ID, "c:[" + org.ctcretrieval.solr.plugin.ChromaTransformerFactory.NAME + "]");
        q.setRows(1);
        SolrDocumentList docs = nodes.request(new QueryRequest(q, SolrRequest.METHOD.POST)).getResults();
        if (docs.isEmpty()) return null;
        Object c = docs.get(0).getFirstValue("c");
        if (c instanceof byte[] b) return b;
        if (c instanceof java.nio.ByteBuffer buf) {
            byte[] b = new byte[buf.remaining()];
            buf.get(b);
            return b;
        }
        return null;
    }

    /** Number of committed recordings (the setup document not counted). */
    public long count() throws IOException {
        SolrQuery q = new SolrQuery("*:* -id:\"" + ThemeParams.SETUP_ID + "\"");
        q.setRows(0);
        return nodes.request(new QueryRequest(q)).getResults().getNumFound();
    }

    /** Adds (or replaces, by ID) the documents and commits; returns once they are searchable. */
    public void addAndCommit(List<SolrInputDocument> docs) throws IOException {
        UpdateRequest u = new UpdateRequest();
        if (!docs.isEmpty()) u.add(docs);
        commitWith(u);
        nodes.request(u);
    }

    /** Adds (or replaces, by ID) the documents without a commit: searchable after the next commit. */
    public void add(List<SolrInputDocument> docs) throws IOException {
        UpdateRequest u = new UpdateRequest();
        u.add(docs);
        nodes.request(u);
    }

    private static void commitWith(UpdateRequest u) {
        u.setAction(UpdateRequest.ACTION.COMMIT, true, true);
    }

    /** The Solr form of a recording's Lucene document. */
    public static SolrInputDocument toSolr(Document doc) throws IOException {
        SolrInputDocument out = new SolrInputDocument();
        out.addField(IndexSchema.FIELD_ID, doc.get(IndexSchema.FIELD_ID));
        out.addField(IndexSchema.FIELD_HASH, doc.get(IndexSchema.FIELD_HASH));
        out.addField(IndexSchema.FIELD_FRAMES, doc.getField(IndexSchema.FIELD_FRAMES).numericValue().intValue());
        IndexableField tuning = doc.getField(IndexSchema.FIELD_TUNING);
        if (tuning != null) out.addField(IndexSchema.FIELD_TUNING, tuning.numericValue().floatValue());
        BytesRef chroma = doc.getField(IndexSchema.FIELD_CHROMA).binaryValue();
        out.addField(IndexSchema.FIELD_CHROMA, BytesRef.deepCopyOf(chroma).bytes);
        for (String name : SHINGLE_FIELDS) {
            IndexableField f = doc.getField(name);
            if (f != null) out.addField(name, preAnalyzed(f));
        }
        return out;
    }

    /** Solr's JSON pre-analysed form of a token stream: terms and position increments. */
    static String preAnalyzed(IndexableField field) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("v", "1");
        ArrayNode tokens = root.putArray("tokens");
        try (TokenStream ts = field.tokenStream(null, null)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            PositionIncrementAttribute inc = ts.addAttribute(PositionIncrementAttribute.class);
            ts.reset();
            while (ts.incrementToken()) tokens.addObject().put("t", term.toString()).put("i", inc.getPositionIncrement());
            ts.end();
        }
        return JSON.writeValueAsString(root);
    }
}
