package dev.scone.training.bundle;

import dev.scone.fgram.files.StagedFile;
import dev.scone.fgram.table.EmbeddingTable;
import dev.scone.fgram.table.EmbeddingTableMeta;
import dev.scone.fgram.table.EmbeddingTableWriter;
import dev.scone.fgram.vocab.FgramVocabulary;
import dev.scone.model.LanguageModel;
import dev.scone.model.ModelConfig;
import dev.scone.model.TokenIdMap;
import dev.scone.model.bundle.PrecomputeReport;
import dev.scone.progress.Progress;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Precomputes an embedding table ({@code table.arrow}) from a trained model, streaming it to an
 * {@link EmbeddingTableWriter}. The table is in the tokenizer's id space, as the lookup contract
 * says: row {@code t < V} is the main model's token embedding of {@code toModel(t)}, and row
 * {@code V + id} is the f-gram model's output for f-gram {@code id}, its tokens mapped with
 * {@code toModel}. F-grams are computed in chunks of {@link PrecomputeOptions#fgramsPerChunk()},
 * so the f-gram rows are never all on the heap.
 *
 * <p>{@link #full} computes every f-gram row. {@link #refresh} (the architecture's vocabulary
 * refresh path) copies the rows of f-grams the previous table already had, found by token
 * sequence since ids move, and computes only the new ones. The previous table must be of the
 * same model version and dtype; copied rows are then the previous table's bytes (float16 and
 * int8 rows decode and re-encode to the same values), and computed rows are what a full
 * precompute computes. (PyTorch's products round differently for different batch sizes in the
 * last bits, so a row equals another run's bit for bit only with {@code fgramBatch = 1}.)
 *
 * <p>Immutable and thread-safe: precomputes into different files may run concurrently (the
 * model's forward calls are thread-safe; each call has its own writer). Work: one gather of V
 * rows plus one f-gram model pass per f-gram row computed.
 */
public final class TablePrecompute {
  private static final Logger LOG = LoggerFactory.getLogger(TablePrecompute.class);
  private final LanguageModel model;
  private final TokenIdMap ids;
  private final String modelVersion;
  private final PrecomputeOptions options;

  private TablePrecompute(LanguageModel model, TokenIdMap ids, String modelVersion, PrecomputeOptions options) {
    this.model = model;
    this.ids = ids;
    this.modelVersion = modelVersion;
    this.options = options;
  }

  /**
   * A precompute for {@code model} (with its f-gram model loaded when there are f-grams), whose
   * vocabulary {@code ids} maps to and from the tokenizer's.
   *
   * @param modelVersion written to the table's {@code model_version} metadata
   * @throws IllegalArgumentException when {@code ids}'s model vocabulary is not the model's
   */
  public static TablePrecompute of(LanguageModel model, TokenIdMap ids, String modelVersion,
      PrecomputeOptions options) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(ids, "ids");
    Objects.requireNonNull(options, "options");
    if (modelVersion == null || modelVersion.isBlank()) throw new IllegalArgumentException("modelVersion is required");
    int modelVocab = model.config().vocabSize();
    if (ids.modelVocabSize() != modelVocab) {
      throw new IllegalArgumentException("the token id map has a model vocabulary of " + ids.modelVocabSize()
          + " ids but the model's token embedding has " + modelVocab + " rows");
    }
    return new TablePrecompute(model, ids, modelVersion, options);
  }

  /** Writes the whole table for {@code vocab}, published as the file with SHA-256 {@code vocabSha256}. */
  public PrecomputeReport full(FgramVocabulary vocab, String vocabSha256, TableTarget target) throws IOException {
    return write(vocab, vocabSha256, target, null, null);
  }

  /**
   * Writes the table for {@code vocab}, copying the rows of f-grams that {@code oldVocab} also
   * holds from {@code oldTable} (which must be {@code oldVocab}'s table, e.g. both from one
   * {@link ModelBundle}) and computing only the others.
   *
   * @throws IllegalArgumentException when the old table is of another tokenizer, V, dim, dtype
   *     or model version, or does not have {@code oldVocab}'s row count
   */
  public PrecomputeReport refresh(FgramVocabulary vocab, String vocabSha256, TableTarget target,
      FgramVocabulary oldVocab, EmbeddingTable oldTable) throws IOException {
    Objects.requireNonNull(oldVocab, "oldVocab");
    Objects.requireNonNull(oldTable, "oldTable");
    return write(vocab, vocabSha256, target, oldVocab, oldTable);
  }

  private PrecomputeReport write(FgramVocabulary vocab, String vocabSha256, TableTarget target,
      FgramVocabulary oldVocab, EmbeddingTable oldTable) throws IOException {
    checkVocabulary(vocab);
    EmbeddingTableMeta meta = EmbeddingTableMeta.forVocabulary(
            vocab, vocabSha256, model.config().dModel(), target.dtype(), modelVersion, target.version())
        .withBatchRows(options.tableBatchRows());
    PreviousTable previous = oldTable == null
        ? null
        : PreviousTable.of(oldTable, oldVocab, meta, options.fgramsPerChunk());
    String task = previous == null ? "precompute" : "refresh";
    ChunkStore chunks = ChunkStore.none();
    if (target.workDir() != null) { // a resumable run: one writer of this target, so leftovers are a killed run's
      StagedFile.deleteAbandoned(target.file());
      chunks = ChunkStore.open(target.workDir(), meta.dim(), fingerprint(vocabSha256, previous));
    }
    try (EmbeddingTableWriter writer = EmbeddingTableWriter.create(target.file(), meta);
        Progress progress = options.progressBar() ? Progress.start(task, meta.rows(), "rows") : Progress.none()) {
      int tokenRows = writeTokenRows(writer, progress);
      int copied = writeFgramRows(vocab, previous, chunks, writer, progress);
      String sha256 = writer.finish();
      chunks.delete();
      return new PrecomputeReport(sha256, meta.rows(), meta.dim(), meta.dtype().label(), tokenRows,
          vocab.size() - copied, copied, previous == null ? -1 : previous.version());
    }
  }

  /** What a resumable run's kept rows mean: a work directory of another fingerprint is emptied. */
  private String fingerprint(String vocabSha256, PreviousTable previous) {
    return "scone.precompute.work 1\nmodel_version " + modelVersion + "\nvocab_sha256 " + vocabSha256
        + "\ndim " + model.config().dModel() + "\nfgram_batch " + options.fgramBatch() + "\nfgrams_per_chunk "
        + options.fgramsPerChunk() + "\nrefresh_from " + (previous == null ? "none" : "v" + previous.version()) + "\n";
  }

  private void checkVocabulary(FgramVocabulary vocab) {
    ModelConfig config = model.config();
    FgramVocabulary.Meta m = vocab.meta();
    if (m.vocabSize() != ids.tokenizerVocabSize()) {
      throw new IllegalArgumentException("the vocabulary is for a tokenizer of " + m.vocabSize()
          + " ids but the token id map's tokenizer has " + ids.tokenizerVocabSize());
    }
    if (vocab.size() > 0 && !config.hasFgramModel()) {
      throw new IllegalArgumentException(
          "the vocabulary has " + vocab.size() + " f-grams but the model has no f-gram model (fgramLayers = 0)");
    }
    if (m.maxN() > config.maxN()) {
      throw new IllegalArgumentException("the vocabulary has f-grams up to length " + m.maxN()
          + " but the f-gram model has positions for at most " + config.maxN());
    }
  }

  /** Rows 0..V-1: the model's token embedding of each tokenizer id's model id. */
  private int writeTokenRows(EmbeddingTableWriter writer, Progress progress) throws IOException {
    int d = model.config().dModel();
    float[] embedding = model.tokenRows(); // (M, d), M = model vocabulary
    int vocabSize = ids.tokenizerVocabSize();
    int chunk = Math.max(1, Math.min(vocabSize, options.fgramsPerChunk()));
    float[] rows = new float[chunk * d];
    for (int from = 0; from < vocabSize; from += chunk) {
      int n = Math.min(chunk, vocabSize - from);
      for (int i = 0; i < n; i++) System.arraycopy(embedding, ids.toModel(from + i) * d, rows, i * d, d);
      writer.append(rows, 0, n);
      progress.stepBy(n);
    }
    return vocabSize;
  }

  /** Rows V..V+|F|-1, chunk by chunk; returns how many were copied from {@code previous}. */
  private int writeFgramRows(FgramVocabulary vocab, PreviousTable previous, ChunkStore chunks,
      EmbeddingTableWriter writer, Progress progress) throws IOException {
    int chunk = options.fgramsPerChunk();
    float[] rows = new float[Math.multiplyExact(Math.min(chunk, Math.max(1, vocab.size())), model.config().dModel())];
    int copied = 0;
    int readBack = 0;
    for (int from = 0; from < vocab.size(); from += chunk) {
      int n = Math.min(chunk, vocab.size() - from);
      int index = from / chunk;
      Optional<Integer> stored = chunks.read(index, n, rows);
      if (stored.isPresent()) {
        copied += stored.get();
        readBack++;
      } else {
        int c = fillChunk(vocab, from, n, previous, rows);
        chunks.write(index, rows, n, c);
        copied += c;
      }
      writer.append(rows, 0, n);
      progress.stepBy(n);
    }
    if (readBack > 0) {
      LOG.info("resumed: {} of {} chunks of f-gram rows were read back from a stopped run, not computed",
          readBack, (vocab.size() + chunk - 1) / chunk);
    }
    return copied;
  }

  /**
   * Fills {@code rows} with the rows of f-grams {@code from..from+n-1}: copied where the previous
   * table has the same token sequence, else computed. Returns the number copied.
   */
  private int fillChunk(FgramVocabulary vocab, int from, int n, PreviousTable previous, float[] rows) {
    List<int[]> toCompute = new ArrayList<>(n); // model-id f-grams
    int[] computeSlots = new int[n];
    int[] copyRows = new int[n];
    int[] copySlots = new int[n];
    int copied = 0;
    for (int i = 0; i < n; i++) {
      int[] tokens = vocab.tokens(from + i);
      int oldRow = previous == null ? -1 : previous.rowOf(tokens);
      if (oldRow >= 0) {
        copyRows[copied] = oldRow;
        copySlots[copied++] = i;
      } else {
        computeSlots[toCompute.size()] = i;
        toCompute.add(toModelIds(tokens));
      }
    }
    if (!toCompute.isEmpty()) {
      int d = model.config().dModel();
      float[] computed = model.fgramRows(toCompute, options.fgramBatch()); // (k, d)
      for (int j = 0; j < toCompute.size(); j++) System.arraycopy(computed, j * d, rows, computeSlots[j] * d, d);
    }
    if (copied > 0) previous.copy(copyRows, copySlots, copied, rows);
    return copied;
  }

  private int[] toModelIds(int[] tokens) {
    for (int j = 0; j < tokens.length; j++) tokens[j] = ids.toModel(tokens[j]);
    return tokens;
  }
}
