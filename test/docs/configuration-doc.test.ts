// docs/configuration.md names every TRUSTTRACE_* variable the code and the test helpers mention, so a
// new setting cannot land undocumented.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { repoRoot } from '../cli/run-cli.js';

function variablesIn(dir: string): Set<string> {
  const names = new Set<string>();
  for (const entry of readdirSync(join(repoRoot, dir), { recursive: true, encoding: 'utf8' })) {
    if (!entry.endsWith('.ts')) continue;
    const text = readFileSync(join(repoRoot, dir, entry), 'utf8');
    for (const [name] of text.matchAll(/\bTRUSTTRACE_[A-Z_]*[A-Z]\b/g)) names.add(name);
  }
  return names;
}

test('every TRUSTTRACE_* variable is documented in docs/configuration.md', () => {
  const doc = readFileSync(join(repoRoot, 'docs/configuration.md'), 'utf8');
  const names = new Set([
    ...variablesIn('src'),
    ...variablesIn('test/store'),
    ...variablesIn('test/service'),
  ]);
  expect(names.size).toBeGreaterThanOrEqual(15);
  expect([...names].filter((name) => !doc.includes(`\`${name}\``)).sort()).toEqual([]);
});
