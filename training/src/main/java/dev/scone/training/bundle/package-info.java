/**
 * The versioned model bundle: precompute of the embedding table, the bundle files, the store
 * that publishes them atomically, and verified opening.
 *
 * <p>Front doors: {@link dev.scone.training.bundle.TablePrecompute} (full precompute and the
 * vocabulary refresh path), {@link dev.scone.model.bundle.BundleStore} (publish, list,
 * latest, open), {@link dev.scone.model.bundle.ModelBundle} (a verified, opened bundle) and
 * {@link dev.scone.model.bundle.BundleRef} (the {@code scone.tables} announcement).
 *
 * <p>Store layout:
 *
 * <pre>
 * &lt;root&gt;/bundles/
 *   .publish.lock            publishers hold it while publishing
 *   .last_version            highest version ever given out (never reused)
 *   .staging-v000008-&lt;rnd&gt;/  a publish in progress, or left by a crash (never listed)
 *   v000007/
 *     manifest.json          {@link dev.scone.model.bundle.BundleManifest}; its SHA-256 is announced
 *     config.json            {@link dev.scone.model.ModelConfig} (snake_case keys)
 *     main.params            DJL parameters of the main model
 *     fgram.params           DJL parameters of the f-gram model (absent when fgram_layers = 0)
 *     token_ids.json         tokenizer ids to and from the model's (compacted) ids
 *     vocab.arrow            the f-gram vocabulary (format scone.vocab), tokenizer ids
 *     table.arrow            V + |F| rows (format scone.table) in tokenizer id space
 * </pre>
 *
 * <p>{@code token_ids.json} is {@code {"format": "scone.token_ids", "format_version": 1,
 * "tokenizer_vocab_size": V, "model_vocab_size": M, "to_model": [V ints], "to_tokenizer": [M
 * ints]}}: both directions of the model's {@link dev.scone.model.TokenIdMap} as it answered when
 * the bundle was written, so the bundle needs no class from the trainer to be read.
 *
 * <p>Versions: the bundle's version is its store version, also the table's {@code version}
 * metadata ({@code table_version}); {@code vocab_version} is the vocabulary's own; {@code
 * model_version} is the trainer's name for the model and is written into the table too.
 */
package dev.scone.training.bundle;
