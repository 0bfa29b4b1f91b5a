// Line numbers for parsers whose libraries keep none (TOML, yarn.lock): find where a key or value
// was written, searching forward from a section so that equal names in two sections stay apart.

export class LineFinder {
  readonly lines: string[];

  constructor(text: string) {
    this.lines = text.split(/\r\n|\r|\n/);
  }

  /** 1-based line of the first line at or after `fromLine` that matches, or undefined. */
  find(test: RegExp | ((line: string) => boolean), fromLine = 1): number | undefined {
    const matches = typeof test === 'function' ? test : (line: string) => test.test(line);
    for (let i = Math.max(0, fromLine - 1); i < this.lines.length; i++) {
      if (matches(this.lines[i]!)) return i + 1;
    }
    return undefined;
  }

  /** The line of a TOML table header such as `[tool.poetry.dependencies]`, quoted parts allowed. */
  tableHeader(path: readonly string[], array = false): number | undefined {
    const part = (name: string) =>
      `(?:${escapeRegExp(name)}|"${escapeRegExp(name)}"|'${escapeRegExp(name)}')`;
    const body = path.map(part).join('\\s*\\.\\s*');
    const header = array ? `^\\s*\\[\\[\\s*${body}\\s*\\]\\]` : `^\\s*\\[\\s*${body}\\s*\\]`;
    return this.find(new RegExp(header));
  }

  /** The line of `key = …` (bare or quoted key) at or after `fromLine`, before the next table header. */
  tomlKey(key: string, fromLine = 1): number | undefined {
    const pattern = new RegExp(
      `^\\s*(?:${escapeRegExp(key)}|"${escapeRegExp(key)}"|'${escapeRegExp(key)}')\\s*=`,
    );
    for (let i = Math.max(0, fromLine - 1); i < this.lines.length; i++) {
      const line = this.lines[i]!;
      if (i >= fromLine && /^\s*\[/.test(line)) return undefined;
      if (pattern.test(line)) return i + 1;
    }
    return undefined;
  }

  /** The first line holding `needle` as a quoted string, at or after `fromLine`. */
  quoted(needle: string, fromLine = 1): number | undefined {
    return this.find((line) => line.includes(`"${needle}"`) || line.includes(`'${needle}'`), fromLine);
  }
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
