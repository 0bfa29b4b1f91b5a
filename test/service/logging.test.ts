// The service's logger: every line is JSON with no raw control, bidi or invisible character (pino escapes
// C0 controls; the rest are escaped here, as JSON escapes, so a reader gets the text back exactly), and
// credentials an error quotes are hidden.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, loggedPath } from '../../src/service/logging.js';
import { rawCharacterIn } from '../helpers/hostile-text.js';

function capture(): { lines: string[]; logger: ReturnType<typeof createLogger> } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, logger: createLogger({ stream }) };
}

const HOSTILE = `server\u001b[31m\u009b2J\u007f\u202Eexe.\u200B\u2066\u2028\u{E0041}\uD800 name`;

describe('createLogger', () => {
  it('writes lines with every control, bidi and invisible character escaped, and reads back exact', () => {
    const { lines, logger } = capture();
    const child = logger.child({ component: `worker${HOSTILE}` });
    child.warn({ scanId: 's1', server: HOSTILE, nested: { name: HOSTILE } }, `scan of ${HOSTILE} failed`);
    child.error({ err: new Error(`boom ${HOSTILE}`) }, 'crashed');
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(rawCharacterIn(line)).toBeUndefined();
    const first = JSON.parse(lines[0]!);
    expect(first.server).toBe(HOSTILE);
    expect(first.nested.name).toBe(HOSTILE);
    expect(first.component).toBe(`worker${HOSTILE}`);
    expect(first.msg).toBe(`scan of ${HOSTILE} failed`);
    expect(lines[0]).toContain('\\u202e');
    expect(JSON.parse(lines[1]!).err.message).toBe(`boom ${HOSTILE}`);
  });

  it('hides a credential that an error message or a logged field quotes', () => {
    const { lines, logger } = capture();
    const refused = new TypeError(
      'Headers.append: "Bearer tok-0123456789\r\nX-Evil: other-half" is an invalid header value.',
    );
    logger.warn({ scanId: 's2', error: refused.message }, 'scan failed');
    logger.warn({ scanId: 's2', err: refused }, 'scan attempt failed; retrying');
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(line).not.toContain('tok-0123456789');
      expect(line).not.toContain('other-half');
      expect(line).toContain('is an invalid header value');
    }
  });
});

describe('loggedPath', () => {
  it('drops the query and a report token, however the path is spelled', () => {
    expect(loggedPath('/v1/scan/abc?api_key=x')).toBe('/v1/scan/abc');
    expect(loggedPath('/v1/reports/AbC-123_xyz.pdf')).toBe('/v1/reports/[redacted].pdf');
    expect(loggedPath('//v1//Reports/AbC-123_xyz.PDF?x=1')).toBe('//v1//Reports/[redacted].pdf');
    expect(loggedPath('/v1/reports/AbC-123_xyz')).toBe('/v1/reports/[redacted]');
  });
});
