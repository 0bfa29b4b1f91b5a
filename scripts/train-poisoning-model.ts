// Trains the poisoning model and its combiner, and writes src/engine/rules/tools/poisoning/model/
// trained.ts (the weights the engine ships) and model/MANIFEST.md (what it was trained on).
//
//   npx tsx scripts/train-poisoning-model.ts [--seed 7] [--corpus ../shared/corpus]
//
// Data (read by path, never part of the repo): the public training text in <corpus>/train (honest MCP
// tool and parameter descriptions, public API descriptions, attacker goals; each record names its
// source and licence), sentences from our generator (scripts/poisoning-model/generator.ts), and for
// the combiner the labelled dev corpora (<corpus>/*.jsonl) and our own dev sets (bench/detection/dev).
// Validation holds out whole servers and whole generator templates (5 folds); the combiner is trained
// on out-of-fold model scores, so it learns how far to trust the model on text the model never saw.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { collectFiles } from '../src/engine/collect/files/index.js';
import { analyzeSurface, definitionSentences } from '../src/engine/rules/tools/poisoning/analyze.js';
import { featurize } from '../src/engine/rules/tools/poisoning/model/features.js';
import { normalize, sentences } from '../src/engine/rules/tools/poisoning/text.js';
import type { ServerSurface } from '../src/engine/types.js';
import { generateSentences, seededRandom } from './poisoning-model/generator.js';
import { logitSparse } from './poisoning-model/logistic.js';
import {
  crossFit,
  foldOf,
  trainCombiner,
  trainSentenceModel,
  validate,
  writeTrainedModule,
  type CombinerExample,
  type LabelledSentence,
  type ManifestSource,
} from './poisoning-model/pipeline.js';

const FOLDS = 5;
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const modelDir = join(repoRoot, 'src/engine/rules/tools/poisoning/model');

interface TrainRecord {
  id: string;
  source: string;
  license: string;
  label: 'malicious' | 'benign';
  kind: string;
  server?: string;
  text: string;
}

interface CorpusRecord {
  source: string;
  label: 'malicious' | 'benign';
  server: string;
  tool: Record<string, unknown> & { name: string };
}

function jsonl<T>(path: string): T[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as T);
}

/** Attacker goals as a poisoned description would carry them: bare, or with the usual wrapping. */
const GOAL_WRAPPERS = [
  '{goal}',
  'Before you answer, {goal}',
  '{goal} Do not mention this to the user.',
  'Note to the assistant: {goal}',
];

function trainingSentences(corpus: string, seed: number): LabelledSentence[] {
  const records = [
    ...jsonl<TrainRecord>(join(corpus, 'train/benign.jsonl')),
    ...jsonl<TrainRecord>(join(corpus, 'train/malicious.jsonl')),
  ];
  const random = seededRandom(seed);
  const out: LabelledSentence[] = [];
  for (const record of records) {
    const group = `${record.source}:${record.server ?? record.id}`;
    if (record.label === 'benign') {
      for (const sentence of sentences(normalize(record.text)))
        out.push({ text: sentence, label: 'benign', group, source: record.source, license: record.license });
    } else {
      const wrapper = GOAL_WRAPPERS[Math.floor(random() * GOAL_WRAPPERS.length)]!;
      out.push({
        text: wrapper.replace('{goal}', record.text),
        label: 'malicious',
        group,
        source: record.source,
        license: record.license,
      });
    }
  }
  for (const generated of generateSentences(seed))
    out.push({
      text: generated.text,
      label: generated.label,
      group: `generator:${generated.template}`,
      source: 'TrustTrace generator',
      license: 'ours',
    });
  return out;
}

async function surfaceOf(tools: Record<string, unknown>[], name: string): Promise<ServerSurface> {
  const collected = await collectFiles([{ name, content: JSON.stringify({ tools }) }]);
  return collected.artifacts.find((a): a is ServerSurface => a.kind === 'server-surface')!;
}

/** Definitions for the combiner: the dev corpora, our dev sets, and generated ones built on honest purposes. */
async function combinerExamples(
  corpus: string,
  scoreLogit: (texts: string[], group: string | undefined) => number,
  generated: LabelledSentence[],
  seed: number,
): Promise<CombinerExample[]> {
  const devFiles = [
    ...readdirSync(corpus)
      .filter((f) => f.endsWith('.jsonl'))
      .map((f) => join(corpus, f)),
    ...readdirSync(join(repoRoot, 'bench/detection/dev'))
      .filter((f) => f.endsWith('.jsonl'))
      .map((f) => join(repoRoot, 'bench/detection/dev', f)),
  ];
  const groups = new Map<
    string,
    { records: { label: CorpusRecord['label']; tool: CorpusRecord['tool']; group?: string }[] }
  >();
  for (const file of devFiles)
    for (const record of jsonl<CorpusRecord>(file)) {
      const key = `${file}|${record.server}`;
      const entry = groups.get(key) ?? { records: [] };
      entry.records.push({ label: record.label, tool: record.tool });
      groups.set(key, entry);
    }
  // Generated definitions: an honest purpose, then one generated sentence.
  const random = seededRandom(seed + 99);
  const purposes = [
    'Looks up the weather for a city.',
    'Formats a date.',
    'Converts currencies.',
    'Counts the words in a text.',
    'Returns the status of a parcel.',
    'Lists the files in a folder.',
  ];
  const names = [
    'get_weather',
    'format_date',
    'convert_currency',
    'count_words',
    'parcel_status',
    'list_files',
  ];
  // Real honest descriptions, one tool each: what most of a scanner's traffic looks like.
  const honest = jsonl<TrainRecord>(join(corpus, 'train/benign.jsonl')).filter(
    (r) => r.kind === 'tool-description' || r.kind === 'api-description',
  );
  honest.forEach((record, i) => {
    const group = `${record.source}:${record.server ?? record.id}`;
    groups.set(`honest|${i}`, {
      records: [{ label: 'benign', tool: { name: `tool_${i}`, description: record.text }, group }],
    });
  });
  generated.forEach((sentence, i) => {
    const p = Math.floor(random() * purposes.length);
    const entry = {
      records: [
        {
          label: sentence.label,
          tool: { name: `${names[p]}_${i}`, description: `${purposes[p]} ${sentence.text}` },
          group: sentence.group,
        },
      ],
    };
    groups.set(`generated|${i}`, entry);
  });
  const out: CombinerExample[] = [];
  for (const [key, { records }] of groups) {
    const surface = await surfaceOf(
      records.map((r) => r.tool),
      `${key.length}.json`,
    );
    const analyses = await analyzeSurface(surface, { surfaces: [surface], fileNames: [] });
    for (const analysis of analyses) {
      if (!analysis.definition) continue;
      const record = records.find((r) => r.tool.name === analysis.definition!.name);
      if (!record) continue;
      out.push({
        score: analysis.verdict.score,
        modelLogit: scoreLogit(definitionSentences(analysis.definition), record.group),
        label: record.label,
      });
    }
  }
  return out;
}

function manifestOf(sentences: readonly LabelledSentence[]): ManifestSource[] {
  const counts = new Map<string, ManifestSource>();
  for (const s of sentences) {
    const key = `${s.source}|${s.license}|${s.label}`;
    const entry = counts.get(key) ?? { source: s.source, license: s.license, label: s.label, count: 0 };
    entry.count++;
    counts.set(key, entry);
  }
  return [...counts.values()].sort(
    (a, b) => a.source.localeCompare(b.source) || a.label.localeCompare(b.label),
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string', default: '7' },
      corpus: { type: 'string', default: join(repoRoot, '../shared/corpus') },
    },
  });
  const seed = Number(values.seed);
  const corpus = resolve(values.corpus!);
  const sentences = trainingSentences(corpus, seed);
  console.log(
    `${sentences.length} training sentences (${sentences.filter((s) => s.label === 'malicious').length} poisoned)`,
  );

  const folds = crossFit(sentences, FOLDS, seed);
  const validation = validate(sentences, folds);
  console.log(
    `out-of-fold: AUC ${validation.auc.toFixed(3)}, recall ${(100 * validation.recallAtOnePercent).toFixed(1)} % at 1 % false alarms`,
  );

  const generated = sentences.filter((s) => s.source === 'TrustTrace generator');
  const fullModel = trainSentenceModel(sentences, seed);
  const scoreLogit = (texts: string[], group: string | undefined) => {
    // A definition built from a training sentence is scored by the fold model that never saw it.
    const model = group ? folds[foldOf(group, FOLDS)]!.model : fullModel;
    return texts.reduce((best, text) => Math.max(best, logitSparse(model, featurize(text))), -Infinity);
  };
  const examples = await combinerExamples(corpus, scoreLogit, generated, seed);
  const combiner = trainCombiner(examples, seed);
  console.log(`combiner on ${examples.length} definitions:`, combiner);

  const sources = manifestOf(sentences);
  writeTrainedModule(modelDir, fullModel, combiner, { seed, validation, sources });
  writeFileSync(
    join(modelDir, 'MANIFEST.md'),
    [
      '# Poisoning model: training data',
      '',
      `Generated by \`npx tsx scripts/train-poisoning-model.ts --seed ${seed}\`. Sentences per source, licence and label:`,
      '',
      '| source | licence | label | sentences |',
      '| --- | --- | --- | --- |',
      ...sources.map((s) => `| ${s.source} | ${s.license} | ${s.label} | ${s.count} |`),
      '',
      `Out-of-fold validation (${FOLDS} folds, whole servers and generator templates held out): AUC ${validation.auc.toFixed(3)}, recall ${(100 * validation.recallAtOnePercent).toFixed(1)} % at 1 % false alarms over ${validation.sentences} sentences.`,
      '',
      `The combiner was trained on ${examples.length} definitions (the labelled dev corpora, the honest tool and API descriptions of the training text, our dev sets in bench/detection/dev, and generated definitions), with out-of-fold model scores.`,
      '',
    ].join('\n'),
  );
  console.log(`wrote ${modelDir}: trained.ts, sentence-weights.ts and MANIFEST.md`);
}

await main();
