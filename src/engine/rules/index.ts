import type { Rule, RuleMeta } from '../types.js';
import { codeRules } from './code/index.js';
import { configRules } from './config/index.js';
import { depRules } from './deps/index.js';
import { INCOMPLETE_ANALYSIS_META } from './incomplete.js';
import { mcpRules } from './mcp/index.js';
import { secretRules } from './secrets/index.js';
import { toolRules } from './tools/index.js';
import { EXPIRED_SUPPRESSION_META } from '../suppressions/apply.js';

/** Every rule the engine runs, by family. docs/rules.md is generated from this list. */
export const allRules: readonly Rule[] = [
  ...toolRules,
  ...mcpRules,
  ...configRules,
  ...secretRules,
  ...depRules,
  ...codeRules,
];

/**
 * Every id a finding can carry: the rules', and the engine's own account of analysis that did not run
 * and of suppressions that expired.
 */
export const allFindingMetas: readonly RuleMeta[] = [
  ...allRules.map((rule) => rule.meta),
  INCOMPLETE_ANALYSIS_META,
  EXPIRED_SUPPRESSION_META,
];
