// Detection bench: runs the engine over labelled tool definitions and prints recall on malicious,
// false-positive rate on benign, precision and F1, per source and overall, with every miss and every
// false alarm. A tool counts as flagged when a poisoning finding (a rule with meta.poisoning) of
// severity medium or above points at it through location.tool.
//
//   npx tsx bench/detection/run.ts                 # dev sets: ../shared/corpus/*.jsonl, then the sealed sets
//   npx tsx bench/detection/run.ts a.jsonl b.jsonl  # these corpus files instead (no sealed sets)
//   npx tsx bench/detection/run.ts --summary       # tables only
//   npx tsx bench/detection/run.ts --sealed        # the sealed sets only
//   npx tsx bench/detection/run.ts --llm           # also with the judge (add to any of the above)
//
// With --llm, every set is measured a second time with the judge (rules/tools/poisoning/judge.ts): a
// model behind an OpenAI-compatible endpoint, asked about the definitions the offline analysis leaves
// uncertain. Its figures are printed below the offline ones, in the same form (the sealed sets' in
// aggregate). It reads TRUSTTRACE_LLM_URL, TRUSTTRACE_LLM_KEY and TRUSTTRACE_LLM_MODEL from the
// environment or a .env file, as the service does, and stops if they are not set; docs/configuration.md
// shows how to run it against a local Ollama model. That run waits on the model: its times are not
// the engine's.
//
// The sealed sets (bench/detection/sealed/) were written by people who had read neither the detector
// nor the corpora, to measure how it holds on attacks no one here tuned it for. Their figures are
// printed only in aggregate (overall, per category, per language), never case by case: looking at their
// misses would make them dev sets. Their SHA-256 is pinned below; the bench refuses a changed file.
//
// Records are grouped by (source, server) and each group is scanned as one tools/list file, as a
// live scan of that server would see it: shadowing and the offensive-kit context are per server.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../../src/config.js';
import { collectFiles } from '../../src/engine/collect/files/index.js';
import { analyzeSurface } from '../../src/engine/rules/tools/poisoning/analyze.js';
import { DEFAULT_MODEL, type JudgeConfig } from '../../src/engine/rules/tools/poisoning/judge.js';
import { allRules } from '../../src/engine/rules/index.js';
import { scanFiles } from '../../src/engine/scan.js';
import type { Finding, ServerSurface } from '../../src/engine/types.js';

interface CorpusRecord {
  id: string;
  source: string;
  label: 'malicious' | 'benign';
  attack: string | null;
  /** Main language (sealed sets and our own dev sets). */
  lang?: string;
  server: string;
  tool: Record<string, unknown> & { name: string };
}

/** The sealed sets and the SHA-256 each was sealed with (docs/performance.md records when). */
const SEALED: readonly { file: string; sha256: string }[] = [
  { file: 'sealed/set-a.jsonl', sha256: 'a42a9aae67030b65f566b2fb09ba826f6cfd7704d6f1f7e8c2315d39ba4787c4' },
  { file: 'sealed/set-b.jsonl', sha256: '8ec95a2631042f039972ed6a72d8b64387ed09e3e7d9a52fcbe1f60adcf4f479' },
  { file: 'sealed/set-c.jsonl', sha256: 'cf9a6bdf2f20ae4b2c7e4b25f676e75bacec9e1b8c60163cac99775ab5b92bf4' },
];

function sealedRecords(): CorpusRecord[] {
  return SEALED.flatMap(({ file, sha256 }) => {
    const path = join(dirname(fileURLToPath(import.meta.url)), file);
    const bytes = readFileSync(path);
    const actual = createHash('sha256').update(bytes).digest('hex');
    if (actual !== sha256)
      throw new Error(
        `${file} is not the sealed file (sha256 ${actual}, sealed ${sha256}): seal a new set instead`,
      );
    return readRecords(path);
  });
}

interface Outcome {
  record: CorpusRecord;
  flagged: boolean;
  /** What each signal kind added to the verdict's score, by kind. */
  contributions: Map<string, number>;
  rules: string[];
  evidence: string;
  probability: number;
  /** Flagged only because most of its server's tools are offensive (whole-server context). */
  viaKit: boolean;
}

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const POISONING_RULES = new Set(allRules.filter((r) => r.meta.poisoning).map((r) => r.meta.id));
const FLAG_SEVERITIES = new Set(['critical', 'high', 'medium']);

function corpusFiles(args: string[]): string[] {
  const given = args.filter((a) => !a.startsWith('--'));
  if (given.length > 0) return given.map((f) => resolve(f));
  const dir = resolve(repoRoot, '..', 'shared', 'corpus');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()
    .map((f) => join(dir, f));
}

function readRecords(file: string): CorpusRecord[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as CorpusRecord);
}

function groupByServer(records: CorpusRecord[]): CorpusRecord[][] {
  const groups = new Map<string, CorpusRecord[]>();
  for (const record of records) {
    const key = JSON.stringify([record.source, record.server]);
    groups.set(key, [...(groups.get(key) ?? []), record]);
  }
  return [...groups.values()];
}

function isPoisoningFlag(finding: Finding): boolean {
  return POISONING_RULES.has(finding.id) && FLAG_SEVERITIES.has(finding.severity) && !!finding.location?.tool;
}

async function runGroup(
  group: CorpusRecord[],
  index: number,
  judge: JudgeConfig | undefined,
): Promise<{ outcomes: Outcome[]; ms: number; cpuMs: number; poisoningMs: number }> {
  const file = { name: `server-${index}.json`, content: JSON.stringify({ tools: group.map((r) => r.tool) }) };
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const result = await scanFiles([file], judge ? { secondOpinion: judge } : {});
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const flags = result.findings.filter(isPoisoningFlag);

  // The verdict's probability per tool, for the calibration table (outside the timed scan).
  const surface = (await collectFiles([file])).artifacts.find(
    (a): a is ServerSurface => a.kind === 'server-surface',
  );
  const probability = new Map<string, number>();
  const contributions = new Map<string, Map<string, number>>();
  const viaKit = new Set<string>();
  let poisoningMs = 0;
  if (surface) {
    const startedAnalysis = performance.now();
    const analyses = await analyzeSurface(surface, { surfaces: [surface], fileNames: [file.name] });
    poisoningMs = performance.now() - startedAnalysis;
    for (const analysis of analyses) {
      if (!analysis.definition) continue;
      probability.set(analysis.definition.name, analysis.verdict.probability);
      const parts = new Map(analysis.verdict.contributions.map((c) => [c.kind as string, c.value]));
      // The learned model, where it leans towards poisoning (its log-odds, before the combiner weighs them).
      if (analysis.verdict.modelLogit > 0) parts.set('(learned model)', analysis.verdict.modelLogit);
      contributions.set(analysis.definition.name, parts);
      if (analysis.verdict.hits.some((h) => h.kind === 'offensive-kit')) viaKit.add(analysis.definition.name);
    }
  }

  const outcomes = group.map((record) => {
    const mine = flags.filter((f) => f.location?.tool === record.tool.name);
    return {
      record,
      flagged: mine.length > 0,
      rules: [...new Set(mine.map((f) => f.id))],
      evidence: mine[0]?.evidence ?? '',
      probability: probability.get(record.tool.name) ?? 0,
      contributions: contributions.get(record.tool.name) ?? new Map<string, number>(),
      viaKit: mine.length > 0 && viaKit.has(record.tool.name),
    };
  });
  return { outcomes, ms, cpuMs, poisoningMs };
}

interface Counts {
  tp: number;
  fn: number;
  fp: number;
  tn: number;
}

function count(outcomes: Outcome[]): Counts {
  const c = { tp: 0, fn: 0, fp: 0, tn: 0 };
  for (const o of outcomes) {
    const malicious = o.record.label === 'malicious';
    if (malicious && o.flagged) c.tp++;
    else if (malicious) c.fn++;
    else if (o.flagged) c.fp++;
    else c.tn++;
  }
  return c;
}

const pct = (n: number, d: number) => (d === 0 ? '   n/a' : `${((100 * n) / d).toFixed(1).padStart(5)}%`);

function row(name: string, c: Counts): string {
  const precision = c.tp + c.fp === 0 ? 0 : c.tp / (c.tp + c.fp);
  const recall = c.tp + c.fn === 0 ? 0 : c.tp / (c.tp + c.fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return [
    name.padEnd(16),
    String(c.tp + c.fn).padStart(5),
    String(c.fp + c.tn).padStart(5),
    pct(c.tp, c.tp + c.fn),
    pct(c.fp, c.fp + c.tn),
    pct(c.tp, c.tp + c.fp),
    (c.tp + c.fn === 0 ? '  n/a' : f1.toFixed(3)).padStart(6),
    `  TP ${c.tp} FN ${c.fn} FP ${c.fp} TN ${c.tn}`,
  ].join(' ');
}

/**
 * What each signal contributed on a set: on how many poisoned and honest definitions it counted, and
 * its mean contribution (score units) where it did. The model's share is its log-odds term.
 */
function contributionTable(outcomes: Outcome[]): string[] {
  const kinds = [...new Set(outcomes.flatMap((o) => [...o.contributions.keys()]))].sort();
  const lines = [
    `${'signal'.padEnd(22)} ${'poisoned'.padStart(9)} ${'honest'.padStart(7)} ${'mean'.padStart(6)}`,
  ];
  for (const kind of kinds) {
    const withIt = outcomes.filter((o) => o.contributions.has(kind));
    const mean = withIt.reduce((sum, o) => sum + o.contributions.get(kind)!, 0) / (withIt.length || 1);
    lines.push(
      `${kind.padEnd(22)} ${String(withIt.filter((o) => o.record.label === 'malicious').length).padStart(9)} ${String(withIt.filter((o) => o.record.label === 'benign').length).padStart(7)} ${mean.toFixed(2).padStart(6)}`,
    );
  }
  return lines;
}

function calibration(outcomes: Outcome[]): string[] {
  const buckets = [0, 0.2, 0.5, 0.8, 0.9, 0.98, 1.01];
  const lines = ['estimated p     tools  malicious'];
  for (let i = 0; i < buckets.length - 1; i++) {
    const inBucket = outcomes.filter((o) => o.probability >= buckets[i]! && o.probability < buckets[i + 1]!);
    const malicious = inBucket.filter((o) => o.record.label === 'malicious').length;
    lines.push(
      `${buckets[i]!.toFixed(2)}–${Math.min(1, buckets[i + 1]!).toFixed(2)}`.padEnd(16) +
        String(inBucket.length).padStart(5) +
        `  ${pct(malicious, inBucket.length)}`,
    );
  }
  return lines;
}

/**
 * Runs every group twice (a warm-up, then timed) and returns the timed outcomes and times; with a
 * judge, the second pass gets the judge's verdicts from its cache.
 */
async function measure(records: CorpusRecord[], judge?: JudgeConfig) {
  const groups = groupByServer(records);
  // One untimed pass warms the JIT and the lexicons up; the timed pass is what a running service sees.
  for (const [i, group] of groups.entries()) await runGroup(group, i, judge);
  const outcomes: Outcome[] = [];
  let totalMs = 0;
  let totalCpuMs = 0;
  let poisoningMs = 0;
  for (const [i, group] of groups.entries()) {
    const timed = await runGroup(group, i, judge);
    outcomes.push(...timed.outcomes);
    totalMs += timed.ms;
    totalCpuMs += timed.cpuMs;
    poisoningMs += timed.poisoningMs;
  }
  return { groups, outcomes, totalMs, totalCpuMs, poisoningMs };
}

/** TRUSTTRACE_LLM_* as the service reads them, when --llm asks for the judge. */
function judgeFromEnvironment(args: string[]): JudgeConfig | undefined {
  if (!args.includes('--llm')) return undefined;
  const judge = loadConfig().secondOpinion;
  if (!judge) {
    console.error(
      '--llm needs TRUSTTRACE_LLM_URL and TRUSTTRACE_LLM_KEY (docs/configuration.md, "The judge")',
    );
    process.exit(2);
  }
  return judge;
}

const judgeTitle = (judge: JudgeConfig) => `with the judge (${judge.model ?? DEFAULT_MODEL})`;

/** The sealed sets' figures, in aggregate only. */
async function reportSealed(judge: JudgeConfig | undefined): Promise<void> {
  const records = sealedRecords();
  const { outcomes } = await measure(records);
  console.log(`\nSealed sets (${SEALED.map((s) => s.file).join(', ')}): aggregate figures only`);
  console.log(`${'set'.padEnd(16)} ${'mal'.padStart(5)} ${'ben'.padStart(5)} recall    FPR prec.     F1`);
  for (const source of [...new Set(records.map((r) => r.source))])
    console.log(row(source, count(outcomes.filter((o) => o.record.source === source))));
  console.log(row('sealed overall', count(outcomes)));
  if (judge) {
    const judged = await measure(records, judge);
    console.log(`Sealed sets ${judgeTitle(judge)}:`);
    for (const source of [...new Set(records.map((r) => r.source))])
      console.log(row(source, count(judged.outcomes.filter((o) => o.record.source === source))));
    console.log(row('sealed overall', count(judged.outcomes)));
  }
  console.log('\nRecall by category (flagged / poisoned):');
  const categories = [...new Set(records.map((r) => r.attack).filter((a): a is string => !!a))].sort();
  for (const category of categories) {
    const c = count(outcomes.filter((o) => o.record.attack === category));
    console.log(
      `  ${category.padEnd(18)} ${String(c.tp).padStart(3)} / ${String(c.tp + c.fn).padEnd(3)} ${pct(c.tp, c.tp + c.fn)}`,
    );
  }
  console.log(`\nSignals on the sealed sets:\n${contributionTable(outcomes).join('\n')}`);
  console.log('\nBy language (poisoned flagged / poisoned, honest flagged / honest):');
  for (const lang of [...new Set(records.map((r) => r.lang ?? '?'))].sort()) {
    const c = count(outcomes.filter((o) => (o.record.lang ?? '?') === lang));
    console.log(
      `  ${lang.padEnd(4)} ${String(c.tp).padStart(3)} / ${String(c.tp + c.fn).padEnd(3)}  ${String(c.fp).padStart(3)} / ${c.fp + c.tn}`,
    );
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const summary = args.includes('--summary');
  const judge = judgeFromEnvironment(args);
  if (args.includes('--sealed')) return reportSealed(judge);
  const files = corpusFiles(args);
  const records = files.flatMap(readRecords);
  const { groups, outcomes, totalMs, totalCpuMs, poisoningMs } = await measure(records);

  console.log(
    `Detection bench: ${records.length} tool definitions from ${files.length} file(s), ${groups.length} servers`,
  );
  console.log(
    `Flagged = a poisoning finding (${[...POISONING_RULES].join(', ')}) of severity >= medium on the tool\n`,
  );
  console.log(`${'source'.padEnd(16)} ${'mal'.padStart(5)} ${'ben'.padStart(5)} recall    FPR prec.     F1`);
  const sources = [...new Set(records.map((r) => r.source))];
  for (const source of sources)
    console.log(row(source, count(outcomes.filter((o) => o.record.source === source))));
  console.log(row('overall', count(outcomes)));
  if (judge) {
    const judged = await measure(records, judge);
    console.log(`\nThe same, ${judgeTitle(judge)}:`);
    console.log(
      `${'source'.padEnd(16)} ${'mal'.padStart(5)} ${'ben'.padStart(5)} recall    FPR prec.     F1`,
    );
    for (const source of sources)
      console.log(row(source, count(judged.outcomes.filter((o) => o.record.source === source))));
    console.log(row('overall', count(judged.outcomes)));
  }
  console.log(
    `\nAverage time per tool definition: ${(totalMs / records.length).toFixed(3)} ms (whole engine, all rules, warm)`,
  );
  // On a shared machine the wall time includes waiting for a core; the CPU time does not.
  console.log(
    `CPU time per tool definition: ${(totalCpuMs / records.length).toFixed(3)} ms (the same scans, user + system)`,
  );
  console.log(
    `Of which the poisoning analysis (TOOL-100..102): ${(poisoningMs / records.length).toFixed(3)} ms per definition`,
  );
  const kit = outcomes.filter((o) => o.viaKit && o.record.label === 'malicious').length;
  console.log(`Malicious tools flagged only through whole-server context (offensive kit): ${kit}`);
  console.log(`\nCalibration (verdict probability against labels):\n${calibration(outcomes).join('\n')}`);
  for (const source of sources)
    console.log(
      `\nSignals on ${source}:\n${contributionTable(outcomes.filter((o) => o.record.source === source)).join('\n')}`,
    );
  // Named files are a dev run; the default run ends with the sealed sets, in aggregate.
  const named = args.some((a) => !a.startsWith('--'));
  if (!named) await reportSealed(judge);
  if (summary) return;

  const misses = outcomes.filter((o) => o.record.label === 'malicious' && !o.flagged);
  const falseAlarms = outcomes.filter((o) => o.record.label === 'benign' && o.flagged);
  console.log(`\nMisses (${misses.length}):`);
  for (const o of misses)
    console.log(`  ${o.record.id}  [${o.record.attack ?? ''}]  p=${o.probability.toFixed(2)}`);
  console.log(`\nFalse alarms (${falseAlarms.length}):`);
  for (const o of falseAlarms) console.log(`  ${o.record.id}  ${o.rules.join(',')}  ${o.evidence}`);
}

await main();
