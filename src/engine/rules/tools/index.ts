import type { Rule } from '../../types.js';
import { contradictoryAnnotations, undeclaredCapability } from './annotations.js';
import { hiddenText } from './hidden-text.js';
import { poisoningRules } from './poisoning/rules.js';
import { permissiveSchema } from './schema.js';

export const toolRules: Rule[] = [
  hiddenText,
  undeclaredCapability,
  contradictoryAnnotations,
  permissiveSchema,
  ...poisoningRules,
];
