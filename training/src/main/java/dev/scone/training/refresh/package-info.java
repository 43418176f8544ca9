/**
 * The two ways a published bundle is renewed (docs/ARCHITECTURE.md, "The life cycle"), both behind
 * one quality gate:
 *
 * <ul>
 *   <li>{@link dev.scone.training.refresh.VocabularyRefresh}: new f-grams get rows from the
 *       current f-gram model, the main model untouched (minutes);
 *   <li>{@link dev.scone.training.refresh.WarmStartRetrain}: main and f-gram model trained
 *       further on recent text, starting from the current bundle's parameters (hours).
 * </ul>
 *
 * <p>{@link dev.scone.training.refresh.GatedPublisher} publishes a candidate only when its
 * held-out perplexity, measured through the served table ({@link
 * dev.scone.training.eval.TablePerplexity}), passes the {@link
 * dev.scone.training.refresh.QualityGate} against the current bundle's; the decision and both
 * numbers go into the published manifest's eval results. {@link
 * dev.scone.training.refresh.RefreshStudy} measures whether the refresh path helps at all.
 */
package dev.scone.training.refresh;
