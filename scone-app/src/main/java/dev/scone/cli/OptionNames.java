package dev.scone.cli;

import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Config records validate themselves and name their own fields ({@code learningRate must be > 0});
 * a user typed {@code --lr}. A command builds its configs through {@link #build} with a map from
 * field name to option, and a refused value becomes a usage error in the user's words
 * ({@code --lr must be > 0, got -1.0}). The configs stay free of CLI names.
 */
final class OptionNames {
  private OptionNames() {}

  /**
   * {@code config.get()}, whose {@link IllegalArgumentException} becomes a {@link ParameterException}
   * with every field of {@code optionsByField} in its message replaced by its option.
   */
  static <T> T build(CommandSpec spec, Map<String, String> optionsByField, Supplier<T> config) {
    try {
      return config.get();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), translate(e.getMessage(), optionsByField), e);
    }
  }

  /** {@code message} with each field name of {@code optionsByField}, as a whole word, replaced by its option. */
  static String translate(String message, Map<String, String> optionsByField) {
    if (optionsByField.isEmpty()) return message;
    String alternatives = String.join("|", optionsByField.keySet().stream().map(Pattern::quote).toList());
    Matcher m = Pattern.compile("(?<![\\w-])(" + alternatives + ")(?![\\w-])").matcher(message);
    StringBuilder out = new StringBuilder();
    while (m.find()) m.appendReplacement(out, Matcher.quoteReplacement(optionsByField.get(m.group(1))));
    m.appendTail(out);
    return out.toString();
  }
}
