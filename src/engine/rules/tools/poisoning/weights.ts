// Every weight of the poisoning verdict, in one place. A weight is roughly the log-odds a signal adds
// that a definition is poisoned; the combiner (verdict.ts) turns their sum into a probability.

/** The scope signals (signals/scope.ts): an act that reaches beyond the tool's own call. */
export type ScopeSignal =
  | 'override'
  | 'secrecy'
  | 'safety-bypass'
  | 'hijacking'
  | 'self-promotion'
  | 'tampering'
  | 'exfiltration'
  | 'data-grab'
  | 'literal-destination'
  | 'destruction'
  | 'persistence'
  | 'fake-authority'
  | 'authority'
  | 'address-model';

export const SIGNAL_WEIGHTS = {
  scope: {
    override: 4.0,
    secrecy: 3.0,
    'safety-bypass': 3.0,
    hijacking: 3.0,
    'self-promotion': 1.4,
    tampering: 3.4,
    exfiltration: 3.8,
    'data-grab': 2.2,
    'literal-destination': 1.2,
    destruction: 3.0,
    persistence: 3.0,
    'fake-authority': 2.2,
    authority: 1.2,
    'address-model': 0.5,
  } satisfies Record<ScopeSignal, number>,
  /** A sentence that states rather than commands ("results are forwarded to …") counts this much. */
  statementFactor: 0.6,
  /** A sentence that examines or quotes the acts it names (a scanner's description) counts this much. */
  examiningFactor: 0.2,
};
