package dev.scone.model;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A block's parameters as one DJL parameter file (DJL's own encoding, which reloads arrays bit
 * for bit). The main model and the f-gram model are written to separate files so a server that
 * reads f-gram vectors from the table loads only the main model.
 */
final class ParameterFiles {

  static final String CONFIG = "config.json";
  static final String MAIN = "main.params";
  static final String FGRAM = "fgram.params";

  private ParameterFiles() {}

  static void save(Block block, Path file) {
    try (DataOutputStream out =
        new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
      block.saveParameters(out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write parameters to " + file, e);
    }
  }

  /**
   * Loads {@code file} into {@code block}, whose parameter shapes were set from the config.
   *
   * @throws IllegalArgumentException when the file is missing, malformed or its shapes do not
   *     match the config's
   */
  static void load(Block block, NDManager manager, Path file) {
    Map<String, Shape> expected = new LinkedHashMap<>();
    for (Pair<String, Parameter> p : block.getParameters()) {
      expected.put(p.getKey(), p.getValue().getShape());
    }
    try (DataInputStream in =
        new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
      block.loadParameters(manager, in);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("parameter file " + file + " does not exist", e);
    } catch (IOException | MalformedModelException | RuntimeException e) {
      throw new IllegalArgumentException(
          "cannot load parameters from " + file + " (does it match config.json?): " + e, e);
    }
    for (Pair<String, Parameter> p : block.getParameters()) {
      Shape found = p.getValue().getShape();
      if (!found.equals(expected.get(p.getKey()))) {
        throw new IllegalArgumentException(file + ": parameter " + p.getKey() + " has shape "
            + found + " but config.json gives " + expected.get(p.getKey()));
      }
    }
  }
}
