package dev.scone.model.bundle;

import dev.scone.fgram.files.FileSha256;

/**
 * What a precompute wrote: the table's checksum and shape, and where its rows came from. A full
 * precompute computes every f-gram row; a refresh copies the rows of f-grams the previous table
 * already had (matched by token sequence) and computes only the new ones. Travels in the
 * bundle's manifest as {@code precompute}.
 *
 * @param sha256 SHA-256 hex of the published table file
 * @param tokenRows rows {@code 0..V-1}, always computed (a gather of the main model's embedding)
 * @param fgramRowsComputed f-gram rows run through the f-gram model
 * @param fgramRowsCopied f-gram rows copied from the previous table
 * @param copiedFromTableVersion the previous table's version, or -1 for a full precompute
 */
public record PrecomputeReport(
    String sha256, int rows, int dim, String dtype, int tokenRows, int fgramRowsComputed, int fgramRowsCopied,
    long copiedFromTableVersion) {

  public PrecomputeReport {
    sha256 = FileSha256.requireHex("sha256", sha256);
    if ((long) tokenRows + fgramRowsComputed + fgramRowsCopied != rows) {
      throw new IllegalArgumentException("token rows " + tokenRows + " + computed " + fgramRowsComputed
          + " + copied " + fgramRowsCopied + " do not add up to " + rows + " rows");
    }
  }

  /** F-gram rows, computed or copied: |F|. */
  public int fgramRows() {
    return fgramRowsComputed + fgramRowsCopied;
  }
}
