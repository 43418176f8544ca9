package dev.scone.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * The keys and values of the positions a main model has already seen, one pair per layer, so a
 * forward over new positions attends to them without recomputing them (incremental decoding).
 *
 * <p>Keys are kept transposed, (B, H, headSize, past), and values as (B, H, past, headSize), so
 * attention multiplies by them directly and never calls an op on a cached array except the
 * append (which produces the next cached array, in the cache's own manager).
 *
 * <p>Owns its arrays (in a sub-manager of the manager it was created from); close it to free
 * them. Not thread-safe: one cache serves one sequence batch at a time.
 */
public final class KvCache implements AutoCloseable {

  private final NDManager manager;
  private final NDArray[] keysT;
  private final NDArray[] values;

  KvCache(NDManager parent, int layers) {
    this.manager = parent.newSubManager();
    this.keysT = new NDArray[layers];
    this.values = new NDArray[layers];
  }

  /** Layers the cache holds keys and values for. */
  public int layers() {
    return keysT.length;
  }

  /** Positions cached so far (0 when empty). */
  public int length() {
    return keysT[0] == null ? 0 : Math.toIntExact(keysT[0].getShape().get(3));
  }

  /** Appends new keys (B, H, hs, T) to layer's and returns all of them, (B, H, hs, past + T). */
  NDArray appendKeys(int layer, NDArray newKeysT) {
    keysT[layer] = append(keysT[layer], newKeysT, 3);
    return keysT[layer];
  }

  /** Appends new values (B, H, T, hs) to layer's and returns all of them, (B, H, past + T, hs). */
  NDArray appendValues(int layer, NDArray newValues) {
    values[layer] = append(values[layer], newValues, 2);
    return values[layer];
  }

  /**
   * Sets {@code layer}'s cached keys (B, H, hs, past) and values (B, H, past, hs), e.g. restored
   * from a prefix cache, replacing what the layer held; the arrays move to this cache's manager.
   * Load every layer with the same B and past before the next forward.
   */
  public void load(int layer, NDArray keysT, NDArray values) {
    if (keysT.getShape().get(3) != values.getShape().get(2)) {
      throw new IllegalArgumentException("keys cover " + keysT.getShape().get(3) + " positions but values "
          + values.getShape().get(2));
    }
    keysT.attach(manager);
    values.attach(manager);
    if (this.keysT[layer] != null) this.keysT[layer].close();
    if (this.values[layer] != null) this.values[layer].close();
    this.keysT[layer] = keysT;
    this.values[layer] = values;
  }

  /** Layer's cached keys, (B, H, hs, past): owned by the cache, valid until its next change. */
  public NDArray keysT(int layer) {
    return keysT[layer];
  }

  /** Layer's cached values, (B, H, past, hs): owned by the cache, valid until its next change. */
  public NDArray values(int layer) {
    return values[layer];
  }

  private NDArray append(NDArray past, NDArray fresh, int axis) {
    // concat on the cached array lands in the cache's manager; a first copy is moved there.
    NDArray all = past == null ? fresh.duplicate() : past.concat(fresh, axis);
    all.attach(manager);
    if (past != null) past.close();
    return all;
  }

  @Override
  public void close() {
    manager.close();
  }
}
