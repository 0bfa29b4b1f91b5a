import type { Rule } from '../../types.js';
import { hiddenText } from './hidden-text.js';
import { poisoningRules } from './poisoning/rules.js';

export const toolRules: Rule[] = [hiddenText, ...poisoningRules] as Rule[];
