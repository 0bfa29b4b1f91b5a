// Fake credentials for tests, built at run time from a seeded generator so that the repository holds
// no string a secret scanner would flag. They have the right shapes and are valid for no service.
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const HEX = '0123456789abcdef';

/** Deterministic: the same seed gives the same fake secret, so failures can be reproduced. */
export function randomChars(length: number, seed: number, alphabet = ALNUM): string {
  let state = seed >>> 0 || 1;
  let out = '';
  for (let i = 0; i < length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    out += alphabet[(state >>> 0) % alphabet.length];
  }
  return out;
}

const dash = '-';
const under = '_';

export const fake = {
  anthropic: (seed = 1) => ['sk', 'ant', 'api03', randomChars(93, seed) + 'AA'].join(dash),
  openaiProject: (seed = 2) => ['sk', 'proj', randomChars(64, seed)].join(dash),
  openaiLegacy: (seed = 3) => 'sk' + dash + randomChars(48, seed),
  huggingFace: (seed = 4) => 'hf' + under + randomChars(34, seed),
  google: (seed = 5) => 'AI' + 'za' + randomChars(35, seed),
  stripeLive: (seed = 6) => ['sk', 'live', randomChars(32, seed)].join(under),
  stripeRestricted: (seed = 7) => ['rk', 'live', randomChars(32, seed)].join(under),
  githubPat: (seed = 8) => 'gh' + 'p' + under + randomChars(36, seed),
  awsAccessKeyId: (seed = 9) => 'AK' + 'IA' + randomChars(16, seed, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'),
  awsSecret: (seed = 10) => randomChars(40, seed, ALNUM + '+/'),
  jwt: (seed = 11) =>
    [
      Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url'),
      Buffer.from(
        JSON.stringify({ sub: 'svc-' + randomChars(6, seed), scope: 'admin', iat: 1700000000 }),
      ).toString('base64url'),
      randomChars(43, seed + 1, ALNUM + '_-'),
    ].join('.'),
  privateKey: (seed = 12) =>
    [
      '-----' + 'BEGIN RSA PRIVATE' + ' KEY-----',
      ...Array.from({ length: 8 }, (_, i) => randomChars(64, seed + i, ALNUM + '+/')),
      '-----' + 'END RSA PRIVATE' + ' KEY-----',
    ].join('\n'),
  hexToken: (seed = 13) => randomChars(40, seed, HEX),
  opaqueToken: (seed = 14) => randomChars(32, seed, ALNUM + '-_'),
  password: (seed = 15) => 'Pw' + randomChars(10, seed) + '!9',
};
