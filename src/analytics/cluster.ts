/**
 * Groups variants of one question: greedy leader clustering on token-set Jaccard similarity of the
 * normalised texts. Pure. Prefix filtering (tokens ordered rarest first; two sets with Jaccard ≥ t
 * must share one of their first |x| − ⌈t·|x|⌉ + 1 tokens) keeps it near-linear, so a few thousand
 * variants cluster in milliseconds instead of comparing every pair.
 */

export interface Variant {
  /** The normalised text; identical texts were already merged by the database. */
  normalized: string;
  count: number;
}

export interface Cluster<V extends Variant> {
  /** The most frequent variant, which every other member resembles. */
  leader: V;
  members: V[];
  count: number;
}

export function tokenSet(normalized: string): string[] {
  return [...new Set(normalized.split(/\s+/).filter(Boolean))];
}

export function jaccard(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 && b.length === 0) return 1;
  const small = a.length <= b.length ? a : b;
  const large = new Set(a.length <= b.length ? b : a);
  let shared = 0;
  for (const token of small) if (large.has(token)) shared += 1;
  return shared / (a.length + b.length - shared);
}

/**
 * Clusters variants, most frequent first: each variant joins the most similar existing leader with
 * Jaccard ≥ `threshold`, or leads a new cluster. Clusters come back by total count, largest first.
 */
export function clusterVariants<V extends Variant>(variants: readonly V[], threshold = 0.6): Cluster<V>[] {
  const ordered = [...variants].sort((a, b) => b.count - a.count || a.normalized.localeCompare(b.normalized));
  const sets = ordered.map((v) => tokenSet(v.normalized));

  const frequency = new Map<string, number>();
  for (const set of sets) for (const token of set) frequency.set(token, (frequency.get(token) ?? 0) + 1);
  const rarestFirst = (a: string, b: string) => (frequency.get(a) ?? 0) - (frequency.get(b) ?? 0) || (a < b ? -1 : a > b ? 1 : 0);

  const clusters: (Cluster<V> & { tokens: string[] })[] = [];
  const leadersByToken = new Map<string, number[]>();

  ordered.forEach((variant, i) => {
    const tokens = sets[i]!.sort(rarestFirst);
    if (tokens.length === 0) return;
    const prefix = tokens.slice(0, tokens.length - Math.ceil(threshold * tokens.length) + 1);

    let best = -1;
    let bestScore = threshold;
    const seen = new Set<number>();
    for (const token of prefix) {
      for (const c of leadersByToken.get(token) ?? []) {
        if (seen.has(c)) continue;
        seen.add(c);
        const leaderTokens = clusters[c]!.tokens;
        // Length filter: sets whose sizes differ too much cannot reach the threshold.
        if (Math.min(tokens.length, leaderTokens.length) < threshold * Math.max(tokens.length, leaderTokens.length)) continue;
        const score = jaccard(tokens, leaderTokens);
        if (score > bestScore || (score === bestScore && best === -1) || (score === bestScore && c < best)) {
          best = c;
          bestScore = score;
        }
      }
    }

    if (best >= 0) {
      const cluster = clusters[best]!;
      cluster.members.push(variant);
      cluster.count += variant.count;
      return;
    }
    const index = clusters.length;
    clusters.push({ leader: variant, members: [variant], count: variant.count, tokens });
    for (const token of prefix) {
      const list = leadersByToken.get(token);
      if (list) list.push(index);
      else leadersByToken.set(token, [index]);
    }
  });

  return clusters
    .map(({ leader, members, count }) => ({ leader, members, count }))
    .sort((a, b) => b.count - a.count || a.leader.normalized.localeCompare(b.leader.normalized));
}
