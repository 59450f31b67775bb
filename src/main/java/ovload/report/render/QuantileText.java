package ovload.report.render;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;
import ovload.serverside.metrics.HistogramQuantile;

/**
 * A histogram quantile in milliseconds as the reports print it, in English and in Chinese: a figure
 * when its bucket is fine enough to trust the interpolation, else the bucket's range, said to be one
 * ("1–2.5 s (one bucket)", "> 10 s (above the top bucket)"); and the change between two phases, which
 * is never claimed when both fall in one bucket.
 */
final class QuantileText {
  private QuantileText() {}

  /** One quantile: "420 ms", "1–2.5 s (one bucket)", "> 10 s (above the top bucket)". */
  static String english(HistogramQuantile q) {
    return text(q, Phrasebook.ENGLISH);
  }

  static String chinese(HistogramQuantile q) {
    return text(q, Phrasebook.CHINESE);
  }

  static String text(HistogramQuantile q, Phrasebook words) {
    if (!q.onlyBucketRange()) {
      return bare(q);
    }
    return bare(q) + (q.aboveTopBucket() ? words.aboveTopBucket : Double.isInfinite(q.lower()) ? words.lowestBucket : words.oneBucket);
  }

  /** Before and after: "3339 → 7792 ms", "1–2.5 s → 2.5–5 s (bucket ranges)", "1–2.5 s in both phases (one bucket: no change shown)". */
  static String change(HistogramQuantile before, HistogramQuantile after, Phrasebook words) {
    if (before.sameBucket(after)) {
      return String.format(after.aboveTopBucket() ? words.sameTopBucket : words.sameBucket, bare(after));
    }
    if (!before.onlyBucketRange() && !after.onlyBucketRange()) {
      return fmt(before.value()) + " → " + fmt(after.value()) + " ms";
    }
    if (before.onlyBucketRange() && after.onlyBucketRange()) {
      return bare(before) + " → " + bare(after) + words.bucketRanges;
    }
    return text(before, words) + " → " + text(after, words);
  }

  /** The growth from before to after as "+152 ms" when both are figures in different buckets; else null (say the change instead). */
  static String growth(HistogramQuantile before, HistogramQuantile after) {
    if (before.sameBucket(after) || before.onlyBucketRange() || after.onlyBucketRange()) {
      return null;
    }
    return String.format(Locale.ROOT, "%+.0f ms", after.value() - before.value());
  }

  /** The figure or the range, with its unit and no remark. */
  private static String bare(HistogramQuantile q) {
    if (!q.onlyBucketRange()) {
      return fmt(q.value()) + " ms";
    }
    if (q.aboveTopBucket()) {
      return "> " + bound(q.lower());
    }
    if (Double.isInfinite(q.lower())) {
      return "≤ " + bound(q.upper());
    }
    return q.upper() >= 1000 ? number(q.lower() / 1000) + "–" + number(q.upper() / 1000) + " s"
        : number(q.lower()) + "–" + number(q.upper()) + " ms";
  }

  /** A bound in seconds from 1 s up, else in ms. */
  private static String bound(double ms) {
    return Math.abs(ms) >= 1000 ? number(ms / 1000) + " s" : number(ms) + " ms";
  }

  private static String number(double v) {
    return new BigDecimal(v, new MathContext(6)).stripTrailingZeros().toPlainString();
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.0f", v);
  }
}
