package dev.scone.cli;

import dev.scone.model.Devices;
import dev.scone.model.bundle.ModelBundle;
import dev.scone.model.bundle.ServedBundle;
import dev.scone.model.infer.Generation;
import dev.scone.model.infer.GenerationParams;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code scone generate}: continue a prompt with a bundle, as the serving path does. */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = {
      "Continue a prompt with a bundle's model.",
      "Uses the bundle's table rows and a key/value cache, then prints the generated text and why it",
      "ended (length, eos or stop)."
    })
public final class GenerateCommand implements Callable<Integer> {

  /** GPT-2's <|endoftext|>, which ends a generation for the gpt2 and r50k_base tokenizers. */
  static final int GPT2_EOS = 50256;

  @Spec CommandSpec spec;

  @Option(names = "--bundle", required = true, description = "A bundle directory or a version in the store.")
  String bundle;

  @Mixin StoreOption store;

  @Option(names = "--prompt", required = true, description = "The text to continue.")
  String prompt;

  @Option(names = "--max-tokens", defaultValue = "64", description = "Most tokens to generate.")
  int maxTokens;

  @Option(names = "--temperature", defaultValue = "1.0", description = "Sampling temperature; 0 is greedy.")
  double temperature;

  @Option(names = "--top-k", defaultValue = "0", description = "Keep the k most likely tokens; 0 is off.")
  int topK;

  @Option(names = "--top-p", defaultValue = "1.0", description = "Nucleus sampling mass; 1 is off.")
  double topP;

  @Option(names = "--seed", defaultValue = "7", description = "Sampling seed (same seed, same text).")
  long seed;

  @Option(names = "--stop", description = "Stop sequence (repeatable).")
  List<String> stop = List.of();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (ModelBundle opened = BundleArgument.open(bundle, store.root());
        ServedBundle served = ServedBundle.open(opened, Devices.preferred())) {
      Devices.configureCpuThreads(1); // one model: every core
      String tokenizer = served.tokenizer().name();
      int eos = tokenizer.equals("gpt2") || tokenizer.equals("r50k_base") ? GPT2_EOS : GenerationParams.NO_EOS;
      GenerationParams params = new GenerationParams(maxTokens, temperature, topK, topP, seed, stop, eos);
      Generation g = served.generator().generate(prompt, params);
      out.println(prompt + g.text());
      out.printf("%n[v%06d, %d tokens, finish_reason %s]%n", opened.manifest().version(), g.tokens().length,
          g.finishReason().wireName());
      return 0;
    } catch (IOException | RuntimeException e) {
      spec.commandLine().getErr().println("scone generate: " + e.getMessage());
      return 1;
    }
  }
}
