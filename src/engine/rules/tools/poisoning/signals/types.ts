import type { ScopeSignal } from '../weights.js';

// What a signal reports: one observation about one text field, with a weight (roughly, log-odds that
// the definition is poisoned, on the scale verdict.ts uses).

export type SignalKind =
  // scope (signals/scope.ts): an act that reaches beyond the tool's own call
  | ScopeSignal
  // intent
  | 'override'
  | 'role-tag'
  | 'secrecy'
  | 'consent-bypass'
  | 'directive'
  | 'urgency'
  // objects
  | 'data-access'
  | 'exfiltration'
  | 'recipient'
  // channels
  | 'channel'
  | 'schema-instruction'
  // concealment
  | 'concealment'
  // mismatch
  | 'mismatch'
  // whole-server context
  | 'forced-order'
  | 'shadowing'
  // offensive purpose
  | 'offense'
  | 'offensive-kit';

/** Which rule reports a definition whose verdict is carried mostly by these kinds. */
export type SignalCategory = 'instructions' | 'cross-tool' | 'offense';

export const CATEGORY_OF: Record<SignalKind, SignalCategory> = {
  'safety-bypass': 'instructions',
  hijacking: 'cross-tool',
  'self-promotion': 'cross-tool',
  tampering: 'cross-tool',
  'data-grab': 'instructions',
  'literal-destination': 'instructions',
  destruction: 'instructions',
  persistence: 'instructions',
  'fake-authority': 'instructions',
  authority: 'instructions',
  'address-model': 'instructions',
  override: 'instructions',
  'role-tag': 'instructions',
  secrecy: 'instructions',
  'consent-bypass': 'instructions',
  directive: 'instructions',
  urgency: 'instructions',
  'data-access': 'instructions',
  exfiltration: 'instructions',
  recipient: 'instructions',
  channel: 'instructions',
  'schema-instruction': 'instructions',
  concealment: 'instructions',
  mismatch: 'instructions',
  'forced-order': 'cross-tool',
  shadowing: 'cross-tool',
  offense: 'offense',
  'offensive-kit': 'offense',
};

export interface Hit {
  kind: SignalKind;
  weight: number;
  /** Field path inside the definition (`description`, `inputSchema.properties.x.default`). */
  field: string;
  /** The words that triggered it (raw, unescaped: findings pass it through toEvidence). */
  evidence: string;
  /** A few words on what it means, e.g. `asks for SSH private key`. */
  note: string;
  /** For shadowing: the tool that is shadowed, and where it lives. */
  shadowed?: { tool: string; server: string };
}
