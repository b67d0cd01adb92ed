package org.ctcretrieval.server;

import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.UUID;
import org.ctcretrieval.common.InputException;
import org.ctcretrieval.query.audio.AudioSearch;
import org.ctcretrieval.query.audio.QueryAudio.AudioSpan;
import org.ctcretrieval.query.search.SearchOptions;
import org.ctcretrieval.query.search.SearchResult;

/**
 * A search by audio, as {@code ctcr query --audio / --sung}: an excerpt of a performance in the multipart field
 * {@code audio} (find the other performances; its own recording is left out unless {@code includeSelf}) or a
 * hummed, sung or whistled melody in {@code sung} (searched in every key unless {@code fixedKey}), with an
 * optional span {@code from}/{@code to} in seconds. Audio the search refuses is a 422 with its message.
 */
final class AudioRequest {
    private final UploadedFile file;
    private final AudioSearch.Kind kind;
    private final AudioSpan span;
    private final boolean includeSelf;
    private final boolean fixedKey;

    /** What the audio holds: an excerpt or a sung melody. */
    AudioSearch.Kind kind() {
        return kind;
    }

    private AudioRequest(UploadedFile file, AudioSearch.Kind kind, ThemeRequest fields) {
        this.file = file;
        this.kind = kind;
        Double from = fields.number("from", 0, 86_400);
        Double to = fields.number("to", 0, 86_400);
        this.span = AudioSpan.of(from, to);
        this.includeSelf = fields.flag("includeSelf");
        this.fixedKey = fields.flag("fixedKey");
    }

    /** The audio query of the request, or null if it has neither an {@code audio} nor a {@code sung} file. */
    static AudioRequest of(Context ctx, ThemeRequest fields) {
        UploadedFile audio = ctx.uploadedFile("audio");
        UploadedFile sung = ctx.uploadedFile("sung");
        if (audio != null && sung != null) throw ApiError.badRequest("send either an 'audio' or a 'sung' file, not both");
        UploadedFile f = audio != null ? audio : sung;
        if (f == null) return null;
        if (ctx.uploadedFile("theme") != null || ctx.formParam("chroma") != null) {
            throw ApiError.badRequest("send either a theme ('theme' or 'chroma') or audio ('audio' or 'sung'), not both");
        }
        return new AudioRequest(f, audio != null ? AudioSearch.Kind.EXCERPT : AudioSearch.Kind.SUNG, fields);
    }

    /** How the query is named in the result: the uploaded file's name. */
    String label() {
        return ThemeRequest.safeName(file.filename());
    }

    /** The options of a score search, but a sung melody is searched in every key unless {@code fixedKey}. */
    SearchOptions options(SearchOptions asked) {
        return kind == AudioSearch.Kind.SUNG ? asked.withTranspose(!fixedKey) : asked;
    }

    /**
     * Searches a private copy of the upload (keeping the client's extension, which tells the decoder the format);
     * problems with the audio come back as 422 naming the client's file (never the server's temporary path).
     */
    SearchResult search(AudioSearch search, SearchOptions options, Path uploads) throws IOException {
        String name = label();
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? ".audio" : name.substring(dot).toLowerCase(Locale.ROOT).replaceAll("[^.a-z0-9]", "");
        Path tmp = uploads.resolve(UUID.randomUUID() + ext);
        try (InputStream in = file.content()) {
            Files.copy(in, tmp);
            return search.search(tmp, kind, span, options(options), includeSelf);
        } catch (InputException e) {
            throw new ApiError(422, e.getMessage().replace(tmp.toString(), name));
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
