package dev.scone.model.bundle;

import dev.scone.fgram.files.FileSha256;
import dev.scone.fgram.match.MatchIndexFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The first half of opening a bundle: every file the bundle needs is listed in the manifest,
 * present, of the listed size, and (except vocab.arrow, table.arrow and match.index, whose readers
 * verify the listed checksum on the very bytes they then map, so each is hashed once) of the
 * listed SHA-256.
 */
public final class BundleFiles {
  public static final String CONFIG = "config.json";
  public static final String MAIN_PARAMS = "main.params";
  public static final String FGRAM_PARAMS = "fgram.params";
  public static final String VOCAB = "vocab.arrow";
  public static final String TABLE = "table.arrow";
  /** The matcher's index, mapped at load; optional (bundles published before it build the matcher). */
  public static final String MATCH_INDEX = MatchIndexFile.NAME;

  private BundleFiles() {}

  /** Files every bundle has; {@code fgram.params} too when the model has an f-gram model. */
  static List<String> required(boolean fgramModel) {
    List<String> names = new ArrayList<>(List.of(CONFIG, MAIN_PARAMS,
        TokenIdMapFile.NAME, VOCAB, TABLE));
    if (fgramModel) names.add(FGRAM_PARAMS);
    return names;
  }

  /** The manifest's entry for a required file. */
  static BundleFile entry(Path dir, BundleManifest manifest, String name, String bundle) throws BundleException {
    return manifest.file(name).orElseThrow(() -> new BundleException(dir.resolve(BundleManifest.FILE_NAME),
        "does not list " + name + " (expected an entry for every bundle file)", bundle));
  }

  /** Checks presence and size of every listed file, and the SHA-256 of all but the Arrow files. */
  static void verify(Path dir, BundleManifest manifest, String bundle) throws IOException {
    for (BundleFile f : manifest.files()) {
      Path file = dir.resolve(f.name());
      if (!Files.isRegularFile(file)) {
        throw new BundleException(file, "missing (manifest.json lists it with sha256 " + f.sha256() + ")", bundle);
      }
      long size = Files.size(file);
      if (size != f.bytes()) {
        throw new BundleException(file, "size does not match manifest.json (expected " + f.bytes()
            + " bytes, found " + size + ")", bundle);
      }
    }
    for (BundleFile f : manifest.files()) {
      if (f.name().equals(VOCAB) || f.name().equals(TABLE) || f.name().equals(MATCH_INDEX)) continue;
      Path file = dir.resolve(f.name());
      String found = FileSha256.of(file);
      if (!found.equals(f.sha256())) {
        throw new BundleException(file, "sha256 does not match manifest.json (expected " + f.sha256() + ", found "
            + found + ")", bundle);
      }
    }
  }
}
