package dev.scone.trainer;

import ai.djl.Device;
import dev.scone.fgram.counting.NgramCounter;
import dev.scone.fgram.table.EmbeddingDtype;
import dev.scone.fgram.tokenize.Tokenizer;
import dev.scone.fgram.tokenize.Tokenizers;
import dev.scone.fgram.vocab.FgramSelector;
import dev.scone.fgram.vocab.FgramVocabulary;
import dev.scone.fgram.vocab.VocabularyFile;
import dev.scone.jobs.count.VocabAnnouncement;
import dev.scone.jobs.count.VocabAnnouncementJson;
import dev.scone.model.LanguageModel;
import dev.scone.model.ModelConfig;
import dev.scone.model.bundle.BundleStore;
import dev.scone.training.bundle.BundlePublisher;
import dev.scone.training.bundle.BundleRequest;
import dev.scone.training.corpus.Document;
import dev.scone.training.data.ModelVocabulary;
import dev.scone.training.data.TokenCorpus;
import dev.scone.training.fgrams.VocabularyStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A store for trainer tests, in milliseconds to seconds: a real 1-layer d=16 SCONE model over
 * gpt2 tokens (untrained), published as bundle 1 with vocabulary 1 (f-grams of "early" text),
 * and vocabulary 2 (f-grams of early + "later" text, with new phrases) published but not
 * announced; plus held-out and recent text directories.
 */
final class TinyStore {
  static final String[] EARLY = {"the union is strong", "we the people of the united states",
      "the state of the union", "our nation and our people", "the congress shall make"};
  static final String[] LATER = {"the information economy grows", "space exploration and the moon",
      "the internet connects our people", "climate change and energy", "the state of the union"};

  final Path root;
  final Path heldOut;
  final Path recent;
  final VocabularyStore.Published vocab1;
  final VocabularyStore.Published vocab2;
  final ModelVocabulary ids;

  private TinyStore(Path root, Path heldOut, Path recent, VocabularyStore.Published vocab1,
      VocabularyStore.Published vocab2, ModelVocabulary ids) {
    this.root = root;
    this.heldOut = heldOut;
    this.recent = recent;
    this.vocab1 = vocab1;
    this.vocab2 = vocab2;
    this.ids = ids;
  }

  static TinyStore create(Path dir) throws IOException {
    Tokenizer gpt2 = Tokenizers.byName("gpt2");
    List<Document> early = documents("early", EARLY, new String[0], 3, 1);
    List<Document> later = documents("later", EARLY, LATER, 3, 2);
    List<Document> held = documents("held", EARLY, LATER, 2, 3);
    List<Document> all = new ArrayList<>(early);
    all.addAll(later);
    all.addAll(held);
    ModelVocabulary ids = ModelVocabulary.fromCounts(TokenCorpus.tokenize(all, gpt2), 1);
    Path root = dir.resolve("store");
    VocabularyStore vocabs = new VocabularyStore(root);
    VocabularyStore.Published v1 = vocabs.publishNext(select(early, gpt2, 30), "");
    List<Document> both = new ArrayList<>(early);
    both.addAll(later);
    VocabularyStore.Published v2 = vocabs.publishNext(select(both, gpt2, 60), "");
    ModelConfig config = new ModelConfig(1, 16, 2, 32, 32, ids.size(), 0.0, 4, 1, 7);
    try (LanguageModel model = LanguageModel.create(config, Device.cpu())) {
      FgramVocabulary f1 = VocabularyFile.read(v1.file(), v1.sha256()).vocabulary();
      BundlePublisher.at(root).publish(BundleRequest.of(model, ids, "tiny-m1", f1, EmbeddingDtype.FLOAT32));
    }
    return new TinyStore(root, write(dir.resolve("held-out"), held), dir.resolve("recent") , v1, v2, ids)
        .withRecent(later);
  }

  private TinyStore withRecent(List<Document> later) throws IOException {
    write(recent, later);
    return this;
  }

  /** {@code count} documents of 40 sentences drawn from {@code a} and {@code b}, seeded. */
  private static List<Document> documents(String prefix, String[] a, String[] b, int count, long seed) {
    Random random = new Random(seed);
    List<Document> out = new ArrayList<>();
    for (int d = 0; d < count; d++) {
      StringBuilder text = new StringBuilder();
      for (int s = 0; s < 40; s++) {
        String[] from = b.length > 0 && random.nextBoolean() ? b : a;
        text.append(from[random.nextInt(from.length)]).append(random.nextInt(4) == 0 ? ".\n" : ", ");
      }
      out.add(new Document(prefix + "-" + d, text.toString()));
    }
    return out;
  }

  private static FgramVocabulary select(List<Document> docs, Tokenizer tokenizer, int size) {
    TokenCorpus text = TokenCorpus.tokenize(docs, tokenizer);
    NgramCounter counter = new NgramCounter(text.vocabSize(), 4);
    for (int d = 0; d < text.documents(); d++) counter.addDocument(text.tokens(d));
    return new FgramSelector(size, 3).select(counter, new FgramVocabulary.Meta("gpt2", text.vocabSize(), 4, 0));
  }

  private static Path write(Path dir, List<Document> docs) throws IOException {
    Files.createDirectories(dir);
    for (Document d : docs) Files.writeString(dir.resolve(d.id() + ".txt"), d.text(), StandardCharsets.UTF_8);
    return dir;
  }

  /** The scone.vocab message value announcing {@code p} (as the counting job writes it). */
  static String announcement(VocabularyStore.Published p, String uri, String sha256) throws IOException {
    FgramVocabulary v = VocabularyFile.read(p.file(), p.sha256()).vocabulary();
    VocabAnnouncement a = new VocabAnnouncement(p.version(), uri, sha256, v.size(), v.meta().maxN(),
        Instant.now().toString());
    return new String(new VocabAnnouncementJson().serialize(a), StandardCharsets.UTF_8);
  }

  static String announcement(VocabularyStore.Published p) throws IOException {
    return announcement(p, p.file().toUri().toString(), p.sha256());
  }
}
