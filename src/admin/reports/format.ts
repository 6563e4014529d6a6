/** How the reports page and the digest write numbers, shares and dates: Indonesian conventions. Pure. */

const NUMBER = new Intl.NumberFormat('id-ID');
const ONE_DECIMAL = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 1 });

export function formatCount(value: number): string {
  return NUMBER.format(value);
}

/** 0.253 → "25,3%". */
export function formatShare(value: number | null): string {
  return value === null ? '–' : `${ONE_DECIMAL.format(value * 100)}%`;
}

/** A relative change as a sign and a percentage: "+25%", "−10%", "tetap". */
export function formatChange(change: number | null): string {
  if (change === null) return 'baru';
  if (Math.abs(change) < 0.0005) return 'tetap';
  return `${change > 0 ? '+' : '−'}${ONE_DECIMAL.format(Math.abs(change) * 100)}%`;
}

/** A change of a share in percentage points: "+2,5 poin". */
export function formatPoints(change: number | null): string {
  if (change === null) return '–';
  if (Math.abs(change) < 0.0005) return 'tetap';
  return `${change > 0 ? '+' : '−'}${ONE_DECIMAL.format(Math.abs(change) * 100)} poin`;
}

const MONTHS = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'];
const SHORT_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'Mei', 'Jun', 'Jul', 'Agu', 'Sep', 'Okt', 'Nov', 'Des'];

/** "2026-11-01" → "1 November 2026". */
export function formatDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return `${d} ${MONTHS[m - 1]} ${y}`;
}

/** "2026-11-01" → "1 Nov". */
export function formatShortDay(day: string): string {
  const [, m, d] = day.split('-').map(Number) as [number, number, number];
  return `${d} ${SHORT_MONTHS[m - 1]}`;
}

/** "1–30 November 2026" style period of two calendar days. */
export function formatPeriod(first: string, last: string): string {
  return first === last ? formatDay(first) : `${formatDay(first)} s.d. ${formatDay(last)}`;
}

/** An instant as a local date and time: "3 Nov 2026 12.00". */
export function formatInstant(iso: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(iso));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${Number(get('day'))} ${SHORT_MONTHS[Number(get('month')) - 1]} ${get('year')} ${get('hour')}.${get('minute')}`;
}

export const CHANNEL_LABELS: Record<string, string> = { telegram: 'Telegram', whatsapp: 'WhatsApp', web: 'Web', cli: 'Baris perintah' };

export const VERDICT_LABELS: Record<string, string> = { dilarang: 'Dilarang', boleh: 'Boleh', bersyarat: 'Bersyarat', informasi: 'Informasi' };

export const TREND_LABELS: Record<string, { arrow: string; label: string }> = {
  naik: { arrow: '▲', label: 'naik' },
  turun: { arrow: '▼', label: 'turun' },
  tetap: { arrow: '▶', label: 'tetap' },
  baru: { arrow: '★', label: 'baru' },
};
