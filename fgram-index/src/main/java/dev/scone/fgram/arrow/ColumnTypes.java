package dev.scone.fgram.arrow;

import dev.scone.fgram.table.EmbeddingDtype;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The columns of the two formats, built for writing and described for checking: a file is
 * accepted when its columns read the same as the expected ones ({@code embedding:
 * FixedSizeList<Float32>[256], scale: Float32}); names of list children and nullability flags
 * are not compared, so files from other Arrow writers with the same types are read too.
 */
public final class ColumnTypes {
  public static final String TOKENS = "tokens";
  public static final String COUNT = "count";
  public static final String EMBEDDING = "embedding";
  public static final String SCALE = "scale";

  private static final ArrowType INT32 = new ArrowType.Int(32, true);
  private static final ArrowType INT64 = new ArrowType.Int(64, true);
  private static final ArrowType FLOAT32 = new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);

  private ColumnTypes() {}

  public static List<Field> vocabulary() {
    Field item = new Field("item", FieldType.notNullable(INT32), null);
    return List.of(
        new Field(TOKENS, FieldType.notNullable(ArrowType.List.INSTANCE), List.of(item)),
        new Field(COUNT, FieldType.notNullable(INT64), null));
  }

  public static List<Field> table(int dim, EmbeddingDtype dtype) {
    Field item = new Field("item", FieldType.notNullable(dtype.elementType()), null);
    List<Field> fields = new ArrayList<>();
    fields.add(new Field(EMBEDDING, FieldType.notNullable(new ArrowType.FixedSizeList(dim)), List.of(item)));
    if (dtype.scaled()) fields.add(new Field(SCALE, FieldType.notNullable(FLOAT32), null));
    return fields;
  }

  /** Refuses a schema whose columns differ from {@code expected} in names or types. */
  public static void require(java.nio.file.Path file, Schema found, List<Field> expected) throws TableFormatException {
    String want = describe(expected);
    String got = describe(found.getFields());
    if (!want.equals(got)) {
      throw new TableFormatException(file, "wrong column types (expected " + want + ", found " + got + ")");
    }
  }

  static String describe(List<Field> fields) {
    return fields.stream().map(f -> f.getName() + ": " + describe(f)).collect(Collectors.joining(", "));
  }

  private static String describe(Field f) {
    ArrowType t = f.getType();
    List<Field> children = f.getChildren();
    String child = children.size() == 1 ? describe(children.get(0)) : children.size() + " children";
    if (t instanceof ArrowType.FixedSizeList) {
      return "FixedSizeList<" + child + ">[" + ((ArrowType.FixedSizeList) t).getListSize() + "]";
    }
    if (t instanceof ArrowType.List) return "List<" + child + ">";
    if (t instanceof ArrowType.Int) {
      ArrowType.Int i = (ArrowType.Int) t;
      return (i.getIsSigned() ? "Int" : "UInt") + i.getBitWidth();
    }
    if (t instanceof ArrowType.FloatingPoint) {
      switch (((ArrowType.FloatingPoint) t).getPrecision()) {
        case HALF: return "Float16";
        case SINGLE: return "Float32";
        default: return "Float64";
      }
    }
    return t.toString();
  }
}
