// A live scan that could not be done because of the target: the worker marks the scan `failed` with
// this message, the CLI exits 2 with it. Messages are precise and never carry the credential.
import { NetworkError } from '../../net/guarded-fetch.js';

export type TargetErrorKind =
  | 'invalid-url'
  | 'invalid-token'
  | 'blocked'
  | 'dns'
  | 'refused'
  | 'timeout'
  | 'tls'
  | 'too-large'
  | 'not-mcp'
  | 'unauthorized'
  | 'network';

export class TargetError extends Error {
  constructor(
    readonly kind: TargetErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'TargetError';
  }
}

/** The TargetError a network failure amounts to. */
export function targetErrorFrom(error: NetworkError): TargetError {
  switch (error.kind) {
    case 'aborted':
      return new TargetError('timeout', error.message);
    case 'redirect':
      return new TargetError('network', error.message);
    default:
      return new TargetError(error.kind, error.message);
  }
}
