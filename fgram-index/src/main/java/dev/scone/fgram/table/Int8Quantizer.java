package dev.scone.fgram.table;

/**
 * Symmetric per-row int8 quantization: {@code scale = maxabs / 127}, {@code q = round(v / scale)}
 * in {@code [-127, 127]}, decoded as {@code q * scale}; the error is at most {@code scale / 2} per
 * element (plus float rounding). An all-zero row has scale 0 and decodes to zeros.
 */
final class Int8Quantizer {
  private Int8Quantizer() {}

  static float scale(float[] row, int from, int dim) {
    float maxAbs = 0f;
    for (int j = 0; j < dim; j++) maxAbs = Math.max(maxAbs, Math.abs(row[from + j]));
    return maxAbs / 127f;
  }

  static byte quantize(float v, float scale) {
    if (scale == 0f) return 0;
    int q = Math.round(v / scale);
    return (byte) Math.max(-127, Math.min(127, q));
  }
}
