package dev.scone.training.fgrams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scone.fgram.vocab.FgramVocabulary;
import dev.scone.fgram.vocab.VocabularyFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VocabularyStoreTest {

  @TempDir Path store;

  /** A one-f-gram vocabulary told apart from the others by its tokens (a, b). */
  private static FgramVocabulary vocabulary(int a, int b) {
    return FgramVocabulary.of(new FgramVocabulary.Meta("t", 1000, 3, 0), List.of(new int[] {a, b}), new long[] {5});
  }

  @Test
  void versionsFollowTheLargestPresent() throws Exception {
    VocabularyStore vocabs = new VocabularyStore(store);
    assertEquals(1, vocabs.publishNext(vocabulary(1, 2), "").version());
    assertEquals(2, vocabs.publishNext(vocabulary(3, 4), "").version());
    assertEquals(2, vocabs.latestVersion().getAsLong());
    assertEquals(2, VocabularyFile.read(vocabs.fileOf(2)).vocabulary().meta().version());
  }

  /** The experiment's parallel runs publish into one store: no version may be taken twice. */
  @Test
  void concurrentPublishersEachGetTheirOwnVersion() throws Exception {
    int threads = 4;
    int each = 6;
    Map<Long, int[]> published = new ConcurrentHashMap<>();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(pool.submit(() -> {
          start.await();
          VocabularyStore vocabs = new VocabularyStore(store); // one instance per publisher, as in separate runs
          for (int i = 0; i < each; i++) {
            int[] tokens = {thread, i};
            long v = vocabs.publishNext(vocabulary(thread, i), "").version();
            assertEquals(null, published.putIfAbsent(v, tokens), "version " + v + " published twice");
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : done) f.get();
    } finally {
      pool.shutdownNow();
    }
    Map<Long, int[]> sorted = new TreeMap<>(published);
    assertEquals(threads * each, sorted.size());
    assertEquals(1L, sorted.keySet().iterator().next());
    assertEquals((long) threads * each, new VocabularyStore(store).latestVersion().getAsLong());
    for (Map.Entry<Long, int[]> e : sorted.entrySet()) {
      FgramVocabulary read = VocabularyFile.read(new VocabularyStore(store).fileOf(e.getKey())).vocabulary();
      assertTrue(read.sameContent(vocabulary(e.getValue()[0], e.getValue()[1]).withVersion(e.getKey())),
          "version " + e.getKey() + " holds its own publisher's f-grams");
    }
  }
}
