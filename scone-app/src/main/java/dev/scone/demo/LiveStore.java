package dev.scone.demo;

import dev.scone.fgram.files.FileTrees;
import dev.scone.training.corpus.Document;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * This run's working directory {@code <dir>/live}, remade each run: {@code store/} (a copy of the
 * trained SCONE model's store, into which the count job and the trainer publish), {@code
 * held-out/} (the text the trainer's gate scores on) and {@code recent/} (the live text so far,
 * which the trainer retrains on) and {@code checkpoints/}. Immutable.
 */
record LiveStore(Path root) {

  static LiveStore prepare(Path root, Path trainedStore, List<Document> heldOut) throws IOException {
    FileTrees.delete(root);
    LiveStore s = new LiveStore(root);
    DemoFiles.copyTree(trainedStore, s.store());
    DemoCorpus.write(heldOut, s.heldOut());
    Files.createDirectories(s.recent());
    return s;
  }

  Path store() {
    return root.resolve("store");
  }

  Path heldOut() {
    return root.resolve("held-out");
  }

  /** The count job's checkpoints (this run only). */
  Path checkpoints() {
    return root.resolve("checkpoints");
  }

  Path recent() {
    return root.resolve("recent");
  }
}
