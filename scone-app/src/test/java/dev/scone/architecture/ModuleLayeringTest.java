package dev.scone.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module graph, checked on the compiled production classes of every module this one sees:
 * fgram-index <- model-runtime <- training <- flink-jobs <- scone-app, with kafka-wiring used by
 * the jobs and the application, and bench above everything (nothing may import it). Maven already
 * refuses an import of a module that is not a dependency; these rules also pin what Maven cannot:
 * which packages inside a module may use a lower module (serving and re-scoring read bundles
 * through model-runtime, never through the trainer).
 */
class ModuleLayeringTest {

  /** Test classes and test-jars are fixtures, free to reach across layers; only production counts. */
  private static final ImportOption PRODUCTION_ONLY = (Location location) ->
      !location.contains("/test-classes/") && !location.matches(java.util.regex.Pattern.compile(".*-tests\\.jar.*"));

  private static JavaClasses production;

  @BeforeAll
  static void importProductionClasses() {
    production = new ClassFileImporter().withImportOption(PRODUCTION_ONLY).importPackages("dev.scone");
  }

  @Test
  void everyModuleBelowTheApplicationIsImported() {
    // Guards against a rule passing because nothing was imported.
    for (String name : List.of("dev.scone.fgram.match.FgramMatcher", "dev.scone.model.bundle.ModelBundle",
        "dev.scone.training.bundle.BundlePublisher", "dev.scone.jobs.serve.InferenceJob",
        "dev.scone.jobs.rescore.RescoreJob", "dev.scone.kafka.TopicSetup", "dev.scone.broker.LocalKafkaBroker",
        "dev.scone.cli.SconeCli")) {
      assertTrue(production.contain(name), name + " was not imported");
    }
  }

  @Test
  void modulesDependOneWay() {
    ArchRule rule = layeredArchitecture().consideringOnlyDependenciesInLayers()
        .layer("fgram-index").definedBy("dev.scone.fgram..")
        .layer("model-runtime").definedBy("dev.scone.model..")
        .layer("training").definedBy("dev.scone.training..")
        .layer("kafka-wiring").definedBy("dev.scone.kafka..", "dev.scone.broker..")
        .layer("flink-jobs").definedBy("dev.scone.jobs..")
        .layer("scone-app").definedBy("dev.scone.cli..", "dev.scone.demo..", "dev.scone.chaos..",
            "dev.scone.client..", "dev.scone.trainer..", "dev.scone.cluster..")
        // Not on this module's classpath (bench depends on scone-app): present only when violated.
        .optionalLayer("bench").definedBy("dev.scone.bench..")
        .whereLayer("bench").mayNotBeAccessedByAnyLayer()
        .whereLayer("scone-app").mayOnlyBeAccessedByLayers("bench")
        .whereLayer("flink-jobs").mayOnlyBeAccessedByLayers("scone-app", "bench")
        .whereLayer("kafka-wiring").mayOnlyBeAccessedByLayers("flink-jobs", "scone-app", "bench")
        .whereLayer("training").mayOnlyBeAccessedByLayers("flink-jobs", "scone-app", "bench")
        .whereLayer("model-runtime").mayOnlyBeAccessedByLayers("training", "flink-jobs", "scone-app", "bench")
        .whereLayer("fgram-index").mayOnlyBeAccessedByLayers("model-runtime", "training", "flink-jobs",
            "scone-app", "bench");
    rule.check(production);
  }

  @Test
  void servingAndRescoringOpenBundlesWithoutTheTrainer() {
    noClasses().that().resideInAnyPackage("dev.scone.jobs.serve..", "dev.scone.jobs.rescore..")
        .should().dependOnClassesThat().resideInAPackage("dev.scone.training..")
        .because("a served bundle is read through dev.scone.model.bundle; publishing is the trainer's")
        .check(production);
  }

  @Test
  void productionCodeNeverImportsBenchmarks() {
    noClasses().that().resideOutsideOfPackage("dev.scone.bench..")
        .should().dependOnClassesThat().resideInAPackage("dev.scone.bench..")
        .check(production);
  }
}
