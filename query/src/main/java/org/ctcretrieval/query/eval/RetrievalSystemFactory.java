package org.ctcretrieval.query.eval;

import java.io.IOException;
import java.nio.file.Path;

/** Opens the system to evaluate on an index folder (what {@code ctcr evaluate -x DIR} searches). */
@FunctionalInterface
public interface RetrievalSystemFactory {
    /**
     * @param indexDir the index folder given with {@code -x}
     * @throws IOException if the folder is not a readable index (an {@code InputException} naming it)
     */
    RetrievalSystem open(Path indexDir) throws IOException;
}
