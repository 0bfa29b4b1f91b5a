import type { Position } from '../../types.js';

/**
 * Maps character offsets of a text to 1-based line and column. The line table is built on the first
 * lookup: most files of a scan never have a finding to place.
 */
export function lineIndex(text: string): (offset: number) => Position {
  let starts: number[] | undefined;
  return (offset: number) => {
    if (!starts) {
      starts = [0];
      for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
    }
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - starts[low]! + 1 };
  };
}
