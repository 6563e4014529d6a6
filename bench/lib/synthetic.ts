import type { KnowledgeEntry } from '../../src/kb/types.js';
import { prng } from '../querylog-generate.js';

/**
 * A synthetic knowledge base for speed measurements: every entry is a real entry whose phrasings have
 * about a third of their words swapped for made-up words, so the vocabulary, the posting lists and the
 * number of phrasings grow the way a real, larger knowledge base would. Deterministic (seeded).
 */
export function syntheticKnowledgeBase(templates: readonly KnowledgeEntry[], count: number, seed = 42): KnowledgeEntry[] {
  const random = prng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const syllables = ['ka', 'la', 'ma', 'na', 'pa', 'ra', 'sa', 'ta', 'ba', 'da', 'ga', 'ja', 'ku', 'lu', 'mu', 'nu', 'pu', 'ru', 'su', 'tu', 'ki', 'li', 'mi', 'ni', 'pi', 'ri', 'si', 'ti', 'ke', 'le', 'me', 'ne', 'pe', 're', 'se', 'te', 'ko', 'lo', 'mo', 'no', 'po', 'ro', 'so', 'to', 'ng', 'an', 'in', 'un'];
  const inventedWords = Array.from({ length: 20_000 }, () => {
    const n = 2 + Math.floor(random() * 3);
    return Array.from({ length: n }, () => pick(syllables)).join('');
  });
  const mutate = (text: string) =>
    text
      .split(/\s+/)
      .map((w) => (random() < 0.35 ? pick(inventedWords) : w))
      .join(' ');

  return Array.from({ length: count }, (_, i) => {
    const template = templates[i % templates.length] as KnowledgeEntry;
    return {
      ...template,
      id: `sintetis-${i}`,
      title: mutate(template.title),
      questions: template.questions.map(mutate),
      keywords: [pick(inventedWords), pick(inventedWords), ...template.keywords.slice(0, 3)],
      related: [],
    };
  });
}
