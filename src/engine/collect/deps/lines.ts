// Line numbers for parsers whose libraries keep none (TOML, yarn.lock): find where a key or value
// was written, searching forward from a section so that equal names in two sections stay apart.

export class LineFinder {
  readonly lines: string[];
  /** By table header line: each key written in the table, with the first line it is on. */
  private readonly keysByTable = new Map<number, Map<string, number>>();
  /** Each quoted string in the text, with the first line it is on. */
  private quotedStrings: Map<string, number> | undefined;

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
    const keys = this.keysOfTable(fromLine);
    const lines = [key, `"${key}"`, `'${key}'`].flatMap((written) => keys.get(written) ?? []);
    return lines.length > 0 ? Math.min(...lines) : undefined;
  }

  /**
   * The keys written from `fromLine` up to the next table header, as written (quotes kept), each with
   * its first line: the table is read once however many of its keys are looked up, where reading it
   * again for each key made a table of many dependencies quadratic.
   */
  private keysOfTable(fromLine: number): Map<string, number> {
    let keys = this.keysByTable.get(fromLine);
    if (!keys) {
      keys = new Map();
      for (let i = Math.max(0, fromLine - 1); i < this.lines.length; i++) {
        const line = this.lines[i]!;
        if (i >= fromLine && /^\s*\[/.test(line)) break;
        const equals = line.indexOf('=');
        const written = line.slice(0, equals).trim();
        if (equals >= 0 && !keys.has(written)) keys.set(written, i + 1);
      }
      this.keysByTable.set(fromLine, keys);
    }
    return keys;
  }

  /** The first line holding `needle` as a quoted string (`"needle"` or `'needle'`). */
  quoted(needle: string): number | undefined {
    this.quotedStrings ??= this.indexQuotedStrings();
    return this.quotedStrings.get(needle);
  }

  /** Every string in quotes, line by line, read once (a search of the whole text per needle was quadratic). */
  private indexQuotedStrings(): Map<string, number> {
    const strings = new Map<string, number>();
    const quote = /["']/g;
    this.lines.forEach((line, i) => {
      quote.lastIndex = 0;
      for (let open = quote.exec(line); open; open = quote.exec(line)) {
        const close = line.indexOf(open[0], open.index + 1);
        if (close < 0) break;
        const text = line.slice(open.index + 1, close);
        if (!strings.has(text)) strings.set(text, i + 1);
        quote.lastIndex = close + 1;
      }
    });
    return strings;
  }
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
