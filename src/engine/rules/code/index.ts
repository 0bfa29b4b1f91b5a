import type { Rule } from '../../types.js';
import { codeEvaluation } from './code-evaluation.js';
import { exposedWithoutAuth } from './exposed-bind.js';
import { llmOutputToSink } from './llm-output-sink.js';
import { pathTraversal } from './path-traversal.js';
import { secretsLogged } from './secrets-logged.js';
import { shellInjection } from './shell-injection.js';
import { sqlInjection } from './sql-injection.js';
import { serverSideRequestForgery } from './ssrf.js';
import { tlsVerificationDisabled } from './tls-verification.js';
import { unsafeDeserialization } from './unsafe-deserialization.js';

export const codeRules: Rule[] = [
  shellInjection,
  codeEvaluation,
  sqlInjection,
  unsafeDeserialization,
  tlsVerificationDisabled,
  serverSideRequestForgery,
  pathTraversal,
  exposedWithoutAuth,
  secretsLogged,
  llmOutputToSink,
];
