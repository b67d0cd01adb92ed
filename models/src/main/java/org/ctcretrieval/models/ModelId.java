package org.ctcretrieval.models;

import org.ctcretrieval.common.UsageException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The 25 trained deep chroma models of the ctc_chroma package (model table of its README), identified as
 * {@code <version>_<training>_train<splits>valid<split>}.
 *
 * <ul>
 *   <li>{@code v1_ctc_*}: paper [1], Zalkow &amp; Müller, "Using Weakly Aligned Score–Audio Pairs to Train Deep Chroma
 *       Models for Cross-Modal Music Retrieval", ISMIR 2020; CTC loss, first version of the training data.</li>
 *   <li>{@code v2_*}: paper [2], Zalkow &amp; Müller, "CTC-Based Learning of Chroma Features for Score–Audio Music
 *       Retrieval" (IEEE/ACM TASLP 2021), trained on the second, extended version of the training data with CTC
 *       ({@code ctc}), or with cross-entropy on linearly stretched ({@code linear}) or strongly aligned
 *       ({@code strong}) frame labels.</li>
 * </ul>
 * The digits name the dataset folds used for training and for validation (early stopping); the remaining fold was
 * held out as test set in the papers.
 */
public enum ModelId {
    V1_CTC_TRAIN1234VALID5, V1_CTC_TRAIN123VALID4, V1_CTC_TRAIN2345VALID1, V1_CTC_TRAIN234VALID5,
    V1_CTC_TRAIN3451VALID2, V1_CTC_TRAIN345VALID1, V1_CTC_TRAIN4512VALID3, V1_CTC_TRAIN451VALID2,
    V1_CTC_TRAIN5123VALID4, V1_CTC_TRAIN512VALID3,
    V2_CTC_TRAIN123VALID4, V2_CTC_TRAIN234VALID5, V2_CTC_TRAIN345VALID1, V2_CTC_TRAIN451VALID2,
    V2_CTC_TRAIN512VALID3,
    V2_LINEAR_TRAIN123VALID4, V2_LINEAR_TRAIN234VALID5, V2_LINEAR_TRAIN345VALID1, V2_LINEAR_TRAIN451VALID2,
    V2_LINEAR_TRAIN512VALID3,
    V2_STRONG_TRAIN123VALID4, V2_STRONG_TRAIN234VALID5, V2_STRONG_TRAIN345VALID1, V2_STRONG_TRAIN451VALID2,
    V2_STRONG_TRAIN512VALID3;

    /** The model used when none is chosen: CTC-trained, extended training data of the follow-up paper. */
    public static final ModelId DEFAULT = V2_CTC_TRAIN345VALID1;

    /** Why {@link #recommended()} models are recommended, for listings. */
    public static final String RECOMMENDATION = "v2_ctc_* are recommended for recordings outside the original"
            + " datasets: they were trained on the extended (larger) training data of the follow-up"
            + " paper [2] with the CTC loss, which needs only weakly aligned score-audio pairs and"
            + " is the training procedure both papers propose; linear/strong are the cross-entropy baselines of [2].";

    /** The identifier as used in file names and by the original package, e.g. {@code v2_ctc_train345valid1}. */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** {@code v1} (paper [1], ISMIR 2020) or {@code v2} (paper [2], follow-up). */
    public String dataVersion() {
        return id().substring(0, 2);
    }

    /** {@code ctc}, {@code linear} or {@code strong}. */
    public String training() {
        return id().split("_")[1];
    }

    /** Human-readable training procedure, as in the original model table. */
    public String trainingDescription() {
        return switch (training()) {
            case "ctc" -> "CTC";
            case "linear" -> "cross-entropy, linear alignment";
            case "strong" -> "cross-entropy, strong alignment";
            default -> throw new AssertionError(training());
        };
    }

    /** Publication that used the model. */
    public String paper() {
        return dataVersion().equals("v1")
                ? "[1] Zalkow & Mueller, ISMIR 2020"
                : "[2] Zalkow & Mueller, CTC-based learning of chroma features (follow-up, TASLP 2021)";
    }

    /** Folds used for training, e.g. {@code 345}. */
    public String trainFolds() {
        String s = id().substring(id().indexOf("train") + 5);
        return s.substring(0, s.indexOf("valid"));
    }

    /** Fold used for validation. */
    public String validationFold() {
        return id().substring(id().indexOf("valid") + 5);
    }

    /** Whether this model is recommended for new recordings (see {@link #RECOMMENDATION}). */
    public boolean recommended() {
        return dataVersion().equals("v2") && training().equals("ctc");
    }

    /**
     * Parses an identifier such as {@code v2_ctc_train345valid1} (case-insensitive).
     *
     * @throws IllegalArgumentException naming the unknown identifier and listing all valid ones
     */
    public static ModelId parse(String id) {
        for (ModelId m : values()) {
            if (m.id().equalsIgnoreCase(id.trim())) return m;
        }
        throw new UsageException("unknown model ID '" + id + "'; valid IDs: " + allIds());
    }

    /** All identifiers, comma-separated, in table order. */
    public static String allIds() {
        return Arrays.stream(values()).map(ModelId::id).collect(Collectors.joining(", "));
    }

    /** All recommended models. */
    public static List<ModelId> recommendedModels() {
        return Arrays.stream(values()).filter(ModelId::recommended).toList();
    }

    @Override
    public String toString() {
        return id();
    }
}
