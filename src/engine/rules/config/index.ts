import type { Rule } from '../../types.js';

export const configRules: Rule[] = [];
