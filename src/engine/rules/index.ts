import type { Rule } from '../types.js';
import { codeRules } from './code/index.js';
import { configRules } from './config/index.js';
import { depRules } from './deps/index.js';
import { mcpRules } from './mcp/index.js';
import { secretRules } from './secrets/index.js';
import { toolRules } from './tools/index.js';

/** Every rule the engine runs, by family. docs/rules.md is generated from this list. */
export const allRules: readonly Rule[] = [
  ...toolRules,
  ...mcpRules,
  ...configRules,
  ...secretRules,
  ...depRules,
  ...codeRules,
];
