package dev.scone.training.experiment;

import dev.scone.training.corpus.Corpus;
import dev.scone.training.corpus.Document;
import dev.scone.training.corpus.Split;
import java.util.List;
import java.util.Objects;

/**
 * A text the experiment scores its final models on: a held-out split of a corpus, or a whole
 * corpus of another domain that no model trained on. Immutable.
 *
 * @param name the column label, e.g. {@code sotu test}, {@code lodash-source}
 * @param documents scored in order, each separately (context never crosses documents)
 * @param otherDomain whether the text is unlike the training corpus (then it gets its own table)
 */
public record EvalText(String name, List<Document> documents, boolean otherDomain) {

  public EvalText {
    Objects.requireNonNull(name, "name");
    documents = List.copyOf(documents);
  }

  /** The test split of {@code corpus}, labelled {@code "<corpus> test"}. */
  public static EvalText testSplit(Corpus corpus) {
    return new EvalText(corpus.name() + " test", corpus.documents(Split.TEST), false);
  }

  /** Every document of a corpus of another domain (none was trained on), labelled with its name. */
  public static EvalText otherDomain(Corpus corpus) {
    return new EvalText(corpus.name(), corpus.documents(), true);
  }
}
