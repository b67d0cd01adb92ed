package org.ctcretrieval.query.score;

/**
 * A part of a score (MusicXML {@code <score-part>}) or a track of a MIDI file that holds pitched notes.
 *
 * @param id    MusicXML part ID (e.g. {@code P1}); MIDI {@code T<n>} with n the 1-based track number in the file
 * @param name  part name (MusicXML {@code <part-name>}; MIDI track name), empty if none
 * @param index 1-based position in {@link Score#parts()}
 */
public record PartInfo(String id, String name, int index) {

    /** True if {@code key} names this part: equal to its ID or its name (ignoring case), or to its index. */
    public boolean matches(String key) {
        String k = key.trim();
        if (k.equalsIgnoreCase(id) || (!name.isEmpty() && k.equalsIgnoreCase(name.trim()))) return true;
        return k.matches("\\d+") && Integer.parseInt(k) == index;
    }

    @Override
    public String toString() {
        return index + ": " + id + (name.isEmpty() ? "" : " \"" + name + "\"");
    }
}
