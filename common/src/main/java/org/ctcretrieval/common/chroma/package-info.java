/**
 * Classic chroma features that need no trained model: CQT chroma ({@code cqt}, 25 Hz) and CENS ({@code cens},
 * 2.5 Hz), both from the h = 1 slice of the ctc_chroma HCQT so that they share its frame grid.
 */
package org.ctcretrieval.common.chroma;
