// Bounds on what one scan reports. A hostile file can make a rule fire a hundred thousand times (1 MB of
// `password=`); every occurrence as its own finding would make results of tens of megabytes that the
// API, the PDF and a reader all choke on. Repeats of a rule in one place fold into one finding that says
// how many there were and where the first ones are, and the scan as a whole keeps its most severe
// findings, folding the rest per rule.
import { SEVERITIES, type Finding, type Location } from './types.js';

/** Findings of one rule in one file (or on one server) kept one by one; the rest fold into one. */
export const MAX_FINDINGS_PER_RULE_AND_PLACE = 20;
/** Findings one scan keeps one by one, most severe first; the rest fold into one per rule. */
export const MAX_FINDINGS_PER_SCAN = 900;
/** Places a folded finding lists. */
const LISTED_PLACES = 10;
/** Findings a rule's report on one artifact keeps as objects; past it they are only counted. */
export const KEPT_PER_RULE_AND_ARTIFACT = MAX_FINDINGS_PER_RULE_AND_PLACE + LISTED_PLACES;

const SEVERITY_RANK = new Map(SEVERITIES.map((severity, index) => [severity, index]));

/** A file or server, or one definition in it: each poisoned tool of a server is a place of its own. */
function placeOf(location: Location | null): string {
  const where = location?.file ?? location?.server ?? '';
  return location?.tool ? `${where}\u0000${location.tool}` : where;
}

/** A place as a reader names it: `tools.json`, or `tools.json tool send_mail`. */
function placeName(location: Location | null): string {
  const where = location?.file ?? location?.server ?? '';
  return location?.tool ? `${where} tool ${location.tool}`.trim() : where;
}

/** Where inside its file or server a finding points: `3` (a line) or `send_mail` (a tool). */
function pointIn(location: Location | null): string | undefined {
  if (location?.line) return String(location.line);
  return location?.tool;
}

function byPosition(a: Finding, b: Finding): number {
  return (
    (a.location?.line ?? 0) - (b.location?.line ?? 0) ||
    (a.location?.column ?? 0) - (b.location?.column ?? 0) ||
    (a.location?.tool ?? '').localeCompare(b.location?.tool ?? '')
  );
}

/** `lines 3, 7, 9 …`, `tools a, b …`, or `a.txt, b.json …`: where the first of `folded` are. */
function whereFirst(folded: Finding[], acrossPlaces: boolean): string {
  const points = folded.map((finding) =>
    acrossPlaces ? placeName(finding.location) : pointIn(finding.location),
  );
  const listed = [...new Set(points.filter((point): point is string => !!point))].slice(0, LISTED_PLACES);
  if (listed.length === 0) return '';
  const noun = acrossPlaces ? '' : folded[0]!.location?.line ? 'lines ' : 'tools ';
  const more = points.length > listed.length ? ' …' : '';
  return `; first at ${noun}${listed.join(', ')}${more}`;
}

/**
 * One finding standing for `folded` (in order) and `uncounted` more that were never kept as objects:
 * the first of them, with the count and where the first ones are.
 */
function foldInto(folded: Finding[], acrossPlaces: boolean, uncounted = 0): Finding {
  const first = folded[0]!;
  const count = (folded.length + uncounted).toLocaleString('en-US');
  const scope = acrossPlaces ? ' across the scan' : '';
  return {
    ...first,
    evidence: `${count} more occurrences${scope}${whereFirst(folded, acrossPlaces)}`,
    description: `${first.description} This finding stands for ${count} occurrences that are not listed one by one.`,
  };
}

function groupBy(findings: Finding[], key: (finding: Finding) => string): Finding[][] {
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) {
    const k = key(finding);
    const group = groups.get(k);
    if (group) group.push(finding);
    else groups.set(k, [finding]);
  }
  return [...groups.values()];
}

/**
 * One rule's findings in one place: all of them up to MAX_FINDINGS_PER_RULE_AND_PLACE, else the first
 * ones by position and one that stands for the rest (`uncounted` are occurrences never kept as objects).
 */
export function foldRepeats(group: Finding[], uncounted = 0): Finding[] {
  if (group.length + uncounted <= MAX_FINDINGS_PER_RULE_AND_PLACE) return group;
  group.sort(byPosition);
  const kept = group.slice(0, MAX_FINDINGS_PER_RULE_AND_PLACE - 1);
  return [...kept, foldInto(group.slice(kept.length), false, uncounted)];
}

/**
 * At most MAX_FINDINGS_PER_RULE_AND_PLACE findings per rule per file or server (the last one standing
 * for the rest), and about MAX_FINDINGS_PER_SCAN in all (plus one folded finding per rule beyond it).
 */
export function boundFindings(findings: Finding[]): Finding[] {
  const perPlace = groupBy(findings, (f) => `${f.id}\u0000${placeOf(f.location)}`).flatMap((group) =>
    foldRepeats(group),
  );
  if (perPlace.length <= MAX_FINDINGS_PER_SCAN) return perPlace;

  const bySeverity = perPlace
    .map((finding, index) => ({ finding, index }))
    .sort(
      (a, b) =>
        SEVERITY_RANK.get(a.finding.severity)! - SEVERITY_RANK.get(b.finding.severity)! || a.index - b.index,
    )
    .map(({ finding }) => finding);
  const kept = bySeverity.slice(0, MAX_FINDINGS_PER_SCAN);
  const folded = groupBy(bySeverity.slice(MAX_FINDINGS_PER_SCAN), (f) => f.id).map((group) =>
    foldInto(group, true),
  );
  return [...kept, ...folded];
}
