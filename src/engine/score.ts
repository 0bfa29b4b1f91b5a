// Findings -> overall_score (0-100) and letter_grade (A-F). Deterministic; documented with a worked
// example in docs/scoring.md, which a test keeps honest.
import type { Confidence, Finding, Grade, Severity } from './types.js';

/** Points a single finding takes off at full confidence. */
export const SEVERITY_PENALTY: Record<Severity, number> = {
  critical: 20,
  high: 10,
  medium: 4,
  low: 1.5,
  info: 0,
};

/** How much of the penalty a finding takes, by how sure the rule is. */
export const CONFIDENCE_WEIGHT: Record<Confidence, number> = {
  confirmed: 1,
  likely: 0.75,
  possible: 0.4,
};

/** The k-th finding of the same rule (k = 1, 2, …) counts REPEAT_DECAY^(k-1): one problem, many places. */
export const REPEAT_DECAY = 0.5;

/** Lowest score of each grade. */
export const GRADE_FLOORS: [Grade, number][] = [
  ['A', 90],
  ['B', 80],
  ['C', 65],
  ['D', 40],
  ['F', 0],
];

/** A problem this serious keeps the score at or below the cap, however clean the rest is. */
export const CAPS: { when: string; applies: (f: Finding) => boolean; max: number }[] = [
  {
    when: 'a confirmed critical finding',
    applies: (f) => f.severity === 'critical' && f.confidence === 'confirmed',
    max: 49,
  },
  { when: 'any other critical finding', applies: (f) => f.severity === 'critical', max: 64 },
  {
    when: 'a confirmed high finding',
    applies: (f) => f.severity === 'high' && f.confidence === 'confirmed',
    max: 79,
  },
];

export function gradeFor(score: number): Grade {
  return GRADE_FLOORS.find(([, floor]) => score >= floor)![0];
}

export interface ScoreBreakdown {
  overall_score: number;
  letter_grade: Grade;
  penalties: { id: string; severity: Severity; confidence: Confidence; occurrence: number; points: number }[];
  cap: { when: string; max: number } | null;
}

export function scoreFindings(all: readonly Finding[]): ScoreBreakdown {
  // A suppressed finding is the user's accepted risk: it stays in the report but takes nothing off.
  const findings = all.filter((finding) => !finding.suppressed);
  // Heaviest first, so that the full weight goes to the worst instance of each rule.
  const ordered = [...findings].sort(
    (a, b) =>
      SEVERITY_PENALTY[b.severity] * CONFIDENCE_WEIGHT[b.confidence] -
      SEVERITY_PENALTY[a.severity] * CONFIDENCE_WEIGHT[a.confidence],
  );
  const seen = new Map<string, number>();
  const penalties = ordered.map((finding) => {
    const occurrence = (seen.get(finding.id) ?? 0) + 1;
    seen.set(finding.id, occurrence);
    const points =
      SEVERITY_PENALTY[finding.severity] *
      CONFIDENCE_WEIGHT[finding.confidence] *
      REPEAT_DECAY ** (occurrence - 1);
    return { id: finding.id, severity: finding.severity, confidence: finding.confidence, occurrence, points };
  });
  const total = penalties.reduce((sum, p) => sum + p.points, 0);
  let score = Math.max(0, Math.round(100 - total));
  const cap = CAPS.find((c) => findings.some(c.applies)) ?? null;
  if (cap && score > cap.max) score = cap.max;
  return {
    overall_score: score,
    letter_grade: gradeFor(score),
    penalties,
    cap: cap ? { when: cap.when, max: cap.max } : null,
  };
}
