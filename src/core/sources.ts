import type { LegalSource, SourceKind } from '../kb/types.js';

/** Headings of the two source blocks, the same on every channel. */
export const SOURCE_HEADINGS: Record<SourceKind, string> = { regulation: 'Dasar hukum', reference: 'Rujukan' };

export interface SourceBlock {
  kind: SourceKind;
  heading: string;
  sources: LegalSource[];
}

/**
 * Splits an answer's sources into "Dasar hukum" (regulations) and "Rujukan" (explanatory pages), in that
 * order and skipping an empty block, so a reader forwarding the answer can tell the law from its explanation.
 */
export function sourceBlocks(sources: readonly LegalSource[]): SourceBlock[] {
  return (['regulation', 'reference'] as const)
    .map((kind) => ({ kind, heading: SOURCE_HEADINGS[kind], sources: sources.filter((s) => s.kind === kind) }))
    .filter((block) => block.sources.length > 0);
}

/** "Title, ref" for a regulation; a reference adds its web link, since the page is the point. */
export function formatSource(source: LegalSource): string {
  const text = `${source.title}, ${source.ref}`;
  return source.kind === 'reference' && source.url && /^https?:\/\//i.test(source.url) ? `${text}: ${source.url}` : text;
}
