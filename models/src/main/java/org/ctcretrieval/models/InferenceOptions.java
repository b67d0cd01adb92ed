package org.ctcretrieval.models;

import org.ctcretrieval.common.UsageException;

/**
 * How {@link DeepChromaModel} runs the network with ONNX Runtime.
 *
 * @param intraOpThreads threads ONNX Runtime uses inside one operator; default: all available processors
 * @param chunkFrames    frames evaluated per network call (bounds memory: about 56 kB per frame for the widest
 *                       layer); longer inputs are split into chunks with {@link DeepChromaModel#CONTEXT_FRAMES}
 *                       frames of context on each side, which makes the result equal to evaluating the whole input
 *                       at once
 * @param optLevel       ONNX Runtime graph optimisation level: {@code NO_OPT}, {@code BASIC_OPT},
 *                       {@code EXTENDED_OPT} or {@code ALL_OPT} (default)
 * @param spinning       whether ONNX Runtime's intra-op threads spin while they wait for work (ONNX Runtime's
 *                       {@code session.intra_op.allow_spinning}). Off by default: spinning can shorten the waits
 *                       between operators, but burns their CPU time, which other threads of the process (the next
 *                       chunk's network input, the HCQT of the next recording) or other processes need; with one
 *                       intra-op thread there is no pool and nothing spins
 */
public record InferenceOptions(int intraOpThreads, int chunkFrames, String optLevel, boolean spinning) {
    /** Default frames per network call (40 s of audio at 25 Hz). */
    public static final int DEFAULT_CHUNK_FRAMES = 1000;

    public InferenceOptions {
        if (intraOpThreads < 1) throw new UsageException("thread count must be at least 1: " + intraOpThreads);
        if (chunkFrames < 1) throw new UsageException("chunk length must be at least 1 frame: " + chunkFrames);
        if (!java.util.List.of("NO_OPT", "BASIC_OPT", "EXTENDED_OPT", "ALL_OPT").contains(optLevel)) {
            throw new UsageException("unknown optimisation level '" + optLevel
                    + "' (NO_OPT, BASIC_OPT, EXTENDED_OPT, ALL_OPT)");
        }
    }

    /** All processors, {@value #DEFAULT_CHUNK_FRAMES}-frame chunks, all graph optimisations, no spinning. */
    public static InferenceOptions defaults() {
        return new InferenceOptions(Runtime.getRuntime().availableProcessors(), DEFAULT_CHUNK_FRAMES, "ALL_OPT",
                false);
    }

    public InferenceOptions withThreads(int threads) {
        return new InferenceOptions(threads, chunkFrames, optLevel, spinning);
    }

    public InferenceOptions withChunkFrames(int frames) {
        return new InferenceOptions(intraOpThreads, frames, optLevel, spinning);
    }

    public InferenceOptions withOptLevel(String level) {
        return new InferenceOptions(intraOpThreads, chunkFrames, level, spinning);
    }

    public InferenceOptions withSpinning(boolean spin) {
        return new InferenceOptions(intraOpThreads, chunkFrames, optLevel, spin);
    }
}
