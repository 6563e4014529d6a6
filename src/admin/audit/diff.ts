/** One changed value between an audit row's before and after, addressed by its path (`sources[0].title`). */
export interface DiffLine {
  path: string;
  kind: 'added' | 'removed' | 'changed';
  before?: string;
  after?: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** A value as one readable line: strings as they are, everything else as compact JSON. */
export const showValue = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

/**
 * The differences between two JSON values, flattened to leaf paths in a stable order: what an admin reads in
 * the audit log instead of two blobs of JSON. Arrays are compared index by index.
 */
export function diffJson(before: unknown, after: unknown, path = ''): DiffLine[] {
  if (isObject(before) && isObject(after) && Array.isArray(before) === Array.isArray(after)) {
    const keys = Array.isArray(before)
      ? Array.from({ length: Math.max(before.length, (after as unknown as unknown[]).length) }, (_, i) => String(i))
      : [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return keys.flatMap((key) => {
      const child = Array.isArray(before) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
      return diffJson((before as Record<string, unknown>)[key], (after as Record<string, unknown>)[key], child);
    });
  }
  const label = path || '(nilai)';
  if (before === undefined && after === undefined) return [];
  if (before === undefined || before === null) return after === undefined || after === null ? [] : [{ path: label, kind: 'added', after: showValue(after) }];
  if (after === undefined || after === null) return [{ path: label, kind: 'removed', before: showValue(before) }];
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  return [{ path: label, kind: 'changed', before: showValue(before), after: showValue(after) }];
}
