package dev.scone.fgram.table;

import dev.scone.fgram.arrow.TableFormatException;
import java.nio.file.Path;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * How an embedding table stores its values. Readers always hand out float32; FLOAT16 halves the
 * file (Arrow's {@code Float16} rounding), INT8 quarters it with one float32 scale per row
 * (symmetric quantization: {@code value ≈ q * scale}, {@code scale = maxabs / 127}, error at most
 * {@code scale / 2} per element).
 */
public enum EmbeddingDtype {
  FLOAT32("float32", 4, new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)),
  FLOAT16("float16", 2, new ArrowType.FloatingPoint(FloatingPointPrecision.HALF)),
  INT8("int8", 1, new ArrowType.Int(8, true));

  private final String label;
  private final int bytes;
  private final ArrowType elementType;

  EmbeddingDtype(String label, int bytes, ArrowType elementType) {
    this.label = label;
    this.bytes = bytes;
    this.elementType = elementType;
  }

  /** The name in the file's {@code dtype} metadata. */
  public String label() {
    return label;
  }

  /** Bytes per stored element. */
  public int bytesPerElement() {
    return bytes;
  }

  public ArrowType elementType() {
    return elementType;
  }

  /** Whether rows carry a {@code scale: Float32} column. */
  public boolean scaled() {
    return this == INT8;
  }

  /** The dtype with this metadata label. */
  static EmbeddingDtype fromLabel(Path file, String label) throws TableFormatException {
    for (EmbeddingDtype d : values()) {
      if (d.label.equals(label)) return d;
    }
    throw new TableFormatException(
        file, "unknown dtype (expected float32, float16 or int8, found '" + label + "')");
  }
}
