package dev.scone.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The repository's docker-compose.yml read as Compose reads it: YAML with merge keys ({@code <<})
 * applied, and {@link #interpolate} for the Compose Specification's variables. Parsed with
 * snakeyaml-engine, which Flink's own configuration parser brings onto this module's classpath.
 * Immutable once loaded.
 */
final class ComposeFile {
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final Path root;
  private final Map<String, Object> document;

  private ComposeFile(Path root, Map<String, Object> document) {
    this.root = root;
    this.document = document;
  }

  /** The compose file of the repository this test runs in (found upwards from the working directory). */
  static ComposeFile load() throws IOException {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isRegularFile(dir.resolve("docker-compose.yml"))) dir = dir.getParent();
    if (dir == null) throw new IOException("no docker-compose.yml above " + Path.of("").toAbsolutePath());
    Object parsed = new Load(LoadSettings.builder().build())
        .loadFromString(Files.readString(dir.resolve("docker-compose.yml")));
    return new ComposeFile(dir, asMap(merged(parsed)));
  }

  /** The repository root, which relative paths in the file are resolved against. */
  Path root() {
    return root;
  }

  Object topLevel(String key) {
    return document.get(key);
  }

  Map<String, Map<String, Object>> services() {
    Map<String, Map<String, Object>> services = new LinkedHashMap<>();
    asMap(document.get("services")).forEach((name, body) -> services.put(name, asMap(body)));
    return services;
  }

  Map<String, Object> service(String name) {
    Map<String, Object> service = services().get(name);
    if (service == null) throw new AssertionError("docker-compose.yml has no service " + name);
    return service;
  }

  /** The service's environment in map form, values as strings; empty when it has none. */
  static Map<String, String> environment(Map<String, Object> service) {
    Map<String, String> env = new LinkedHashMap<>();
    Object declared = service.get("environment");
    if (declared != null) asMap(declared).forEach((k, v) -> env.put(k, String.valueOf(v)));
    return env;
  }

  /** The service's short-syntax volume entries, uninterpolated; empty when it has none. */
  static List<String> volumes(Map<String, Object> service) {
    List<String> volumes = new ArrayList<>();
    Object declared = service.get("volumes");
    if (declared != null) for (Object v : (List<?>) declared) volumes.add((String) v);
    return volumes;
  }

  /** A list-form command or entrypoint as strings; empty when the service leaves the image's. */
  static List<String> list(Map<String, Object> service, String key) {
    Object declared = service.get(key);
    if (declared == null) return List.of();
    if (declared instanceof String s) return List.of(s);
    List<String> items = new ArrayList<>();
    for (Object item : (List<?>) declared) items.add(String.valueOf(item));
    return items;
  }

  /** A short-syntax volume entry, {@code SOURCE:TARGET[:MODE]}, after interpolation. */
  record Mount(String source, String target) {
    static Mount parse(String entry, Map<String, String> env) {
      String[] parts = interpolate(entry, env).split(":");
      if (parts.length < 2) throw new AssertionError("not SOURCE:TARGET: " + entry);
      return new Mount(parts[0], parts[1]);
    }
  }

  /**
   * {@code text} with the Compose Specification's interpolation applied: {@code $NAME},
   * {@code ${NAME}}, {@code ${NAME:-default}} (unset or empty), {@code ${NAME-default}} (unset),
   * defaults themselves interpolated (nested), and {@code $$} for a literal {@code $}.
   */
  static String interpolate(String text, Map<String, String> env) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c != '$' || i + 1 == text.length()) {
        out.append(c);
        i++;
      } else if (text.charAt(i + 1) == '$') {
        out.append('$');
        i += 2;
      } else if (text.charAt(i + 1) == '{') {
        int end = closingBrace(text, i + 2);
        out.append(braced(text.substring(i + 2, end), env));
        i = end + 1;
      } else {
        Matcher name = NAME.matcher(text).region(i + 1, text.length());
        if (!name.lookingAt()) throw new IllegalArgumentException("a lone $ at " + i + " in: " + text);
        out.append(env.getOrDefault(name.group(), ""));
        i = name.end();
      }
    }
    return out.toString();
  }

  private static String braced(String body, Map<String, String> env) {
    Matcher name = NAME.matcher(body);
    if (!name.lookingAt()) throw new IllegalArgumentException("no variable name in ${" + body + "}");
    String value = env.get(name.group());
    String rest = body.substring(name.end());
    if (rest.isEmpty()) return value == null ? "" : value;
    if (rest.startsWith(":-")) return value == null || value.isEmpty() ? interpolate(rest.substring(2), env) : value;
    if (rest.startsWith("-")) return value == null ? interpolate(rest.substring(1), env) : value;
    throw new IllegalArgumentException("unsupported in this test: ${" + body + "}");
  }

  private static int closingBrace(String text, int from) {
    int depth = 0;
    for (int i = from; i < text.length(); i++) {
      if (text.startsWith("${", i)) {
        depth++;
        i++;
      } else if (text.charAt(i) == '}' && depth-- == 0) {
        return i;
      }
    }
    throw new IllegalArgumentException("unclosed ${ in: " + text);
  }

  /** YAML merge keys applied everywhere: the merged map's own keys win, as in Compose. */
  private static Object merged(Object node) {
    if (node instanceof List<?> items) {
      List<Object> out = new ArrayList<>();
      for (Object item : items) out.add(merged(item));
      return out;
    }
    if (!(node instanceof Map<?, ?> map)) return node;
    Map<String, Object> out = new LinkedHashMap<>();
    Object base = map.get("<<");
    if (base != null) {
      for (Object source : base instanceof List<?> bases ? bases : List.of(base)) out.putAll(asMap(merged(source)));
    }
    map.forEach((k, v) -> {
      if (!"<<".equals(k)) out.put(String.valueOf(k), merged(v));
    });
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object node) {
    if (!(node instanceof Map<?, ?>)) throw new AssertionError("expected a mapping, found " + node);
    return (Map<String, Object>) node;
  }
}
