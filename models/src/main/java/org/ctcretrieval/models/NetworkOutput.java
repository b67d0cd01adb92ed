package org.ctcretrieval.models;

/**
 * Everything the deep chroma network computes for one input, frame by frame.
 *
 * @param probabilities {@code [T][13]} softmax output: C, C#, ..., B, then the CTC blank
 * @param logits        {@code [T][13]} the values before the softmax
 * @param salience      {@code [T][216]} the sigmoid pitch-salience layer (36 bins per octave from C1)
 */
public record NetworkOutput(float[][] probabilities, float[][] logits, float[][] salience) {}
