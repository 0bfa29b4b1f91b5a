import type { Rule } from '../../types.js';
import { assignedSecret } from './assigned-secret.js';
import { providerApiKey } from './provider-keys.js';
import { secretlintSecret } from './secretlint.js';

export const secretRules: Rule[] = [secretlintSecret, providerApiKey, assignedSecret];
