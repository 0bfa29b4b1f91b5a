// The vocabulary of the engine: what a rule reports, what a scan returns, and the artifacts rules look at.
import type { AdvisorySource } from './advisories/types.js';
import type { Judge } from './rules/tools/poisoning/judge.js';

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const CONFIDENCES = ['confirmed', 'likely', 'possible'] as const;
export type Confidence = (typeof CONFIDENCES)[number];

/** OWASP Top 10 for LLM Applications, 2025 edition. */
export type OwaspLlmCategory =
  'LLM01' | 'LLM02' | 'LLM03' | 'LLM04' | 'LLM05' | 'LLM06' | 'LLM07' | 'LLM08' | 'LLM09' | 'LLM10';

/** OWASP MCP Top 10, 2025. */
export type OwaspMcpCategory =
  'MCP01' | 'MCP02' | 'MCP03' | 'MCP04' | 'MCP05' | 'MCP06' | 'MCP07' | 'MCP08' | 'MCP09' | 'MCP10';

/**
 * Where a finding points. A file finding has `file`/`line`/`column` (1-based); a finding on a tool,
 * prompt or resource definition has `tool` and `field` (`description`, `inputSchema.properties.x`, …),
 * plus `file` when the definition came from a file, or `server` when it came from a live server.
 */
export interface Location {
  file?: string;
  line?: number;
  column?: number;
  server?: string;
  tool?: string;
  field?: string;
}

export interface Finding {
  /** Rule id, e.g. `MCP-001`. Several findings may share one id. */
  id: string;
  title: string;
  severity: Severity;
  owasp_category: OwaspLlmCategory;
  owasp_mcp: OwaspMcpCategory | null;
  cwe: string | null;
  confidence: Confidence;
  description: string;
  remediation: string;
  /** Short, bounded, secrets masked, never raw control characters. */
  evidence: string;
  hipaa_mapping: string | null;
  monitor_candidate: boolean;
  location: Location | null;
  /** Set when the user suppressed this finding: it stays in the result but counts toward no score or threshold. */
  suppressed?: Suppression;
}

/**
 * Why a finding does not count: an entry of `.trusttrace.yaml` (`config`) or a `trusttrace-ignore`
 * comment beside it (`inline`). Both need a reason.
 */
export interface Suppression {
  reason: string;
  /** The last day (YYYY-MM-DD, UTC) the suppression holds; after it the finding counts again. */
  expires?: string;
  kind: 'config' | 'inline';
}

export interface FileError {
  file: string;
  error: string;
}

/** A canonical SHA-256 of a tool definition, so that a later scan can tell what changed (rug pulls). */
export interface ToolFingerprint {
  kind: DefinitionKind;
  name: string;
  sha256: string;
}

/**
 * A part of the analysis that did not run: a rule that threw on an artifact, or a collector that could
 * not finish a file. The scan reports each as a finding (SCAN-001) and the result as incomplete.
 */
export interface AnalysisGap {
  /** The file, or the live server, whose analysis did not finish. */
  file?: string;
  server?: string;
  /** The rule that did not run, or null when a collector stopped before any rule could. */
  rule: string | null;
  reason: string;
}

export interface ScanResult {
  status: 'complete';
  /** True when part of the analysis did not run: the findings say which, and the grade fails closed. */
  incomplete: boolean;
  overall_score: number;
  letter_grade: Grade;
  findings: Finding[];
  files_scanned: string[];
  file_errors: FileError[];
  fingerprints?: { server: string; sha256: string; definitions: ToolFingerprint[] }[];
}

export type Grade = 'A' | 'B' | 'C' | 'D' | 'F';

// ---------------------------------------------------------------------------------------------------
// Rules

export interface RuleMeta {
  /** Stable id: family prefix and number, e.g. `TOOL-003`. */
  id: string;
  title: string;
  severity: Severity;
  confidence: Confidence;
  owasp_category: OwaspLlmCategory;
  owasp_mcp: OwaspMcpCategory | null;
  cwe: string | null;
  /** 45 CFR citation(s), e.g. `45 CFR 164.312(d)`; null when no HIPAA safeguard applies. */
  hipaa_mapping: string | null;
  description: string;
  remediation: string;
  monitor_candidate: boolean;
  /** A paragraph with an example, rendered into docs/rules.md. */
  docs: string;
  /**
   * True for rules that judge whether a definition is poisoned (as opposed to merely powerful).
   * The detection bench counts only these.
   */
  poisoning?: boolean;
}

/** What a rule passes to `context.report`. Everything but `evidence` defaults to the rule's meta. */
export interface ReportInput {
  evidence: string;
  location?: Location | null;
  title?: string;
  severity?: Severity;
  confidence?: Confidence;
  description?: string;
}

export interface RuleContext {
  report(input: ReportInput): void;
  /** Everything else in the scan, for rules that judge an artifact against its neighbours. */
  readonly scan: ScanContext;
}

export interface ScanContext {
  /** Every definition surface found in this scan (files and live servers), for cross-server shadowing. */
  readonly surfaces: readonly ServerSurface[];
  /** Every file name in the scan (safe base paths), e.g. to see whether a lockfile sits beside a manifest. */
  readonly fileNames: readonly string[];
  /** Every dependency manifest and lockfile in the scan, to compare a manifest with its lockfile. */
  readonly manifests?: readonly DependencyManifest[];
  /** Where dependency rules look up advisories; the embedded set when absent. */
  readonly advisories?: AdvisorySource;
  /** The judge of this scan (poisoning/judge.ts); absent (the default) keeps the scan offline. */
  readonly secondOpinion?: Judge;
}

export type ArtifactKind = Artifact['kind'];

/** A rule that reads artifacts of kind `K`. */
export interface RuleFor<K extends ArtifactKind> {
  meta: RuleMeta;
  /** Which artifacts this rule reads. */
  artifact: K;
  check(artifact: Extract<Artifact, { kind: K }>, context: RuleContext): void | Promise<void>;
}

/**
 * A rule of kind `K`; without `K`, a rule of any kind (the union of every `RuleFor`), so that rules of
 * different kinds sit in one list without casts.
 */
export type Rule<K extends ArtifactKind = ArtifactKind> = { [P in K]: RuleFor<P> }[K];

/** Helps TypeScript infer `K` from `artifact` so that `check` is typed without annotations. */
export function defineRule<K extends ArtifactKind>(rule: RuleFor<K>): RuleFor<K> {
  return rule;
}

// ---------------------------------------------------------------------------------------------------
// Artifacts: what the collectors make out of files and servers, and what rules read.

export type DefinitionKind = 'tool' | 'prompt' | 'resource' | 'resourceTemplate';

/** Line and column (1-based) of a value inside its file. */
export interface Position {
  line: number;
  column: number;
}

/** A tool, prompt, resource or resource template as an MCP server would list it. */
export interface Definition {
  kind: DefinitionKind;
  name: string;
  title?: string;
  description: string;
  /** Tools: `inputSchema`; prompts: arguments turned into a schema-like object; else `{}`. */
  inputSchema: Record<string, unknown>;
  outputSchema?: Record<string, unknown>;
  annotations?: Record<string, unknown>;
  /** Resources and templates. */
  uri?: string;
  mimeType?: string;
  /** The object as found, for rules that look at unusual fields. */
  raw: Record<string, unknown>;
  /** Position of a field path (`description`, `inputSchema.properties.x.default`) in its file, when known. */
  positionOf?(field: string): Position | undefined;
}

/** Everything one server exposes: from a live server, or from one file that holds definitions. */
export interface ServerSurface {
  kind: 'server-surface';
  /** Server name (live: serverInfo.name or host; file: the file's name). */
  server: string;
  /** Set when the surface came from a file. */
  file?: string;
  instructions?: string;
  definitions: Definition[];
}

/** One server entry of an MCP client configuration file. */
export interface ConfiguredServer {
  name: string;
  command?: string;
  args: string[];
  env: Record<string, string>;
  url?: string;
  headers: Record<string, string>;
  /** Transport type as written (`stdio`, `http`, `sse`, `streamable-http`, …). */
  type?: string;
  raw: Record<string, unknown>;
  /** Position of a path relative to this server's entry (`command`, `args.2`, `env.API_KEY`, `url`). */
  positionOf(path: string): Position | undefined;
}

export interface McpConfig {
  kind: 'mcp-config';
  file: string;
  /** Which client's format this looked like (claude-desktop, cursor, vscode, continue, codex, …). */
  client: string;
  servers: ConfiguredServer[];
}

/** Any accepted file as text, for rules that read every file (secrets). */
export interface TextFile {
  kind: 'text-file';
  file: string;
  text: string;
  /** 1-based line and column of a character offset. */
  positionAt(offset: number): Position;
}

/** One dependency as a manifest or lockfile names it. */
export interface Dependency {
  name: string;
  /** The exact version, when the manifest pins one or the lockfile resolved one. */
  version?: string;
  /** The requirement as written (`>=1.2`, `^4.0.0`, `git+https://…`, `*`); empty when none. */
  spec: string;
  line: number;
  /** Named by the project itself (not only pulled in by another dependency). */
  direct: boolean;
  source: 'registry' | 'url' | 'vcs' | 'path';
  /** Lockfiles that record it: the package runs a script when installed. */
  hasInstallScript?: boolean;
}

/** A dependency manifest or lockfile (requirements.txt, pyproject.toml, package.json, yarn.lock, …). */
export interface DependencyManifest {
  kind: 'dependency-manifest';
  file: string;
  ecosystem: 'npm' | 'PyPI';
  /** The file's format, e.g. `requirements`, `pyproject`, `package-json`, `package-lock`, `yarn-lock`. */
  manifestKind: string;
  lockfile: boolean;
  dependencies: Dependency[];
  /** `-r`/`-c` lines of a requirements file: other files it pulls in. */
  includes?: { path: string; line: number; constraints: boolean }[];
  /** package.json lifecycle scripts that run on install (`preinstall`, `install`, `postinstall`). */
  installScripts?: { name: string; command: string; line: number }[];
}

/** What a live scan collected about a server beyond its definitions (see collect/mcp/live-server.ts). */
export type { LiveServer } from './collect/mcp/live-server.js';
import type { LiveServer } from './collect/mcp/live-server.js';

/** A Python, JavaScript or TypeScript source read as calls and flows (see collect/code/model.ts). */
export type { SourceFile } from './collect/code/model.js';
import type { SourceFile } from './collect/code/model.js';

export type Artifact = ServerSurface | McpConfig | TextFile | DependencyManifest | LiveServer | SourceFile;

/** A file handed to the engine: a safe base path and its bytes. */
export interface InputFile {
  name: string;
  content: Buffer | string;
}
