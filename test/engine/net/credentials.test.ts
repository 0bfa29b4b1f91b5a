// What may travel as a header value, and what of a target URL may be stored or shown.
import { describe, expect, it } from 'vitest';
import { isSendableToken, redactUrl, urlCredentials } from '../../../src/engine/net/credentials.js';

describe('redactUrl', () => {
  it.each([
    ['https://mcp.example.com/sse?api_key=9f8e7d6c5b4a', 'https://mcp.example.com/sse?api_key=[redacted]'],
    [
      'https://mcp.example.com/mcp?region=eu&APIKEY=abc&access_token=t0k&v=2',
      'https://mcp.example.com/mcp?region=eu&APIKEY=[redacted]&access_token=[redacted]&v=2',
    ],
    [
      'https://bucket.example.com/o?X-Amz-Credential=AK%2F1&X-Amz-Signature=ab12&X-Amz-Date=20260101',
      'https://bucket.example.com/o?X-Amz-Credential=[redacted]&X-Amz-Signature=[redacted]&X-Amz-Date=20260101',
    ],
    [
      'https://x.example/?key=1&token=2&auth=3&password=4&secret=5&sig=6&signature=7&client_secret=8&code=9',
      'https://x.example/?key=[redacted]&token=[redacted]&auth=[redacted]&password=[redacted]&secret=[redacted]&sig=[redacted]&signature=[redacted]&client_secret=[redacted]&code=[redacted]',
    ],
    ['https://user:hunter2@mcp.example.com/mcp#access_token=abc', 'https://mcp.example.com/mcp'],
    [
      'https://mcp.example.com/mcp?q=a%20b&flag&keyword=x',
      'https://mcp.example.com/mcp?q=a%20b&flag&keyword=x',
    ],
  ])('%s → %s', (raw, shown) => {
    expect(redactUrl(raw)).toBe(shown);
  });

  it('leaves text that is not a URL alone', () => {
    expect(redactUrl('not a url')).toBe('not a url');
  });
});

describe('urlCredentials', () => {
  it('finds the values to keep out of messages, as written and decoded', () => {
    const url = 'https://alice:s3cr3t-pass@h.example/?api_key=a%2Bb%2Fc%3D%3D&v=1&token=abc';
    expect(urlCredentials(url)).toEqual(['alice', 's3cr3t-pass', 'a%2Bb%2Fc%3D%3D', 'a+b/c==']);
  });
});

describe('isSendableToken', () => {
  it.each(['sk_live_0123456789', 'eyJhbGciOi.eyJzdWIi.sig-_~+/=', 'two words'])('sends %j', (token) => {
    expect(isSendableToken(token)).toBe(true);
  });
  it.each([
    '',
    'a\r\nX-Injected: 1',
    'a\nb',
    'a\u0000b',
    'tab\there',
    'del\u007f',
    'naïve',
    '令牌',
    ' lead',
    'trail ',
  ])('refuses %j', (token) => {
    expect(isSendableToken(token)).toBe(false);
  });
});
