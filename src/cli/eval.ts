/**
 * Evaluates the matcher on labelled questions (JSONL: {"text", "expect": id | [ids] | null}).
 *
 *   npm run --silent eval -- --json cases.jsonl   one JSON object on stdout (fixed contract)
 *   npm run eval -- cases.jsonl                   readable report
 *   npm run eval -- --calibrate cases.jsonl       suggest thresholds for knowledge/lexicon/thresholds.yaml,
 *                                                 with a split-half check (tune on one half, test on the other)
 *   options: --knowledge <dir> (default ./knowledge)
 *
 * Builds the matcher from the knowledge files; no database needed. Logs go to stderr.
 */
import { readFile } from 'node:fs/promises';
import { formatProblem, loadKnowledgeDir } from '../kb/load.js';
import { calibrate, figuresFor, rankAll, type Figures } from '../matcher/calibrate.js';
import { rankHeldOutPhrasings } from '../matcher/holdout.js';
import { buildMatcher, buildRanker, loadMatcherData, type MatcherData } from '../matcher/index.js';
import type { KnowledgeEntry } from '../kb/types.js';
import {
  maxCoverageAt,
  parseCases,
  riskCoverage,
  summarize,
  summarizeByStyle,
  type EvalCase,
  type Outcome,
  type RiskCoveragePoint,
  type Summary,
} from '../matcher/evaluate.js';
import { runCases, warmUp } from '../matcher/run-cases.js';

interface Options {
  json: boolean;
  calibrate: boolean;
  /** k for k-fold held-out phrasings (0: off). */
  holdout: number;
  knowledge: string;
  file: string;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { json: false, calibrate: false, holdout: 0, knowledge: 'knowledge', file: '' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--json') options.json = true;
    else if (arg === '--calibrate') options.calibrate = true;
    else if (arg === '--holdout') options.holdout = Number(argv[++i] ?? 10);
    else if (arg === '--knowledge') options.knowledge = argv[++i] ?? options.knowledge;
    else if (!arg.startsWith('--')) options.file = arg;
    else throw new Error(`opsi tidak dikenal: ${arg}`);
  }
  if (!Number.isInteger(options.holdout) || options.holdout < 0 || options.holdout === 1) throw new Error('--holdout butuh bilangan bulat k ≥ 2');
  if (!options.file && !options.holdout) throw new Error('pakai: npm run eval -- [--json] [--knowledge dir] <cases.jsonl> | --holdout 10');
  return options;
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)} %`;
}

function report(summary: Summary): string {
  const lines = [
    `cases: ${summary.cases} (in scope ${summary.inScope}, out of scope ${summary.outOfScope})`,
    `in-scope top-1 (answered right): ${pct(summary.top1)}`,
    `in-scope rank top-1 (best candidate): ${pct(summary.rankTop1)}`,
    `helpful (answered right, or right id among 3 clarify suggestions): ${pct(summary.helpful)}`,
    `wrong-answer rate: ${pct(summary.wrongAnswerRate)} (${summary.wrongAnswers} of ${summary.answered} answered: ${summary.wrongBy.verdictWrong} with another verdict, ${summary.wrongBy.verdictRight} with the right verdict, ${summary.wrongBy.outOfScope} to out-of-scope questions)`,
    `out-of-scope rejection: ${pct(summary.outOfScopeRejection)}`,
    `decisions: answered ${summary.status.answered}, clarify ${summary.status.clarify}, fallback ${summary.status.fallback}`,
    `latency: p50 ${summary.latencyMs.p50.toFixed(3)} ms, p99 ${summary.latencyMs.p99.toFixed(3)} ms, max ${summary.latencyMs.max.toFixed(3)} ms`,
    '',
    `misses (${summary.misses.length}):`,
  ];
  for (const m of summary.misses) {
    const expected = m.expect === null ? 'out of scope' : Array.isArray(m.expect) ? m.expect.join(' | ') : m.expect;
    const got = m.status === 'clarify' ? `clarify [${m.suggestions.join(', ')}]` : m.status === 'answered' ? `answered ${m.got}` : 'fallback';
    lines.push(`  ${m.line}: ${m.text}`, `      expected ${expected}; got ${got} (score ${m.score.toFixed(3)})`);
  }
  return lines.join('\n');
}

function styleTable(byStyle: Map<string, Summary>): string {
  if (byStyle.size === 0) return '';
  const rows = [['style', 'cases', 'rank top-1', 'top-1', 'helpful', 'wrong (verdict wrong/right/oos)', 'oos rejected']];
  for (const [style, s] of byStyle) {
    rows.push([
      style,
      String(s.cases),
      s.inScope ? pct(s.rankTop1) : '–',
      s.inScope ? pct(s.top1) : '–',
      s.inScope ? pct(s.helpful) : '–',
      `${pct(s.wrongAnswerRate)} (${s.wrongBy.verdictWrong}/${s.wrongBy.verdictRight}/${s.wrongBy.outOfScope})`,
      s.outOfScope ? pct(s.outOfScopeRejection) : '–',
    ]);
  }
  return ['per style:', ...alignColumns(rows)].join('\n');
}

/** Coverage, risk and top-1 when only questions whose best score reaches a cut are answered. */
function riskCoverageTable(curve: readonly RiskCoveragePoint[]): string {
  const lines = ['risk–coverage of the best score alone (answer the k highest-scoring questions):'];
  const rows = [['max risk', 'coverage', 'top-1', 'score cut']];
  for (const risk of [0, 0.01, 0.02, 0.05, 0.1]) {
    const p = maxCoverageAt(curve, risk);
    rows.push([pct(risk), p ? pct(p.coverage) : '0 %', p ? pct(p.top1) : '0 %', p ? p.minScore.toFixed(3) : '–']);
  }
  return [...lines, ...alignColumns(rows)].join('\n');
}

function alignColumns(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => `  ${r.map((cell, i) => cell.padEnd(widths[i]!)).join('  ')}`.trimEnd());
}

function figureLine(f: Figures): string {
  return `top-1 ${pct(f.top1)}, helpful ${pct(f.helpful)}, wrong answers ${pct(f.wrongAnswerRate)}, out-of-scope rejection ${pct(f.rejection)}`;
}

/** Prints calibrated thresholds for the whole set, then tunes on each half and tests on the other. */
function calibrationReport(entries: KnowledgeEntry[], data: MatcherData, cases: EvalCase[]): string {
  const ranker = buildRanker(entries, data);
  const all = rankAll(ranker, cases);
  const whole = calibrate(ranker, all, data.thresholds);
  const lines = [
    `current thresholds: ${figureLine(figuresFor(ranker, all, data.thresholds))}`,
    `calibrated on all ${all.length} labelled cases: ${figureLine(whole.figures)}`,
    '# knowledge/lexicon/thresholds.yaml',
    ...Object.entries(whole.thresholds).map(([k, v]) => `${k}: ${v}`),
    '',
    'split-half check (odd/even lines):',
  ];
  const halves = [all.filter((_, i) => i % 2 === 0), all.filter((_, i) => i % 2 === 1)] as const;
  for (const [name, tune, test] of [['odd', halves[0], halves[1]], ['even', halves[1], halves[0]]] as const) {
    const tuned = calibrate(ranker, tune, data.thresholds);
    lines.push(`  tuned on ${name} lines: ${figureLine(tuned.figures)}`);
    lines.push(`  tested on the other half: ${figureLine(figuresFor(ranker, test, tuned.thresholds))}`);
  }
  return lines.join('\n');
}

/** Figures on the entries' own phrasings, each scored by an index built without it (k-fold). */
function holdoutReport(entries: KnowledgeEntry[], data: MatcherData, k: number): string {
  const held = rankHeldOutPhrasings(entries, data, k);
  const ranker = buildRanker(entries, data);
  const f = figuresFor(ranker, held, data.thresholds);
  const rankTop1 = held.filter((h) => ranker.entries[h.ranking.ranked[0]?.entry ?? -1]?.id === h.expect).length / held.length;
  return [
    `held-out phrasings (${k}-fold): ${held.length} in-scope questions the index did not contain`,
    `rank top-1 ${pct(rankTop1)}; current thresholds: ${figureLine(f)} (${f.right} right, ${f.wrong} wrong answers)`,
  ].join('\n');
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const knowledge = await loadKnowledgeDir(options.knowledge);
  for (const p of knowledge.problems) console.error(formatProblem(p));
  const data = await loadMatcherData(options.knowledge);
  if (options.holdout) {
    console.log(holdoutReport(knowledge.entries, data, options.holdout));
    return;
  }
  const cases = parseCases(await readFile(options.file, 'utf8'), options.file);
  if (options.calibrate) {
    console.log(calibrationReport(knowledge.entries, data, cases));
    return;
  }
  const matcher = buildMatcher(knowledge.entries, data);
  warmUp(matcher, knowledge.entries);
  const outcomes = runCases(matcher, cases);
  const verdicts = new Map(knowledge.entries.map((e) => [e.id, e.verdict]));
  const verdictOf = (id: string) => verdicts.get(id);
  const summary = summarize(cases, outcomes, verdictOf);
  const byStyle = summarizeByStyle(cases, outcomes, verdictOf);
  const curve = riskCoverage(cases, outcomes);
  if (options.json) {
    const results = cases.map((c, i) => {
      const o = outcomes[i] as Outcome;
      return { text: c.text, ...(c.style ? { style: c.style } : {}), status: o.status, id: o.id, suggestions: o.suggestions, candidates: o.candidates, score: o.score, ms: o.ms };
    });
    const { misses: _misses, ...figures } = summary;
    const styles = Object.fromEntries([...byStyle].map(([style, { misses: _m, ...f }]) => [style, f]));
    process.stdout.write(`${JSON.stringify({ results, summary: figures, styles })}\n`);
  } else {
    console.log([report(summary), styleTable(byStyle), riskCoverageTable(curve)].filter(Boolean).join('\n\n'));
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
