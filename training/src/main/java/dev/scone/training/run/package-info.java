/**
 * The glue from a run config to a trained, published bundle ({@link dev.scone.training.run.TrainRun})
 * and the serving-path measurement that checks it ({@link dev.scone.training.eval.TablePerplexity}).
 */
package dev.scone.training.run;
