// Globs of `.trusttrace.yaml` (`path: "configs/*.json"`, `tool: "write_*"`), matched without regular
// expressions: the file is the scanned repository's, so a pattern must not be able to make matching
// slow. Both levels use the greedy two-pointer wildcard walk, which never backtracks further than the
// last star: time is bounded by the product of the lengths, never exponential.
//
// `*` stands for any run of characters within a path segment, `?` for one character, and a `**`
// segment for any number of segments (none included). Patterns are anchored at both ends.

/** The greedy wildcard walk over two sequences, with `isStar` and `matches` deciding per element. */
function wildcard<P, S>(
  pattern: readonly P[],
  subject: readonly S[],
  isStar: (p: P) => boolean,
  matches: (p: P, s: S) => boolean,
): boolean {
  let p = 0;
  let s = 0;
  let star = -1;
  let resume = 0;
  while (s < subject.length) {
    const element = pattern[p];
    if (p < pattern.length && !isStar(element!) && matches(element!, subject[s]!)) {
      p++;
      s++;
    } else if (p < pattern.length && isStar(element!)) {
      star = p++;
      resume = s;
    } else if (star !== -1) {
      p = star + 1;
      s = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.length && isStar(pattern[p]!)) p++;
  return p === pattern.length;
}

/** One segment (or a tool name): `*` any run of characters, `?` one character. */
export function matchName(pattern: string, name: string): boolean {
  return wildcard(
    Array.from(pattern),
    Array.from(name),
    (p) => p === '*',
    (p, s) => p === '?' || p === s,
  );
}

/** A `/`-separated path; a `**` segment stands for any number of segments. */
export function matchPath(pattern: string, path: string): boolean {
  return wildcard(
    pattern.split('/'),
    path.split('/'),
    (p) => p === '**',
    (p, s) => matchName(p, s),
  );
}
