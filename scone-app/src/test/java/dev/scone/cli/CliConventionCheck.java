package dev.scone.cli;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The CLI conventions of README.md ("CLI conventions") as checks over picocli's model of command
 * trees: walks every command and subcommand and returns each violation as a sentence naming the
 * command and the option. Shared with the bench module (test-jar), whose command line is held to
 * the same conventions, and one default per shared option across both trees.
 */
public final class CliConventionCheck {

  /** Options that mean the same everywhere, so they must have one default everywhere. */
  private static final Set<String> SHARED = Set.of("--fgrams", "--fgram-min-count", "--max-n", "--threads",
      "--seed", "--progress", "--store", "--checkpoint-dir", "--bootstrap", "--connect-timeout-s", "--corpus");

  /** Names a store option must not have, and names no option may have. */
  private static final Set<String> RETIRED = Set.of("--checkpoints", "--min-count", "--no-progress", "--work");

  /** A description that says its option is a store. */
  private static final Pattern A_STORE = Pattern.compile("(?i)^(the )?store\\b|\\bstore (directory|of bundles)");

  private final List<String> violations = new ArrayList<>();
  private final Map<String, Set<String>> defaultsByShared = new LinkedHashMap<>();

  private CliConventionCheck() {}

  /** Every violation in the trees under {@code roots}, in walking order; empty when they hold. */
  public static List<String> violations(CommandLine... roots) {
    CliConventionCheck check = new CliConventionCheck();
    for (CommandLine root : roots) check.walk(root);
    check.defaultsByShared.forEach((name, defaults) -> {
      if (defaults.size() > 1) check.violations.add(name + " has different defaults in different commands: " + defaults);
    });
    return check.violations;
  }

  private void walk(CommandLine cli) {
    CommandSpec spec = cli.getCommandSpec();
    String command = spec.qualifiedName();
    if (!spec.usageMessage().showDefaultValues()) {
      violations.add(command + ": showDefaultValues is off (defaults are shown by picocli in every command)");
    }
    String[] description = spec.usageMessage().description();
    if (description.length == 0 || description[0].isBlank()) {
      violations.add(command + ": no description");
    } else if (!description[0].strip().endsWith(".")) {
      violations.add(command + ": the first description line is not a sentence ending with a period: '"
          + description[0] + "'");
    }
    String usage = cli.getUsageMessage(CommandLine.Help.Ansi.OFF);
    if (usage.toLowerCase().contains("(default")) {
      violations.add(command + ": a hand-written '(default ...)' in the usage (picocli shows defaults)");
    }
    for (OptionSpec option : spec.options()) {
      if (!option.usageHelp() && !option.versionHelp()) checkOption(command, option);
    }
    for (ArgSpec positional : spec.positionalParameters()) {
      if (String.join(" ", positional.description()).isBlank()) {
        violations.add(command + " " + positional.paramLabel() + ": no description");
      }
    }
    checkSummaries(cli);
    for (CommandLine sub : cli.getSubcommands().values()) {
      if (!(sub.getCommand() instanceof CommandLine.HelpCommand)) walk(sub);
    }
  }

  private void checkOption(String command, OptionSpec option) {
    String name = option.longestName();
    String where = command + " " + name;
    String text = String.join(" ", option.description());
    if (text.isBlank()) violations.add(where + ": no description");
    if (text.contains("DEFAULT-VALUE")) violations.add(where + ": ${DEFAULT-VALUE} in the description (picocli shows it)");
    int shown = text.indexOf("Default:");
    if (shown >= 0 && option.defaultValue() != null) {
      violations.add(where + ": 'Default:' in the description of an option whose default picocli shows");
    }
    if (shown >= 0 && (!text.endsWith(".") || text.substring(shown).contains(". "))) {
      violations.add(where + ": a default that depends on the environment goes last: 'Default: <what>.'");
    }
    for (String n : option.names()) {
      if (RETIRED.contains(n)) violations.add(where + ": retired name " + n);
    }
    if (A_STORE.matcher(text).find() && !name.equals("--store")) {
      violations.add(where + ": takes a store, so it is named --store");
    }
    if (name.equals("--store") && declaringClass(option) != StoreOption.class) {
      violations.add(where + ": --store is StoreOption's, mixed in");
    }
    if (name.equals("--bundle") && !text.contains("latest")) {
      violations.add(where + ": --bundle accepts latest, and its description does not say so");
    }
    // Without a default it overrides another default (a plan's, the service's): nothing to compare.
    if (SHARED.contains(name) && option.defaultValue() != null) {
      defaultsByShared.computeIfAbsent(name, k -> new TreeSet<>()).add(option.defaultValue());
    }
  }

  /**
   * Each subcommand's summary, the first line of its description (of its header, where it has
   * one, as picocli's own help command), appears whole on its line of the parent's command list.
   */
  private void checkSummaries(CommandLine cli) {
    List<String> lines = cli.getHelp().commandList().lines().toList();
    for (Map.Entry<String, CommandLine> sub : cli.getSubcommands().entrySet()) {
      CommandLine.Model.UsageMessageSpec usage = sub.getValue().getCommandSpec().usageMessage();
      String[] summary = usage.header().length > 0 ? usage.header() : usage.description();
      if (summary.length == 0 || usage.hidden()) continue;
      String first = summary[0].strip();
      boolean whole = lines.stream().anyMatch(l -> l.strip().startsWith(sub.getKey() + " ") && l.contains(first));
      if (!whole) {
        violations.add(cli.getCommandSpec().qualifiedName() + " --help cuts the summary of " + sub.getKey()
            + ": '" + first + "' does not fit on its line");
      }
    }
  }

  /** The class declaring the option's field: a mixin's when it comes from one. */
  private static Class<?> declaringClass(OptionSpec option) {
    return option.userObject() instanceof Field f ? f.getDeclaringClass() : null;
  }
}
