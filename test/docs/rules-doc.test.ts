import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allRules } from '../../src/engine/rules/index.js';
import { renderRulesDoc } from '../../scripts/rules-doc.js';

describe('docs/rules.md', () => {
  it('is generated from the current rule metas (run `npm run docs:rules`)', () => {
    const onDisk = readFileSync(new URL('../../docs/rules.md', import.meta.url), 'utf8');
    expect(onDisk).toBe(renderRulesDoc());
  });

  it('gives every rule a unique id, a docs paragraph and a remediation', () => {
    const ids = allRules.map((rule) => rule.meta.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { meta } of allRules) {
      expect(meta.id).toMatch(/^(MCP|TOOL|CFG|SEC|DEP|CODE)-\d{3}$/);
      expect(meta.docs.length, meta.id).toBeGreaterThan(40);
      expect(meta.remediation.length, meta.id).toBeGreaterThan(10);
    }
  });
});
