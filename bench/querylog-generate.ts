/**
 * Realistic synthetic query logs for benchmarks: a channel mix, Zipf-like topic popularity, daily and
 * weekly cycles with a campaign-season surge, unanswerable questions asked in many variants, a few
 * heavy users among many occasional ones, and 👍/👎 ratings with a few badly rated entries.
 * Deterministic for a given seed.
 */
import { randomUUID } from 'node:crypto';
import type { FeedbackRecord, QueryLogRecord, QueryStatus } from '../src/analytics/types.js';
import type { ChannelName, ChatType } from '../src/core/types.js';

export interface GeneratorEntry {
  id: string;
  questions: string[];
}

export interface GenerateOptions {
  rows: number;
  from: Date;
  to: Date;
  entries: GeneratorEntry[];
  /** How the matcher normalises text (the real one, so the unanswered report groups realistic strings). */
  normalize: (text: string) => string;
  seed?: number;
  users?: number;
}

export interface GeneratedLog {
  queries: QueryLogRecord[];
  ratings: FeedbackRecord[];
}

/** mulberry32: small, fast, good enough for synthetic data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Sampler over 0..n-1 with probability ∝ 1/(rank+1)^s. */
function zipf(n: number, s: number, random: () => number): () => number {
  const cumulative: number[] = [];
  let total = 0;
  for (let k = 0; k < n; k++) {
    total += 1 / (k + 1) ** s;
    cumulative.push(total);
  }
  return () => {
    const x = random() * total;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)]!;
}

function weighted<T>(choices: readonly [T, number][], random: () => number): T {
  const total = choices.reduce((s, [, w]) => s + w, 0);
  let x = random() * total;
  for (const [value, weight] of choices) {
    x -= weight;
    if (x <= 0) return value;
  }
  return choices[choices.length - 1]![0];
}

/** Questions Netra has no entry for, as people would ask them; each gets many variants. */
export const UNANSWERABLE = [
  'kapan gaji ke-13 pns cair',
  'cara daftar cpns tahun ini',
  'apakah pppk dapat pensiun',
  'berapa tunjangan kinerja golongan tiga',
  'asn boleh jadi saksi paslon di tps',
  'cuti untuk menemani suami caleg kampanye',
  'boleh pasang foto presiden di kantor',
  'kapan pengumuman hasil seleksi pppk',
  'asn boleh jadi pengurus koperasi partai',
  'bagaimana cara lapor atasan yang kampanye di grup kantor',
  'apakah honorer dihapus tahun depan',
  'boleh jualan kaos partai di toko istri',
  'asn boleh hadir pengajian yang diisi caleg',
  'apa sanksi kalau tidak datang ke tps',
  'boleh pakai mobil dinas untuk mudik',
  'asn boleh jadi admin grup relawan',
  'siapa yang mengawasi netralitas kepala desa',
  'boleh ikut senam pagi yang diadakan partai',
  'apakah boleh menerima sembako dari caleg',
  'asn boleh donasi ke masjid yang dibangun calon',
  'bagaimana jika suami saya kader partai',
  'boleh bikin konten tiktok soal debat capres',
  'apakah guru pppk boleh jadi kpps',
  'boleh foto bareng artis yang jadi caleg',
  'asn boleh menulis opini politik di koran',
  'kapan libur nasional hari pencoblosan',
  'asn boleh jadi juru parkir kampanye',
  'boleh menolak perintah atasan ikut kampanye',
  'bagaimana cara cek dpt online',
  'apakah asn boleh pindah tps',
];
const FILLERS = ['min', 'kak', 'dong', 'ya', 'nih', 'sih', 'gak', 'tolong', 'mau tanya', 'permisi'];
const GREETINGS = ['halo', 'halo min', 'terima kasih', 'makasih kak', 'selamat pagi', 'tes'];
const COMMANDS = ['/start', '/topik', '/bantuan', '/lapor', '/privasi', '/topik media-sosial'];

/** A variant of a question: filler words, word-order swaps, a dropped letter, punctuation, case. */
export function variant(text: string, random: () => number): string {
  let words = text.split(' ');
  if (random() < 0.35) words.splice(Math.floor(random() * (words.length + 1)), 0, pick(FILLERS, random));
  if (random() < 0.25 && words.length > 3) {
    const i = Math.floor(random() * (words.length - 1));
    [words[i], words[i + 1]] = [words[i + 1]!, words[i]!];
  }
  if (random() < 0.2) {
    const i = Math.floor(random() * words.length);
    const w = words[i]!;
    if (w.length > 4) words[i] = w.slice(0, 2) + w.slice(3);
  }
  if (random() < 0.1) words = words.map((w) => w.replace(/a/g, '4'));
  let out = words.join(' ');
  if (random() < 0.5) out += pick(['?', '??', ' ?', '...', '!'], random);
  if (random() < 0.3) out = out[0]!.toUpperCase() + out.slice(1);
  return out;
}

const HOUR_WEIGHTS = [1, 0.5, 0.3, 0.3, 0.6, 1.5, 3, 5, 8, 9, 8, 7, 6, 7, 6, 5, 4, 4, 5, 7, 8, 6, 4, 2];
const WEEKDAY_WEIGHTS = [0.45, 1.1, 1.1, 1.05, 1, 0.9, 0.55]; // Sunday first

/** A timestamp from a daily and weekly rhythm, with the weeks before voting day busier. */
function timeSampler(from: Date, to: Date, random: () => number): () => Date {
  const days = Math.max(1, Math.round((to.getTime() - from.getTime()) / 86_400_000));
  const dayWeights: number[] = [];
  for (let d = 0; d < days; d++) {
    const date = new Date(from.getTime() + d * 86_400_000);
    const campaign = d / days > 0.55 && d / days < 0.75 ? 3 : 1; // campaign season surge
    dayWeights.push(WEEKDAY_WEIGHTS[date.getUTCDay()]! * campaign * (0.8 + 0.4 * random()));
  }
  const pickDay = cumulativeSampler(dayWeights, random);
  const pickHour = cumulativeSampler(HOUR_WEIGHTS, random);
  return () => {
    const day = pickDay();
    const hourWib = pickHour();
    // Hours are Jakarta time (UTC+7).
    const ms = from.getTime() + day * 86_400_000 + (hourWib - 7) * 3_600_000 + Math.floor(random() * 3_600_000);
    return new Date(Math.min(Math.max(ms, from.getTime()), to.getTime() - 1));
  };
}

function cumulativeSampler(weights: number[], random: () => number): () => number {
  const cumulative: number[] = [];
  let total = 0;
  for (const w of weights) cumulative.push((total += w));
  return () => {
    const x = random() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

function hex(random: () => number, length: number): string {
  let out = '';
  while (out.length < length) out += Math.floor(random() * 0x100000000).toString(16).padStart(8, '0');
  return out.slice(0, length);
}

/** Generates `rows` query-log records (time-ordered) and the ratings users gave some of the answers. */
export function generateQueryLog(options: GenerateOptions): GeneratedLog {
  const random = prng(options.seed ?? 20261101);
  const entries = options.entries;
  const pickEntry = zipf(entries.length, 1.1, random);
  const pickUnanswerable = zipf(UNANSWERABLE.length, 0.9, random);
  const pickUser = zipf(options.users ?? 80_000, 0.6, random);
  const userKeys = new Map<number, string>();
  const userKey = (n: number) => {
    let key = userKeys.get(n);
    if (!key) userKeys.set(n, (key = hex(random, 32)));
    return key;
  };
  const nextTime = timeSampler(options.from, options.to, random);
  const normalized = new Map<string, string>();
  const normalize = (text: string) => {
    let value = normalized.get(text);
    if (value === undefined) normalized.set(text, (value = options.normalize(text)));
    return value;
  };
  // A few entries answer badly (outdated, unclear) and collect 👎.
  const badEntries = new Set(entries.filter((_, i) => i % 9 === 4).map((e) => e.id));

  const queries: QueryLogRecord[] = [];
  const ratings: FeedbackRecord[] = [];
  for (let i = 0; i < options.rows; i++) {
    const channel = weighted<ChannelName>([['telegram', 55], ['whatsapp', 35], ['web', 10]], random);
    const chatType: ChatType = channel !== 'web' && random() < 0.18 ? 'group' : 'private';
    const status = weighted<QueryStatus>([['answered', 70], ['clarify', 9], ['fallback', 13], ['command', 8]], random);
    const createdAt = nextTime();
    const entry = entries[pickEntry()]!;
    let text: string;
    let entryId: string | null = null;
    let score: number;
    let candidates: { entryId: string; score: number }[] = [];
    if (status === 'command') {
      text = random() < 0.6 ? pick(COMMANDS, random) : pick(GREETINGS, random);
      score = 0;
    } else if (status === 'answered') {
      entryId = entry.id;
      text = variant(pick(entry.questions, random).toLowerCase().replace(/\?$/, ''), random);
      // Mostly confident; about one answer in ten just over the answer threshold.
      score = random() < 0.1 ? 0.35 + random() * 0.15 : 0.5 + random() * 0.5;
      candidates = [{ entryId: entry.id, score }, ...[1, 2].map((k) => ({ entryId: entries[(pickEntry() + k) % entries.length]!.id, score: score * (0.3 + random() * 0.4) }))];
    } else {
      // Clarify and fallback: the unanswerable questions, plus now and then a vague one about a real topic.
      text = random() < 0.8 ? variant(UNANSWERABLE[pickUnanswerable()]!, random) : variant(pick(entry.questions, random).split(' ').slice(0, 3).join(' '), random);
      score = status === 'clarify' ? 0.2 + random() * 0.15 : random() * 0.2;
      candidates = [0, 1, 2].map((k) => ({ entryId: entries[(pickEntry() + k) % entries.length]!.id, score: score * (1 - k * 0.2) }));
    }
    const record: QueryLogRecord = {
      id: randomUUID(),
      createdAt,
      channel,
      chatType,
      userKey: userKey(pickUser()),
      text,
      normalized: status === 'command' ? '' : normalize(text),
      status,
      entryId,
      score: Math.round(score * 1e4) / 1e4,
      candidates: candidates.map((c) => ({ entryId: c.entryId, score: Math.round(c.score * 1e4) / 1e4 })),
      // Log-normal around a millisecond, as the in-memory matcher takes.
      latencyMs: Math.round(Math.exp(Math.log(0.8) + 0.6 * gaussian(random)) * 1000) / 1000,
      knowledgeVersion: 'bench-2026',
    };
    queries.push(record);
    if (status === 'answered' && random() < 0.05) {
      const downRate = badEntries.has(record.entryId!) ? 0.45 : 0.08;
      ratings.push({
        id: randomUUID(),
        queryId: record.id,
        createdAt: new Date(createdAt.getTime() + 20_000 + Math.floor(random() * 600_000)),
        channel,
        userKey: record.userKey,
        entryId: record.entryId,
        rating: random() < downRate ? -1 : 1,
      });
    }
  }
  queries.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  return { queries, ratings };
}

function gaussian(random: () => number): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}
