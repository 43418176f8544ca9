package dev.scone.cli;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads an enum option as users type it: the constant's name in lower case with dashes for
 * underscores ({@code blank-line} for {@code BLANK_LINE}), any case accepted. picocli makes its
 * converters with a no-argument constructor, so each enum gets a one-line subclass naming it.
 */
abstract class KebabCaseEnum<E extends Enum<E>> implements ITypeConverter<E> {
  private final Class<E> type;

  KebabCaseEnum(Class<E> type) {
    this.type = type;
  }

  /** {@code value} as users type it. */
  static String name(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  @Override
  public E convert(String value) {
    for (E e : type.getEnumConstants()) {
      if (name(e).equalsIgnoreCase(value)) return e;
    }
    throw new TypeConversionException("expected " + Arrays.stream(type.getEnumConstants()).map(KebabCaseEnum::name)
        .collect(Collectors.joining(" or ")) + ", found '" + value + "'");
  }
}
