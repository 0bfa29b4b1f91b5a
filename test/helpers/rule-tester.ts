// RuleTester, after ESLint's: each rule's test is a list of cases that must stay silent (`valid`) and
// cases that must fire (`invalid`), run through the real collectors so that parsing and positions are
// exercised too.
import { describe, expect, it } from 'vitest';
import { collectFiles } from '../../src/engine/collect/files/index.js';
import { runRules } from '../../src/engine/rules/run.js';
import type {
  Artifact,
  Confidence,
  DependencyManifest,
  Finding,
  Location,
  Rule,
  ScanContext,
  ServerSurface,
  Severity,
} from '../../src/engine/types.js';

export type CaseInput =
  | { name?: string; code: string | object; description?: string }
  | { artifact: Artifact; description?: string }
  /** Several files scanned together, e.g. a manifest and its lockfile. */
  | { files: { name: string; code: string | object }[]; description?: string };

export interface ExpectedFinding {
  evidence?: string | RegExp;
  title?: string | RegExp;
  severity?: Severity;
  confidence?: Confidence;
  location?: Partial<Location>;
}

export type InvalidCase = CaseInput & { errors: number | ExpectedFinding[] };

const DEFAULT_FILE_NAME: Record<string, string> = {
  'server-surface': 'tools.json',
  'mcp-config': '.mcp.json',
  'text-file': 'notes.txt',
};

async function artifactsOf(
  rule: Rule,
  input: CaseInput,
): Promise<{ artifacts: Artifact[]; scan: ScanContext }> {
  if ('artifact' in input) {
    const surfaces = input.artifact.kind === 'server-surface' ? [input.artifact] : [];
    return { artifacts: [input.artifact], scan: { surfaces, fileNames: [] } };
  }
  const files =
    'files' in input
      ? input.files
      : [{ name: input.name ?? DEFAULT_FILE_NAME[rule.artifact] ?? 'input.txt', code: input.code }];
  const collected = await collectFiles(
    files.map(({ name, code }) => ({
      name,
      content: typeof code === 'string' ? code : JSON.stringify(code, null, 2),
    })),
  );
  const parseErrors = collected.file_errors.filter((e) => e.error.startsWith('invalid'));
  if (parseErrors.length > 0) throw new Error(`test case does not parse: ${parseErrors[0]!.error}`);
  const surfaces = collected.artifacts.filter((a): a is ServerSurface => a.kind === 'server-surface');
  const manifests = collected.artifacts.filter(
    (a): a is DependencyManifest => a.kind === 'dependency-manifest',
  );
  return {
    artifacts: collected.artifacts,
    scan: { surfaces, fileNames: collected.files_scanned, manifests },
  };
}

/** Runs one rule over one case's artifacts and returns its findings. */
export async function findingsOf(rule: Rule, input: CaseInput): Promise<Finding[]> {
  const { artifacts, scan } = await artifactsOf(rule, input);
  const { findings, gaps } = await runRules([rule], artifacts, scan);
  if (gaps.length > 0) throw new Error(gaps.map((gap) => gap.reason).join('; '));
  return findings;
}

function label(input: CaseInput): string {
  if (input.description) return input.description;
  const text =
    'artifact' in input
      ? JSON.stringify(input.artifact)
      : 'files' in input
        ? input.files.map((f) => f.name).join(' + ')
        : typeof input.code === 'string'
          ? input.code
          : JSON.stringify(input.code);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function matches(actual: string | undefined, expected: string | RegExp): boolean {
  if (actual === undefined) return false;
  return typeof expected === 'string' ? actual.includes(expected) : expected.test(actual);
}

export function ruleTester(rule: Rule, cases: { valid: CaseInput[]; invalid: InvalidCase[] }): void {
  describe(`${rule.meta.id} ${rule.meta.title}`, () => {
    describe('valid', () => {
      for (const input of cases.valid) {
        it(label(input), async () => {
          const findings = await findingsOf(rule, input);
          expect(findings.map((f) => f.evidence)).toEqual([]);
        });
      }
    });
    describe('invalid', () => {
      for (const input of cases.invalid) {
        it(label(input), async () => {
          const findings = await findingsOf(rule, input);
          const expected = input.errors;
          if (typeof expected === 'number') {
            expect(findings, JSON.stringify(findings.map((f) => f.evidence))).toHaveLength(expected);
            return;
          }
          expect(findings, JSON.stringify(findings.map((f) => f.evidence))).toHaveLength(expected.length);
          expected.forEach((want, i) => {
            const got = findings[i]!;
            if (want.evidence)
              expect(matches(got.evidence, want.evidence), `evidence ${got.evidence}`).toBe(true);
            if (want.title) expect(matches(got.title, want.title), `title ${got.title}`).toBe(true);
            if (want.severity) expect(got.severity).toBe(want.severity);
            if (want.confidence) expect(got.confidence).toBe(want.confidence);
            if (want.location) expect(got.location).toMatchObject(want.location);
          });
        });
      }
    });
  });
}
