/**
 * Detectors of personal data and secrets in free text, and a masker.
 *
 * <p>A plain JDK-only library shared by the {@code guardrails-basic} and {@code redaction-pii}
 * plugins, which shade it into their jars under a relocated package (PF4J does not read nested
 * jars, and relocation keeps two plugins' copies apart). It is never a plugin of its own.
 *
 * <p>Each {@link dev.caravan.pii.Detector} finds the spans of one {@link dev.caravan.pii.PiiKind}.
 * Detectors favour precision: a candidate found by a bounded regular expression is kept only when
 * it passes the kind's own check (Luhn and card-network prefixes for cards, the country length and
 * mod-97 for IBANs, the SSA area/group/serial rules for US SSNs, octet ranges for IPv4, group
 * structure for IPv6), so order numbers, dates, version strings and UUIDs are not reported.
 * {@link dev.caravan.pii.PiiScanner} runs a set of detectors and resolves overlaps;
 * {@link dev.caravan.pii.PiiMasker} replaces each span with a fixed placeholder such as
 * {@code [EMAIL]}, so nothing of the original value (no prefix, length or hash) survives.
 *
 * <p>Performance: every pattern uses bounded repetition and no nested unbounded quantifiers, so a
 * scan is linear in the text length. All types are immutable and thread-safe.
 */
package dev.caravan.pii;
