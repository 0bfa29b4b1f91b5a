// What a signal reports: one observation about one text field, with a weight (roughly, log-odds that
// the definition is poisoned, on the scale verdict.ts uses; every weight lives in weights.ts).
import type { ArtifactKind } from '../lexicon/artifacts.js';
import type { ScopeSignal } from '../weights.js';

export type SignalKind =
  // scope (signals/scope.ts): an act that reaches beyond the tool's own call
  | ScopeSignal
  // hidden text (signals/concealment.ts)
  | 'concealment'
  // a schema value that gives instructions
  | 'schema-instruction'
  // a plain credential input on a tool whose purpose does not name credentials (supporting only)
  | 'credential-parameter'
  // naming another server's tool in a sentence that tampers with it or steers away from it
  | 'shadowing'
  // offensive purpose (signals/offense.ts), and the rest of an offensive kit
  | 'offense'
  | 'offensive-kit';

/** Which rule reports a definition whose verdict is carried mostly by these kinds. */
export type SignalCategory = 'instructions' | 'cross-tool' | 'offense';

export const CATEGORY_OF: Record<SignalKind, SignalCategory> = {
  override: 'instructions',
  secrecy: 'instructions',
  'safety-bypass': 'instructions',
  hijacking: 'cross-tool',
  'self-promotion': 'cross-tool',
  tampering: 'cross-tool',
  exfiltration: 'instructions',
  'data-grab': 'instructions',
  'collection-statement': 'instructions',
  'literal-destination': 'instructions',
  destruction: 'instructions',
  persistence: 'instructions',
  'fake-authority': 'instructions',
  authority: 'instructions',
  'address-model': 'instructions',
  concealment: 'instructions',
  'schema-instruction': 'instructions',
  'credential-parameter': 'instructions',
  shadowing: 'cross-tool',
  offense: 'offense',
  'offensive-kit': 'offense',
};

export interface Hit {
  kind: SignalKind;
  weight: number;
  /** Field path inside the definition (`description`, `inputSchema.properties.x.default`). */
  field: string;
  /** The sentence that triggered it (raw, unescaped: findings pass it through toEvidence). */
  evidence: string;
  /** What it reaches for, in a few words, e.g. `tells the model to keep something from the user`. */
  note: string;
  /** For shadowing: the tool that is shadowed, and where it lives. */
  shadowed?: { tool: string; server: string };
  /** What the sentence names that is the same in every language (a credential file, an address…). */
  artifacts?: ArtifactKind[];
  /** Read in a sentence that examines or quotes the act (a scanner's example), not one that asks for it. */
  examined?: boolean;
}
