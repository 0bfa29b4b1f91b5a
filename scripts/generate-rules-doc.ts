import { writeFileSync } from 'node:fs';
import { renderRulesDoc } from './rules-doc.js';

writeFileSync(new URL('../docs/rules.md', import.meta.url), renderRulesDoc());
console.log('docs/rules.md written');
