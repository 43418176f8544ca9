package dev.scone.cli;

import dev.scone.jobs.serve.ServingLimits;
import dev.scone.model.Devices;
import dev.scone.model.bundle.ModelBundle;
import dev.scone.model.bundle.ServedBundle;
import dev.scone.model.infer.Generation;
import dev.scone.model.infer.GenerationParams;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code scone generate}: continue a prompt with a bundle, as the serving path does. */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = {
      "Continue a prompt with a bundle's model.",
      "Uses the bundle's table rows and a key/value cache, prints the text as it is generated, then why "
          + "it ended (length, eos or stop)."
    })
public final class GenerateCommand implements Callable<Integer> {

  /** GPT-2's <|endoftext|>, which ends a generation for the gpt2 and r50k_base tokenizers. */
  static final int GPT2_EOS = 50256;

  /** The options each field of {@link GenerationParams} comes from, for its validation messages. */
  private static final Map<String, String> OPTIONS = Map.of("maxTokens", "--max-tokens",
      "temperature", "--temperature", "topK", "--top-k", "topP", "--top-p", "stop sequences", "--stop values");

  @Spec CommandSpec spec;

  @Option(names = "--bundle", required = true, paramLabel = BundleArgument.LABEL, description = BundleArgument.DESCRIPTION)
  String bundle;

  @Mixin StoreOption store;

  @Option(names = "--prompt", required = true, description = "The text to continue.")
  String prompt;

  @Option(names = "--max-tokens", defaultValue = "64",
      description = "Most tokens to generate, at most " + ServingLimits.MAX_NEW_TOKENS + " (serve's limit on"
          + " max_tokens). Past the model's context the window slides: each token still sees context / 2.")
  int maxTokens;

  @Option(names = "--temperature", defaultValue = "1.0", description = "Sampling temperature; 0 is greedy.")
  double temperature;

  @Option(names = "--top-k", defaultValue = "0", description = "Keep the k most likely tokens; 0 is off.")
  int topK;

  @Option(names = "--top-p", defaultValue = "1.0", description = "Nucleus sampling mass; 1 is off.")
  double topP;

  @Mixin SeedOption seed;

  @Option(names = "--stop", description = "Stop sequence (repeatable).")
  List<String> stop; // null when none is given: an empty list would show as "Default: []"

  @Mixin ThreadsOption threads;

  @Override
  public Integer call() throws IOException {
    // Checked before the bundle loads: a bad option is reported at once.
    if (maxTokens > ServingLimits.MAX_NEW_TOKENS) {
      throw new ParameterException(spec.commandLine(), "--max-tokens " + maxTokens + ": at most "
          + ServingLimits.MAX_NEW_TOKENS + " (serve's limit on max_tokens)");
    }
    List<String> stops = stop != null ? stop : List.of();
    GenerationParams params = OptionNames.build(spec, OPTIONS, () ->
        new GenerationParams(maxTokens, temperature, topK, topP, seed.value(), stops, GenerationParams.NO_EOS));
    PrintWriter out = spec.commandLine().getOut();
    try (ModelBundle opened = BundleArgument.open(spec, bundle, store.root());
        ServedBundle served = ServedBundle.open(opened, Devices.preferred())) {
      threads.configure(); // one model
      String tokenizer = served.tokenizer().name();
      if (tokenizer.equals("gpt2") || tokenizer.equals("r50k_base")) params = params.withEosToken(GPT2_EOS);
      out.print(prompt);
      out.flush();
      StreamedText text = new StreamedText(served.tokenizer(), stops, out);
      Generation g = served.generator().generate(prompt, params, text::accept);
      text.finish(g.text());
      out.println();
      out.printf("%n[v%06d, %d tokens, finish_reason %s]%n", opened.manifest().version(), g.tokens().length,
          g.finishReason().wireName());
      out.flush();
      return 0;
    }
  }
}
