import type { Verdict } from '../kb/types.js';

const VERDICT_LABELS: Record<Verdict, string> = {
  boleh: '✅ Boleh',
  dilarang: '❌ Dilarang',
  bersyarat: '⚠️ Bersyarat',
  informasi: 'ℹ️ Informasi',
};

export function verdictLabel(verdict: Verdict): string {
  return VERDICT_LABELS[verdict];
}
