package dev.scone.model.infer;

import ai.djl.ndarray.NDManager;
import dev.scone.fgram.tokenize.Tokenizer;
import dev.scone.model.TokenIdMap;
import it.unimi.dsi.fastutil.doubles.DoubleArrayList;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Text generation with the key/value cache: the prompt is prefilled in one forward, then tokens
 * are generated one forward each. With SCONE each new token's row comes from an incremental
 * f-gram match over the prompt and the tokens generated so far, gathered from the table.
 *
 * <p>Context: when prompt + generated tokens outgrow the model's context, the window slides
 * (see {@link SlidingCache}): generation goes on up to {@code maxTokens}, each prediction
 * seeing at least context / 2 tokens. A prompt longer than the context is read from its last
 * context tokens. {@link FinishReason#LENGTH} therefore means only "maxTokens reached".
 *
 * <p>Not thread-safe (it runs on a {@link ModelHandle}): one generator per handle and thread.
 */
public final class Generator {

  private final ModelHandle handle;
  private final Tokenizer tokenizer;
  private final int[] unspeakable; // model ids with no tokenizer id of their own (the unknown id)
  private final PrefixCache prefixes; // null: off

  /**
   * @param tokenizer decodes the output and finds stop sequences; its vocabulary must be the
   *     handle's tokenizer vocabulary
   */
  public Generator(ModelHandle handle, Tokenizer tokenizer) {
    this(handle, tokenizer, null);
  }

  /**
   * @param tokenizer decodes the output and finds stop sequences; its vocabulary must be the
   *     handle's tokenizer vocabulary
   * @param prefixes null, or a cache of the handle's bundle: a prompt's prefill resumes after the
   *     longest prefix of whole blocks computed before (prompts that fit the context)
   */
  public Generator(ModelHandle handle, Tokenizer tokenizer, PrefixCache prefixes) {
    if (tokenizer.vocabSize() != handle.tokenizerVocabSize()) {
      throw new IllegalArgumentException("tokenizer " + tokenizer.name() + " has "
          + tokenizer.vocabSize() + " ids but the model handle's id map expects "
          + handle.tokenizerVocabSize());
    }
    this.handle = handle;
    this.tokenizer = tokenizer;
    this.unspeakable = unspeakableIds(handle.ids());
    this.prefixes = prefixes;
  }

  /** Encodes {@code prompt} with the tokenizer and generates after it. */
  public Generation generate(String prompt, GenerationParams params) {
    return generate(tokenizer.encode(prompt), params, token -> {});
  }

  /**
   * As {@link #generate(String, GenerationParams)}, telling {@code onToken} each generated token
   * (tokenizer id) as soon as it is sampled, for output that streams. It hears every token kept in
   * {@link Generation#tokens()}, also those a stop sequence later cuts from the text.
   */
  public Generation generate(String prompt, GenerationParams params, IntConsumer onToken) {
    return generate(tokenizer.encode(prompt), params, onToken);
  }

  /**
   * Generates after {@code prompt} (tokenizer ids).
   *
   * @throws IllegalArgumentException when the prompt is empty (there is nothing to predict
   *     from: pass e.g. the end-of-text token as a start) or has a token outside [0, V)
   */
  public Generation generate(int[] prompt, GenerationParams params) {
    return generate(prompt, params, token -> {});
  }

  private Generation generate(int[] prompt, GenerationParams params, IntConsumer onToken) {
    if (prompt.length == 0) {
      throw new IllegalArgumentException("the prompt has no tokens; generation needs at least one"
          + " (e.g. the end-of-text token as a start)");
    }
    handle.requireTokens(prompt, "prompt");
    IntArrayList out = new IntArrayList();
    DoubleArrayList logprobs = new DoubleArrayList();
    FinishReason reason;
    int cached;
    try (NDManager call = handle.newCallManager()) {
      SlidingCache window = new SlidingCache(call, handle.model(), handle.inputs(), prompt.length, cachePrompt(prompt));
      reason = decode(window, prompt, params, out, logprobs, onToken);
      cached = window.cachedTokens();
    }
    int[] tokens = out.toIntArray();
    String text = tokenizer.decode(tokens);
    int cut = reason == FinishReason.STOP ? stopAt(out, params.stop()) : -1;
    return new Generation(tokens, cut >= 0 ? text.substring(0, cut) : text, reason,
        logprobs.toDoubleArray(), cached);
  }

  /** The prompt as the prefix cache keys it, or null without a cache. */
  private SlidingCache.Prompt cachePrompt(int[] prompt) {
    if (prefixes == null) return null;
    long[] targets = new long[prompt.length];
    for (int p = 0; p + 1 < prompt.length; p++) targets[p] = handle.ids().toModel(prompt[p + 1]);
    return new SlidingCache.Prompt(prefixes, prompt, targets);
  }

  /** The token loop: appends generated tokens and their log-probs; returns why it ended. */
  private FinishReason decode(SlidingCache window, int[] prompt, GenerationParams params,
      IntArrayList out, DoubleArrayList logprobs, IntConsumer onToken) {
    SequenceRows seq = new SequenceRows(handle.inputs().stream(), prompt);
    TokenSampler sampler = new TokenSampler(params);
    while (out.size() < params.maxTokens()) {
      float[] logits = window.next(seq); // (V) for the position after the sequence
      for (int id : unspeakable) logits[id] = Float.NEGATIVE_INFINITY;
      int modelId = sampler.next(logits);
      int token = handle.ids().toTokenizer(modelId);
      if (token == params.eosToken()) return FinishReason.EOS;
      seq.append(token);
      out.add(token);
      logprobs.add(TokenSampler.logProb(logits, modelId));
      onToken.accept(token);
      if (stopAt(out, params.stop()) >= 0) return FinishReason.STOP;
    }
    return FinishReason.LENGTH;
  }

  /**
   * Model ids that stand for more than one tokenizer id (a compacted vocabulary's unknown id) or
   * for none. Generating one would print an arbitrary token, so they are never sampled, and
   * log-probs are over the remaining ids. One pass over the tokenizer's vocabulary, once per
   * generator.
   */
  static int[] unspeakableIds(TokenIdMap ids) {
    int[] tokensPerId = new int[ids.modelVocabSize()];
    for (int t = 0; t < ids.tokenizerVocabSize(); t++) tokensPerId[ids.toModel(t)]++;
    IntArrayList out = new IntArrayList();
    for (int m = 0; m < tokensPerId.length; m++) {
      if (tokensPerId[m] != 1) out.add(m);
    }
    return out.toIntArray();
  }

  /**
   * Where the first stop sequence starts in the decoded tokens, or -1 if none occurs. Decodes
   * all generated tokens (a multi-byte character may span tokens): O(n) per token, O(n^2) per
   * generation, negligible next to a forward for the few hundred tokens a request asks for.
   */
  private int stopAt(IntArrayList tokens, List<String> stops) {
    if (stops.isEmpty()) return -1;
    String text = tokenizer.decode(tokens.elements(), 0, tokens.size());
    int first = -1;
    for (String stop : stops) {
      int at = text.indexOf(stop);
      if (at >= 0 && (first < 0 || at < first)) first = at;
    }
    return first;
  }
}
