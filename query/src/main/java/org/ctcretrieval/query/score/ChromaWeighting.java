package org.ctcretrieval.query.score;

/**
 * How a note contributes to the chroma frames it overlaps. A frame {@code t} covers
 * {@code [t - 1/2, t + 1/2) / frameRate} seconds around its centre; "overlap" is the fraction of that interval
 * the note sounds (0..1).
 */
public enum ChromaWeighting {
    /** 1 for every pitch class sounding at any time in the frame. */
    BINARY,
    /** Sum of the overlaps of the notes of each pitch class. */
    DURATION,
    /** Sum of overlap times velocity / 127. */
    VELOCITY,
    /**
     * Sum of overlap times {@code exp(-t / }{@value QueryModel#ONSET_DECAY_SECONDS}{@code  s)}, t the time from the
     * note's onset to the frame centre (0 if the centre is before the onset).
     */
    ONSET
}
