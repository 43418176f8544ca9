package dev.scone.cli;

import dev.scone.training.corpus.PlainText;
import dev.scone.training.corpus.TextDirectory;
import dev.scone.training.corpus.Corpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Text files and directories users name in options, read with {@link PlainText} (strict UTF-8):
 * a file that is missing, a directory, or not UTF-8 is a bad argument, reported as a usage error
 * naming the option and the file ({@code --text a.bin: not UTF-8 text (malformed byte sequence at
 * byte 3)}).
 */
final class TextArguments {
  private TextArguments() {}

  /** The text of {@code file}, given as {@code option}. */
  static String read(CommandSpec spec, String option, Path file) {
    try {
      return PlainText.read(file);
    } catch (IOException e) {
      throw bad(spec, option, e);
    }
  }

  /** Checks that {@code file} reads as text, for a reader that reads it later (a Flink job). */
  static void check(CommandSpec spec, String option, Path file) {
    try {
      PlainText.check(file);
    } catch (IOException e) {
      throw bad(spec, option, e);
    }
  }

  /** Checks that {@code file} exists and is a file, for a reader that decodes it record by record. */
  static void requireFile(CommandSpec spec, String option, Path file) {
    if (Files.isDirectory(file)) throw bad(spec, option, new IOException(file + ": is a directory, expected a file"));
    if (!Files.isRegularFile(file)) throw bad(spec, option, new IOException(file + ": no such file"));
  }

  /** The {@code .txt} files of {@code dir} as the corpus {@code name} ({@link TextDirectory}). */
  static Corpus directory(CommandSpec spec, String option, String name, Path dir) {
    try {
      return TextDirectory.load(name, dir);
    } catch (IOException e) {
      throw bad(spec, option, e);
    }
  }

  private static ParameterException bad(CommandSpec spec, String option, IOException e) {
    return new ParameterException(spec.commandLine(), option + " " + e.getMessage(), e);
  }
}
