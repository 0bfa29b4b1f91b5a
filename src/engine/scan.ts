// The engine's entry points. Pure: no HTTP server, no database, no process globals.
import { EmbeddedAdvisorySource } from './advisories/embedded.js';
import type { AdvisorySource } from './advisories/types.js';
import { collectFiles } from './collect/files/index.js';
import type { CollectServerOptions } from './collect/mcp/index.js';
import { allRules } from './rules/index.js';
import { runRules } from './rules/run.js';
import { assembleResult } from './result.js';
import { applyInlineIgnores } from './suppressions/inline.js';
import type { Judge, JudgeConfig } from './rules/tools/poisoning/judge.js';
import type { DependencyManifest, InputFile, Rule, ScanResult, ServerSurface } from './types.js';

export { TargetError } from './collect/mcp/target-error.js';

/** The judge loads only when one is configured: parsing its replies (zod) is no cost of an offline scan. */
async function judgeFor(config: JudgeConfig | undefined): Promise<{ secondOpinion?: Judge }> {
  if (!config) return {};
  const { createJudge } = await import('./rules/tools/poisoning/judge.js');
  return { secondOpinion: createJudge(config) };
}

export interface ScanFilesOptions {
  /** Rules to run; all of them by default. */
  rules?: readonly Rule[];
  /** Called as the scan moves through its phases, with a human sentence. */
  onProgress?: (message: string) => void;
  /** The judge (poisoning/judge.ts): a model asked about uncertain definitions (off by default; the caller reads the config). */
  secondOpinion?: JudgeConfig;
  /** Where dependency rules look up advisories: the embedded set unless told otherwise (offline). */
  advisories?: AdvisorySource;
  /** Told each time the analysis moves to another file or server (the analysis pool's CPU accounting). */
  onPlace?: (place: string) => void;
}

export async function scanFiles(
  files: readonly InputFile[],
  options: ScanFilesOptions = {},
): Promise<ScanResult> {
  options.onProgress?.(`Reading ${files.length} file${files.length === 1 ? '' : 's'}...`);
  const collected = await collectFiles(files, { onFile: options.onPlace });
  const surfaces = collected.artifacts.filter((a): a is ServerSurface => a.kind === 'server-surface');
  options.onProgress?.('Analyzing files...');
  const { findings, gaps } = await runRules(
    options.rules ?? allRules,
    collected.artifacts,
    {
      surfaces,
      fileNames: collected.files_scanned,
      ...(await judgeFor(options.secondOpinion)),
      manifests: collected.artifacts.filter((a): a is DependencyManifest => a.kind === 'dependency-manifest'),
      advisories: options.advisories ?? new EmbeddedAdvisorySource(),
    },
    { onArtifact: (origin) => options.onPlace?.('file' in origin ? origin.file : origin.server) },
  );
  const result = assembleResult({
    findings,
    gaps: [...collected.gaps, ...gaps],
    files_scanned: collected.files_scanned,
    file_errors: collected.file_errors,
    surfaces,
  });
  return applyInlineIgnores(result, collected.ignores);
}

export interface ScanServerOptions extends CollectServerOptions {
  /** Rules to run; all of them by default. */
  rules?: readonly Rule[];
  /** The judge (poisoning/judge.ts): a model asked about uncertain definitions (off by default; the caller reads the config). */
  secondOpinion?: JudgeConfig;
  /** Told when the analysis of the collected server starts (the analysis pool's CPU accounting). */
  onPlace?: (place: string) => void;
}

/**
 * Scans a live MCP server: collects its session and probes, runs every rule on what was collected
 * (TOOL-* on its definitions, MCP-* on the rest) and scores. A target that cannot be scanned
 * (refused, timed out, TLS failure, not MCP, blocked address) throws a TargetError.
 */
export async function scanServer(target: string, options: ScanServerOptions = {}): Promise<ScanResult> {
  // The MCP SDK loads with the first live scan, not with every scan of files.
  const { collectServer } = await import('./collect/mcp/index.js');
  const { surface, live } = await collectServer(target, options);
  options.onProgress?.('Analyzing the server...');
  const { findings, gaps } = await runRules(
    options.rules ?? allRules,
    [surface, live],
    {
      surfaces: [surface],
      fileNames: [],
      ...(await judgeFor(options.secondOpinion)),
    },
    { onArtifact: (origin) => options.onPlace?.('file' in origin ? origin.file : origin.server) },
  );
  return assembleResult({ findings, gaps, files_scanned: [], file_errors: [], surfaces: [surface] });
}

export interface ScanSurfaceOptions {
  /** Rules to run; all of them by default. */
  rules?: readonly Rule[];
  /** The judge (poisoning/judge.ts): a model asked about uncertain definitions (off by default). */
  secondOpinion?: JudgeConfig;
  /** Told when the analysis of the surface starts (the analysis pool's CPU accounting). */
  onPlace?: (place: string) => void;
}

/**
 * Scans what a server listed over a transport the engine does not open itself (the CLI's `--launch`
 * of a configured stdio server): the TOOL-* rules on its definitions, scored like a live scan.
 */
export async function scanSurface(
  surface: ServerSurface,
  options: ScanSurfaceOptions = {},
): Promise<ScanResult> {
  const { findings, gaps } = await runRules(
    options.rules ?? allRules,
    [surface],
    { surfaces: [surface], fileNames: [], ...(await judgeFor(options.secondOpinion)) },
    { onArtifact: (origin) => options.onPlace?.('file' in origin ? origin.file : origin.server) },
  );
  return assembleResult({ findings, gaps, files_scanned: [], file_errors: [], surfaces: [surface] });
}
