package dev.scone.fgram.counting;

/**
 * A binary min-heap of counter slots ordered by {@code counts[slot]}, with each slot's heap
 * position kept so a slot whose count grew can sift down in {@code O(log m)}. Reads the counts
 * array it is given (shared with the owner). Not thread-safe.
 */
final class SlotHeap {
  private final int[] heap; // heap[i]: slot at heap position i
  private final int[] position; // position[slot]: its index in heap
  private final long[] counts;
  private int size;

  SlotHeap(int capacity, long[] counts) {
    this.heap = new int[capacity];
    this.position = new int[capacity];
    this.counts = counts;
  }

  void add(int slot) {
    heap[size] = slot;
    position[slot] = size;
    siftUp(size++);
  }

  /** The slot with the smallest count. */
  int min() {
    return heap[0];
  }

  /** Restores heap order after {@code counts[slot]} grew. */
  void increased(int slot) {
    siftDown(position[slot]);
  }

  private void siftUp(int i) {
    int slot = heap[i];
    long c = counts[slot];
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (counts[heap[parent]] <= c) break;
      place(heap[parent], i);
      i = parent;
    }
    place(slot, i);
  }

  private void siftDown(int i) {
    int slot = heap[i];
    long c = counts[slot];
    while (true) {
      int child = 2 * i + 1;
      if (child >= size) break;
      if (child + 1 < size && counts[heap[child + 1]] < counts[heap[child]]) child++;
      if (counts[heap[child]] >= c) break;
      place(heap[child], i);
      i = child;
    }
    place(slot, i);
  }

  private void place(int slot, int i) {
    heap[i] = slot;
    position[slot] = i;
  }
}
