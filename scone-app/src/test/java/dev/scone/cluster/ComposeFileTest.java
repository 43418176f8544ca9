package dev.scone.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scone.cli.SconeCli;
import dev.scone.cluster.ComposeFile.Mount;
import dev.scone.training.corpus.SconeCache;
import dev.scone.training.corpus.TextDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * docker-compose.yml against what its images and the scone CLI expect, with no container engine:
 * volumes where the images write, users that can write the store, the environment the images read,
 * and every scone command line parsed by the real CLI.
 */
class ComposeFileTest {
  private static final String STORE = "/store";
  private static final String FLINK_DOCKERFILE = "docker/flink/Dockerfile";

  private static ComposeFile compose;

  @BeforeAll
  static void load() throws IOException {
    compose = ComposeFile.load();
  }

  @Test
  void kafkaWritesItsLogIntoItsNamedVolume() {
    Map<String, Object> kafka = compose.service("kafka");
    String logDirs = ComposeFile.environment(kafka).get("KAFKA_LOG_DIRS");
    assertNotNull(logDirs,
        "kafka: no KAFKA_LOG_DIRS, so the image logs to /tmp/kraft-combined-logs, outside any volume");
    Mount mount = ComposeFile.volumes(kafka).stream().map(v -> Mount.parse(v, Map.of()))
        .filter(m -> m.target().equals(logDirs)).findFirst()
        .orElseThrow(() -> new AssertionError("kafka: no volume mounted at KAFKA_LOG_DIRS " + logDirs));
    Map<?, ?> declared = (Map<?, ?>) compose.topLevel("volumes");
    assertTrue(declared != null && declared.containsKey(mount.source()),
        "kafka: " + mount.source() + " is not a named volume, so the broker's state goes with the container");
  }

  @Test
  void everyServiceThatUsesTheStoreMountsTheSameDirectoryThere() {
    Set<String> storeUsers = new HashSet<>();
    Set<String> entries = new HashSet<>();
    compose.services().forEach((name, service) -> {
      if (!usesStore(service)) return;
      storeUsers.add(name);
      List<String> atStore = ComposeFile.volumes(service).stream()
          .filter(v -> Mount.parse(v, Map.of()).target().equals(STORE)).toList();
      assertEquals(1, atStore.size(), name + " uses " + STORE + " but mounts " + atStore + " there");
      entries.add(atStore.get(0));
    });
    assertTrue(storeUsers.containsAll(Set.of("jobmanager", "taskmanager", "submit", "trainer")), "" + storeUsers);
    assertEquals(1, entries.size(), "the services mount different directories at " + STORE + ": " + entries);
    for (String line : flinkProperties(compose.service("jobmanager"))) {
      if (line.contains("file://")) assertTrue(line.contains("file://" + STORE + "/"), "outside the store: " + line);
    }
  }

  @Test
  void storeDefaultIsTheStoreTheCliUses() {
    String entry = ComposeFile.volumes(compose.service("trainer")).stream()
        .filter(v -> Mount.parse(v, Map.of()).target().equals(STORE)).findFirst().orElseThrow();
    Path home = Path.of("/home/someone");
    for (Map<String, String> env : List.of(Map.<String, String>of(), Map.of("SCONE_CACHE", "/data/cache"))) {
      String source = Mount.parse(entry, env).source();
      Path expanded = source.startsWith("~/") ? home.resolve(source.substring(2)) : Path.of(source);
      assertEquals(SconeCache.root(env, home).resolve("store"), expanded, "store mounted with " + env);
    }
    assertEquals("/srv/store", Mount.parse(entry, Map.of("SCONE_STORE", "/srv/store", "SCONE_CACHE", "/c")).source());
  }

  @Test
  void composeV1RefusesTheFileInsteadOfMisreadingTheNestedDefault() {
    // docker-compose 1.x rejects a top-level `name`; it would read the store's nested default as ".../store}".
    assertEquals("scone", compose.topLevel("name"));
  }

  @Test
  void flinkImageServicesRunAsTheHostUserWhoOwnsTheStore() {
    List<String> flinkImage = flinkImageServices();
    assertTrue(flinkImage.containsAll(List.of("jobmanager", "taskmanager", "submit", "trainer")), "" + flinkImage);
    for (String name : flinkImage) {
      Object user = compose.service(name).get("user");
      assertNotNull(user, name + " runs as the image's flink (uid 9999), which cannot write the host's store");
      Map<String, String> host = Map.of("SCONE_UID", "4242", "SCONE_GID", "4343");
      assertEquals("4242:4343", ComposeFile.interpolate((String) user, host), name + " ignores SCONE_UID:SCONE_GID");
      assertEquals("1000:1000", ComposeFile.interpolate((String) user, Map.of()),
          name + ": not the default README gives");
    }
  }

  @Test
  void flinkImageLetsAnyUidWriteWhatFlinkWrites() throws IOException {
    List<String> lines = Files.readAllLines(compose.root().resolve(FLINK_DOCKERFILE));
    String djlCache = lines.stream().filter(l -> l.startsWith("ENV DJL_CACHE_DIR=")).findFirst()
        .map(l -> l.substring("ENV DJL_CACHE_DIR=".length())).orElseThrow();
    String granted = lines.stream().filter(l -> l.startsWith("RUN ") && l.contains("chmod -R a+rwX ")).findFirst()
        .map(l -> l.substring(l.indexOf("chmod -R a+rwX ") + "chmod -R a+rwX ".length()))
        .orElseThrow(() -> new AssertionError(FLINK_DOCKERFILE + ": nothing lets another uid write in the image"));
    for (String dir : List.of("/opt/flink/conf", "/opt/flink/log", djlCache)) {
      assertTrue(List.of(granted.split("[\\s&;]+")).contains(dir),
          dir + " stays writable by flink (9999) only: " + granted);
    }
  }

  @Test
  void flinkImageTagFollowsTheFlinkVersionBuiltAgainst() throws IOException {
    Matcher from = Pattern.compile("(?m)^FROM flink:([0-9.]+)-scala_2\\.12-java17$")
        .matcher(Files.readString(compose.root().resolve(FLINK_DOCKERFILE)));
    Matcher pom = Pattern.compile("<flink\\.version>([^<]+)</flink\\.version>")
        .matcher(Files.readString(compose.root().resolve("pom.xml")));
    assertTrue(from.find() && pom.find(), "no FROM flink:<version>-scala_2.12-java17 or no flink.version");
    assertEquals(pom.group(1), from.group(1));
  }

  @Test
  void flinkServicesGetPropertiesTheEntrypointCanRead() {
    for (String name : List.of("jobmanager", "taskmanager", "submit")) {
      List<String> lines = flinkProperties(compose.service(name));
      assertFalse(lines.isEmpty(), name + ": no FLINK_PROPERTIES");
      for (String line : lines) {
        // The entrypoint splits each line at its first ':' into key and value; a comment would become a key.
        assertTrue(line.matches("[A-Za-z0-9._-]+: \\S.*"), name + ": not `key: value`: " + line);
      }
      assertTrue(lines.contains("jobmanager.rpc.address: " + compose.service("jobmanager").get("hostname")),
          name + ": jobmanager.rpc.address is not the JobManager's hostname");
    }
  }

  @Test
  void flinkSettingsComeFromTheOneFileSconeClusterReadsToo() throws IOException {
    String dockerfile = Files.readString(compose.root().resolve(FLINK_DOCKERFILE));
    assertTrue(dockerfile.contains("COPY docker/flink/" + FlinkSettings.SHARED_RESOURCE + " /opt/flink/conf/"
        + FlinkSettings.SHARED_RESOURCE), "the image does not copy " + FlinkSettings.SHARED_RESOURCE);
    assertTrue(dockerfile.contains("ENTRYPOINT [\"/scone-entrypoint.sh\"]"), "the image does not run scone-entrypoint.sh");
    String entrypoint = Files.readString(compose.root().resolve("docker/flink/scone-entrypoint.sh"));
    assertTrue(entrypoint.contains("/opt/flink/conf/" + FlinkSettings.SHARED_RESOURCE) && entrypoint.contains("FLINK_PROPERTIES")
        && entrypoint.contains("exec /docker-entrypoint.sh"), "scone-entrypoint.sh does not pass the shared settings on");
    Map<String, String> shared = FlinkSettings.parse(Files.readString(
        compose.root().resolve("docker/flink/" + FlinkSettings.SHARED_RESOURCE)));
    for (String name : List.of("jobmanager", "taskmanager")) {
      for (String line : flinkProperties(compose.service(name))) {
        String key = line.substring(0, line.indexOf(':'));
        assertFalse(shared.containsKey(key), name + " sets " + key + " again; it belongs in " + FlinkSettings.SHARED_RESOURCE
            + " only, where `scone cluster` reads it too");
      }
    }
  }

  @Test
  void sharedFlinkSettingsAreLinesTheImageEntrypointCanRead() throws IOException {
    for (String line : Files.readAllLines(compose.root().resolve("docker/flink/" + FlinkSettings.SHARED_RESOURCE))) {
      if (line.isBlank() || line.startsWith("#")) continue;
      assertTrue(line.matches("[A-Za-z0-9._-]+: \\S.*"), "not a flat `key: value`: " + line);
    }
  }

  @Test
  void sconeClusterChangesOnlyAddressesPortsStoreAndMemoryOfTheSharedSettings() {
    Map<String, String> shared = FlinkSettings.shared();
    Map<String, String> local = FlinkSettings.resolve(ClusterConfig.in(Path.of("/tmp/w"), 2), new FlinkSettings.Ports(1, 2, 3));
    Set<String> changed = new HashSet<>();
    shared.forEach((k, v) -> {
      assertTrue(local.containsKey(k), k + " dropped");
      if (!v.equals(local.get(k))) changed.add(k);
    });
    assertEquals(Set.of("execution.checkpointing.dir", "execution.checkpointing.savepoint-dir",
        "taskmanager.memory.process.size"), changed);
    assertEquals("file:///tmp/w/store/checkpoints", local.get("execution.checkpointing.dir").replaceAll("/$", ""));
    for (String key : List.of("jobmanager.rpc.address", "jobmanager.bind-host", "rest.address", "rest.bind-address",
        "taskmanager.host", "taskmanager.bind-host")) {
      assertEquals("127.0.0.1", local.get(key), key);
    }
  }

  @Test
  void kafkaHasTheSettingsKraftNeeds() {
    Map<String, String> env = ComposeFile.environment(compose.service("kafka"));
    for (String key : List.of("KAFKA_NODE_ID", "KAFKA_PROCESS_ROLES", "KAFKA_CONTROLLER_QUORUM_VOTERS",
        "KAFKA_LISTENERS", "KAFKA_ADVERTISED_LISTENERS", "KAFKA_CONTROLLER_LISTENER_NAMES", "KAFKA_LOG_DIRS")) {
      assertTrue(env.containsKey(key), "kafka: " + key + " missing (the image would use its localhost default)");
    }
  }

  @Test
  void sconeCommandLinesParseWithTheCli() throws IOException {
    List<List<String>> commands = new ArrayList<>(submittedCommands());
    Map<String, Object> trainer = compose.service("trainer");
    List<String> entrypoint = ComposeFile.list(trainer, "entrypoint");
    assertEquals(SconeCli.class.getName(), entrypoint.get(entrypoint.size() - 1), "trainer's main class");
    String jarDir = Path.of(jobsJarInImage()).getParent().toString();
    assertEquals(jarDir + "/*", entrypoint.get(entrypoint.indexOf("-cp") + 1),
        "trainer's classpath misses the jobs jar");
    commands.add(ComposeFile.list(trainer, "command"));
    String listeners = ComposeFile.environment(compose.service("kafka")).get("KAFKA_ADVERTISED_LISTENERS");
    Set<String> advertised = Set.of(listeners.replaceAll("[A-Z_]+://", "").split(","));
    Set<String> subcommands = new HashSet<>();
    for (List<String> args : commands) {
      // Throws on an option or subcommand the CLI does not know, or a value it cannot convert.
      ParseResult command = new CommandLine(new SconeCli()).parseArgs(args.toArray(String[]::new)).subcommand();
      assertNotNull(command, "no subcommand in " + args);
      subcommands.add(command.commandSpec().name());
      assertEquals(Path.of(STORE), command.matchedOptionValue("--store", null), "--store of " + args);
      assertTrue(advertised.contains(command.matchedOptionValue("--bootstrap", "")), "--bootstrap of " + args);
    }
    assertEquals(Set.of("count-live", "serve", "trainer"), subcommands);
  }

  @Test
  void trainerHoldoutDefaultHoldsDocumentsTheTrainerLoads() throws IOException {
    Map<String, Object> trainer = compose.service("trainer");
    List<String> command = ComposeFile.list(trainer, "command");
    String holdout = command.get(command.indexOf("--holdout") + 1);
    Mount mount = ComposeFile.volumes(trainer).stream().map(v -> Mount.parse(v, Map.of()))
        .filter(m -> m.target().equals(holdout)).findFirst()
        .orElseThrow(() -> new AssertionError("trainer: nothing mounted at --holdout " + holdout));
    Path dir = compose.root().resolve(mount.source()).normalize();
    // What the trainer does first; it failed on a directory holding only a README.
    assertFalse(TextDirectory.load("held-out", dir).documents().isEmpty(), dir.toString());
  }

  @Test
  void trainerStopsRestartingAfterAFewFailedStarts() {
    String restart = String.valueOf(compose.service("trainer").get("restart"));
    assertTrue(restart.equals("no") || restart.matches("on-failure:[1-9]"),
        "trainer restart: " + restart + " retries a configuration error forever");
  }

  /** The `scone` command lines the submit service runs through `flink run`, after its `run` function. */
  private static List<List<String>> submittedCommands() throws IOException {
    String script = ComposeFile.interpolate(ComposeFile.list(compose.service("submit"), "command").get(0), Map.of());
    String jar = jobsJarInImage();
    assertTrue(script.contains("-c " + SconeCli.class.getName() + " " + jar + " \"$@\""),
        "submit's run() does not run " + SconeCli.class.getName() + " from " + jar + ":\n" + script);
    List<List<String>> commands = new ArrayList<>();
    for (String line : script.split("\n")) {
      List<String> words = List.of(line.trim().split("\\s+"));
      if (words.get(0).equals("run")) commands.add(words.subList(1, words.size()));
    }
    assertEquals(2, commands.size(), "submit should run count-live and serve:\n" + script);
    return commands;
  }

  /** Where the Dockerfile puts the jobs jar. */
  private static String jobsJarInImage() throws IOException {
    String copy = Files.readAllLines(compose.root().resolve(FLINK_DOCKERFILE)).stream()
        .filter(l -> l.startsWith("COPY ") && l.contains("scone-jobs.jar")).findFirst().orElseThrow();
    return copy.substring(copy.lastIndexOf(' ') + 1);
  }

  private static boolean usesStore(Map<String, Object> service) {
    String text = String.join(" ", ComposeFile.list(service, "command")) + " " + service.get("environment")
        + " " + ComposeFile.volumes(service);
    return text.contains(STORE);
  }

  private static List<String> flinkImageServices() {
    List<String> names = new ArrayList<>();
    compose.services().forEach((name, service) -> {
      if (service.get("build") instanceof Map<?, ?> build && FLINK_DOCKERFILE.equals(build.get("dockerfile"))) {
        names.add(name);
      }
    });
    return names;
  }

  private static List<String> flinkProperties(Map<String, Object> service) {
    String properties = ComposeFile.environment(service).getOrDefault("FLINK_PROPERTIES", "");
    return properties.lines().filter(l -> !l.isBlank()).toList();
  }
}
