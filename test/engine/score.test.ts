import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { gradeFor, scoreFindings } from '../../src/engine/score.js';
import type { Confidence, Finding, Severity } from '../../src/engine/types.js';

function finding(id: string, severity: Severity, confidence: Confidence): Finding {
  return {
    id,
    title: id,
    severity,
    owasp_category: 'LLM06',
    owasp_mcp: null,
    cwe: null,
    confidence,
    description: '',
    remediation: '',
    evidence: '',
    hipaa_mapping: null,
    monitor_candidate: false,
    location: null,
  };
}

/** The worked example of docs/scoring.md. */
const WORKED_EXAMPLE = [
  finding('MCP-001', 'critical', 'confirmed'),
  finding('MCP-004', 'high', 'confirmed'),
  finding('TOOL-100', 'high', 'confirmed'),
  finding('TOOL-002', 'high', 'likely'),
  finding('CFG-002', 'medium', 'confirmed'),
  finding('CFG-004', 'medium', 'confirmed'),
  finding('SEC-001', 'low', 'confirmed'),
];

describe('scoreFindings', () => {
  it('gives a clean scan 100 and an A', () => {
    expect(scoreFindings([])).toMatchObject({ overall_score: 100, letter_grade: 'A', cap: null });
  });

  it("reproduces the reference's example: 43 is a D", () => {
    const { overall_score, letter_grade } = scoreFindings(WORKED_EXAMPLE);
    expect(overall_score).toBe(43);
    expect(letter_grade).toBe('D');
  });

  it('matches the worked example written in docs/scoring.md', () => {
    const doc = readFileSync(new URL('../../docs/scoring.md', import.meta.url), 'utf8');
    expect(doc).toContain('**43 → D**');
  });

  it('weights a finding by confidence', () => {
    const confirmed = scoreFindings([finding('X-001', 'high', 'confirmed')]).overall_score;
    const likely = scoreFindings([finding('X-001', 'high', 'likely')]).overall_score;
    const possible = scoreFindings([finding('X-001', 'high', 'possible')]).overall_score;
    expect(confirmed).toBeLessThan(likely);
    expect(likely).toBeLessThan(possible);
  });

  it('gives diminishing weight to repeats of one rule', () => {
    const one = 100 - scoreFindings([finding('X-001', 'medium', 'confirmed')]).overall_score;
    const tenSame =
      100 -
      scoreFindings(Array.from({ length: 10 }, () => finding('X-001', 'medium', 'confirmed'))).overall_score;
    const tenDifferent =
      100 -
      scoreFindings(Array.from({ length: 10 }, (_, i) => finding(`X-${i}`, 'medium', 'confirmed')))
        .overall_score;
    expect(tenSame).toBeLessThanOrEqual(2 * one);
    expect(tenDifferent).toBe(10 * one);
  });

  it('caps the grade at D for a single confirmed critical finding', () => {
    const result = scoreFindings([finding('MCP-001', 'critical', 'confirmed')]);
    expect(result.overall_score).toBe(49);
    expect(result.letter_grade).toBe('D');
    expect(result.cap?.max).toBe(49);
  });

  it('caps an unconfirmed critical at D and a confirmed high at C', () => {
    expect(scoreFindings([finding('X-001', 'critical', 'likely')]).letter_grade).toBe('D');
    expect(scoreFindings([finding('X-001', 'high', 'confirmed')]).letter_grade).toBe('C');
  });

  it('never goes below 0 and is deterministic whatever the order', () => {
    const many = Array.from({ length: 40 }, (_, i) => finding(`X-${i}`, 'critical', 'confirmed'));
    expect(scoreFindings(many).overall_score).toBe(0);
    const shuffled = [...WORKED_EXAMPLE].reverse();
    expect(scoreFindings(shuffled).overall_score).toBe(scoreFindings(WORKED_EXAMPLE).overall_score);
  });

  it('maps scores to grades at the documented floors', () => {
    expect([100, 90, 89, 80, 79, 65, 64, 40, 39, 0].map(gradeFor)).toEqual([
      'A',
      'A',
      'B',
      'B',
      'C',
      'C',
      'D',
      'D',
      'F',
      'F',
    ]);
  });
});
