package org.ctcretrieval.server;

/**
 * An indexed recording as the API shows it.
 *
 * @param key     opaque ID: the first 16 hex digits of the SHA-256 of the recording's path; clients address the
 *                recording only by this, never by a path
 * @param path    the file it was indexed from (the index's recording ID)
 * @param name    the file name
 * @param doc     Lucene document number in the current index generation (-1 for a recording of a SolrCloud collection)
 * @param frames  chroma frames at the index's retrieval rate
 * @param seconds duration from the frame count
 * @param sha256  content hash stored at indexing time
 */
record Recording(String key, String path, String name, int doc, int frames, double seconds, String sha256) {}
