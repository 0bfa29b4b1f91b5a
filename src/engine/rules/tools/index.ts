import type { Rule } from '../../types.js';

export const toolRules: Rule[] = [];
