import { describe, expect, it } from 'vitest';
import { clusterVariants, jaccard, tokenSet, type Variant } from '../../src/analytics/cluster.js';

/** The same greedy leader clustering, comparing every variant with every leader: the reference. */
function bruteForce(variants: Variant[], threshold: number): string[][] {
  const ordered = [...variants].sort((a, b) => b.count - a.count || a.normalized.localeCompare(b.normalized));
  const clusters: { leader: string[]; members: string[]; count: number }[] = [];
  for (const v of ordered) {
    const tokens = tokenSet(v.normalized);
    if (tokens.length === 0) continue;
    let best = -1;
    let bestScore = -1;
    clusters.forEach((c, i) => {
      const score = jaccard(tokens, c.leader);
      if (score >= threshold && score > bestScore) {
        best = i;
        bestScore = score;
      }
    });
    if (best >= 0) {
      clusters[best]!.members.push(v.normalized);
      clusters[best]!.count += v.count;
    } else clusters.push({ leader: tokens, members: [v.normalized], count: v.count });
  }
  return clusters
    .sort((a, b) => b.count - a.count || a.members[0]!.localeCompare(b.members[0]!))
    .map((c) => c.members);
}

describe('grouping variants of a question', () => {
  it('puts reworded variants of one question together and keeps different questions apart', () => {
    const clusters = clusterVariants([
      { normalized: 'asn boleh jadi saksi paslon', count: 5 },
      { normalized: 'boleh asn jadi saksi paslon', count: 2 },
      { normalized: 'asn boleh jadi saksi paslon tps', count: 1 },
      { normalized: 'asn boleh pindah tps', count: 3 },
      { normalized: 'kapan gaji ke13 cair', count: 4 },
      { normalized: 'kapan gaji ke13 pns cair', count: 1 },
    ]);
    expect(clusters.map((c) => [c.leader.normalized, c.count, c.members.length])).toEqual([
      ['asn boleh jadi saksi paslon', 8, 3],
      ['kapan gaji ke13 cair', 5, 2],
      ['asn boleh pindah tps', 3, 1],
    ]);
  });

  it('measures similarity as shared words over all words', () => {
    expect(jaccard(['a', 'b', 'c'], ['a', 'b', 'c'])).toBe(1);
    expect(jaccard(['a', 'b', 'c', 'd'], ['a', 'b', 'c', 'e'])).toBeCloseTo(3 / 5, 10);
    expect(jaccard(['a'], ['b'])).toBe(0);
    expect(tokenSet('  boleh  boleh asn ')).toEqual(['boleh', 'asn']);
  });

  it('finds the same groups as comparing every pair, on thousands of random variants', () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const words = Array.from({ length: 60 }, (_, i) => `w${i}`);
    const bases = Array.from({ length: 40 }, () => Array.from({ length: 3 + Math.floor(random() * 5) }, () => words[Math.floor(random() * words.length)]!));
    const variants = new Map<string, number>();
    for (let i = 0; i < 3000; i++) {
      const tokens = [...bases[Math.floor(random() * bases.length)]!];
      if (random() < 0.5) tokens[Math.floor(random() * tokens.length)] = words[Math.floor(random() * words.length)]!;
      if (random() < 0.3) tokens.push(words[Math.floor(random() * words.length)]!);
      const text = tokens.join(' ');
      variants.set(text, (variants.get(text) ?? 0) + 1 + Math.floor(random() * 3));
    }
    const list = [...variants].map(([normalized, count]) => ({ normalized, count }));
    for (const threshold of [0.4, 0.6, 0.8]) {
      expect(clusterVariants(list, threshold).map((c) => c.members.map((m) => m.normalized))).toEqual(bruteForce(list, threshold));
    }
  });

  it('ignores empty texts', () => {
    expect(clusterVariants([{ normalized: '', count: 3 }, { normalized: '   ', count: 1 }])).toEqual([]);
  });
});
