import { providerApiKey } from '../../../../src/engine/rules/secrets/provider-keys.js';
import { ruleTester } from '../../../helpers/rule-tester.js';
import { fake, randomChars } from './fake-secrets.js';

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
// A lockfile integrity hash with a Google-key look-alike in the middle of its base64.
const integrity = `sha512-${randomChars(20, 41, BASE64)}/AIza${randomChars(35, 42, BASE64)}${randomChars(27, 43, BASE64)}==`;
const jwtIoSample = [
  Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url'),
  Buffer.from('{"sub":"1234567890","name":"John Doe","iat":1516239022}').toString('base64url'),
  randomChars(43, 44),
].join('.');

ruleTester(providerApiKey, {
  valid: [
    {
      description: 'docs showing key prefixes',
      name: 'README.txt',
      code: 'export OPENAI_API_KEY=sk-...\nHF token: hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n',
    },
    { description: 'a placeholder with the right length', code: `sk-proj-${'x'.repeat(48)}` },
    {
      description: 'an env reference',
      name: '.mcp.json',
      code: { env: { OPENAI_API_KEY: '${env:OPENAI_API_KEY}' } },
    },
    {
      description: 'integrity hashes in a lockfile',
      name: 'package-lock.json',
      code: { packages: { 'node_modules/a': { version: '1.0.0', integrity } } },
    },
    { description: 'the jwt.io sample token', code: `Authorization: Bearer ${jwtIoSample}` },
    { description: 'a UUID', code: 'request_id = "3f2b9c4e-8a1d-4e5f-9b7c-2d6e8f0a1b3c"' },
    { description: 'an Anthropic key is left to SEC-001 (secretlint)', code: `key: ${fake.anthropic()}` },
  ],
  invalid: [
    {
      description: 'OpenAI project key in a .env-style text file',
      name: 'env.txt',
      code: `# local\nOPENAI_API_KEY=${fake.openaiProject()}\n`,
      errors: [
        {
          evidence: /^OpenAI API key: sk-proj-…\w{4}$/,
          severity: 'critical',
          location: { line: 2, column: 16 },
        },
      ],
    },
    {
      description: 'legacy OpenAI key in Python',
      name: 'app.py',
      code: `client = OpenAI(api_key="${fake.openaiLegacy()}")`,
      errors: [{ evidence: /^OpenAI-style API key: sk-…/ }],
    },
    {
      description: 'Hugging Face token in JS',
      name: 'hf.js',
      code: `const hf = new HfInference('${fake.huggingFace()}');`,
      errors: [{ evidence: /^Hugging Face token: hf_…/ }],
    },
    {
      description: 'Google key in a URL',
      code: `https://maps.googleapis.com/maps/api/geocode/json?key=${fake.google()}`,
      errors: [{ evidence: /^Google API key: AI…/ }],
    },
    {
      description: 'Stripe live secret and restricted keys',
      name: 'stripe.toml',
      code: `secret = "${fake.stripeLive()}"\nrestricted = "${fake.stripeRestricted()}"\n`,
      errors: [
        { evidence: /sk_live_…/, severity: 'critical' },
        { evidence: /rk_live_…/, location: { line: 2 } },
      ],
    },
    {
      description: 'a JWT with a real-looking payload',
      code: `token: ${fake.jwt()}`,
      errors: [{ evidence: /^JSON Web Token: ey…/ }],
    },
    {
      description: 'a PEM private key',
      name: 'deploy.yaml',
      code: `key: |\n  ${fake.privateKey().replace(/\n/g, '\n  ')}\n`,
      errors: [
        { evidence: 'Private key: -----BEGIN RSA PRIVATE KEY-----…', location: { line: 2, column: 3 } },
      ],
    },
  ],
});
