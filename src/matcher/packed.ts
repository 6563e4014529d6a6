/**
 * Flat storage for the index's sparse vectors. An index over thousands of entries holds hundreds of
 * thousands of phrasings; one small array per phrasing made the garbage collector a fifth of the build.
 */

/** Sparse vectors stored back to back: item i owns ids/weights[start[i] .. start[i + 1]). */
export interface Packed {
  start: Int32Array;
  ids: Int32Array;
  weights: Float64Array;
}

/** A growable list of 32-bit integers. */
export class IntBuffer {
  private data = new Int32Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }

  at(i: number): number {
    return this.data[i] ?? 0;
  }

  /** Whether `value` occurs at or after position `from` (a linear scan: the runs searched are short texts). */
  includesFrom(from: number, value: number): boolean {
    for (let i = from; i < this.length; i++) if (this.data[i] === value) return true;
    return false;
  }

  /** The values pushed so far, without copying. */
  view(): Int32Array {
    return this.data.subarray(0, this.length);
  }
}

export function norms(packed: Packed): Float64Array {
  const out = new Float64Array(packed.start.length - 1);
  for (let i = 0; i < out.length; i++) {
    let sum = 0;
    for (let k = packed.start[i] ?? 0; k < (packed.start[i + 1] ?? 0); k++) sum += (packed.weights[k] ?? 0) ** 2;
    out[i] = Math.sqrt(sum);
  }
  return out;
}

/** Item → (feature, weight) vectors turned into feature → (item, weight) postings. */
export function invert(packed: Packed, featureCount: number): Packed {
  const start = new Int32Array(featureCount + 1);
  for (const f of packed.ids) start[f + 1] = (start[f + 1] ?? 0) + 1;
  for (let f = 0; f < featureCount; f++) start[f + 1] = (start[f + 1] ?? 0) + (start[f] ?? 0);
  const fill = start.slice(0, featureCount);
  const ids = new Int32Array(packed.ids.length);
  const weights = new Float64Array(packed.ids.length);
  for (let item = 0; item < packed.start.length - 1; item++) {
    for (let k = packed.start[item] ?? 0; k < (packed.start[item + 1] ?? 0); k++) {
      const f = packed.ids[k] ?? 0;
      const slot = fill[f] ?? 0;
      ids[slot] = item;
      weights[slot] = packed.weights[k] ?? 0;
      fill[f] = slot + 1;
    }
  }
  return { start, ids, weights };
}

/**
 * Adds each query feature's weight times its postings' weights into `sums` (by item), and lists each item
 * the first time it is reached in `touched`. Returns how many items were reached. `sums` must be all zero
 * for the items about to be reached; the caller reads and clears them.
 */
export function sumPostings(postings: Packed, query: ReadonlyMap<number, number>, sums: Float64Array, touched: Int32Array): number {
  let count = 0;
  for (const [f, weight] of query) {
    for (let i = postings.start[f] ?? 0; i < (postings.start[f + 1] ?? 0); i++) {
      const item = postings.ids[i] ?? 0;
      if (sums[item] === 0) touched[count++] = item;
      sums[item] = (sums[item] ?? 0) + weight * (postings.weights[i] ?? 0);
    }
  }
  return count;
}
