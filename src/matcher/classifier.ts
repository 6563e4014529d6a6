/**
 * A softmax (multinomial logistic) regression trained on the entries' own phrasings. Retrieval alone
 * weighs a word by how rare it is across the whole knowledge base; the classifier learns which words
 * separate *neighbouring* entries (a word every candidacy entry uses is worthless between them).
 *
 * Training is deterministic (zero start, fixed order, a number of passes that depends only on the
 * data's size), so the matcher stays a pure function of its input. Training costs examples × features
 * × entries per pass: a larger knowledge base gets fewer passes, and past `MIN_EPOCHS` passes' worth
 * of `maxWork` the classifier is not trained and the matcher relies on retrieval alone (about 250
 * entries with the defaults; Netra has 59).
 */

export interface TrainingExample {
  features: readonly number[];
  label: number;
}

export interface ClassifierOptions {
  epochs: number;
  learningRate: number;
  l2: number;
  /** Multiply-adds allowed for the whole training (about 1 s of build time at 2e8). */
  maxWork: number;
}

export const DEFAULT_CLASSIFIER: ClassifierOptions = { epochs: 50, learningRate: 0.2, l2: 0.001, maxWork: 2e8 };

const MIN_EPOCHS = 5;
/** Largest weight matrix (features × entries): 32 MB of float32. */
const MAX_CELLS = 8_000_000;

export interface Classifier {
  /** Class probabilities for a question given as (feature id → value); empty when untrained. */
  probabilities(features: ReadonlyMap<number, number>): Float64Array;
  /** The trained weights (features × classes), so a classifier trained in a worker thread can be rebuilt elsewhere. */
  readonly weights: Float32Array;
}

/** Whether a classifier of this size may be trained at all (its weight matrix stays within bounds). */
export function classifierFits(featureCount: number, classCount: number): boolean {
  return classCount >= 2 && featureCount * classCount <= MAX_CELLS;
}

export function trainClassifier(
  examples: readonly TrainingExample[],
  featureCount: number,
  classCount: number,
  featureScale: (feature: number) => number,
  options: ClassifierOptions = DEFAULT_CLASSIFIER,
): Classifier | undefined {
  if (!classifierFits(featureCount, classCount)) return undefined;
  const featuresPerPass = examples.reduce((sum, e) => sum + e.features.length, 0);
  const epochs = Math.min(options.epochs, Math.floor(options.maxWork / (2 * featuresPerPass * classCount)));
  if (epochs < MIN_EPOCHS) return undefined;
  const weights = new Float32Array(featureCount * classCount);
  const z = new Float64Array(classCount);
  const decay = 1 - options.learningRate * options.l2;

  for (let epoch = 0; epoch < epochs; epoch++) {
    for (const { features, label } of examples) {
      logits(weights, classCount, features, featureScale, z);
      softmaxInPlace(z);
      z[label] = (z[label] ?? 0) - 1; // z is now the gradient of the loss with respect to the logits
      for (const f of features) {
        const row = f * classCount;
        const step = options.learningRate * featureScale(f);
        for (let c = 0; c < classCount; c++) weights[row + c] = (weights[row + c] ?? 0) * decay - step * (z[c] ?? 0);
      }
    }
  }

  return classifierFromWeights(weights, featureCount, classCount);
}

/** A classifier over weights trained earlier (possibly in another thread); training is deterministic, so they are the same. */
export function classifierFromWeights(weights: Float32Array, featureCount: number, classCount: number): Classifier {
  return {
    weights,
    probabilities(query) {
      const out = new Float64Array(classCount);
      if (query.size === 0) return out;
      for (const [f, value] of query) {
        if (f >= featureCount) continue;
        const row = f * classCount;
        for (let c = 0; c < classCount; c++) out[c] = (out[c] ?? 0) + (weights[row + c] ?? 0) * value;
      }
      softmaxInPlace(out);
      return out;
    },
  };
}

function logits(
  weights: Float32Array,
  classCount: number,
  features: readonly number[],
  scale: (f: number) => number,
  z: Float64Array,
): void {
  z.fill(0);
  for (const f of features) {
    const row = f * classCount;
    const s = scale(f);
    for (let c = 0; c < classCount; c++) z[c] = (z[c] ?? 0) + (weights[row + c] ?? 0) * s;
  }
}

function softmaxInPlace(z: Float64Array): void {
  let max = -Infinity;
  for (const v of z) if (v > max) max = v;
  let sum = 0;
  for (let c = 0; c < z.length; c++) {
    const e = Math.exp((z[c] ?? 0) - max);
    z[c] = e;
    sum += e;
  }
  for (let c = 0; c < z.length; c++) z[c] = (z[c] ?? 0) / sum;
}
