import { assignedSecret } from '../../../../src/engine/rules/secrets/assigned-secret.js';
import { ruleTester } from '../../../helpers/rule-tester.js';
import { fake } from './fake-secrets.js';

const token = fake.opaqueToken();
const hex = fake.hexToken();

ruleTester(assignedSecret, {
  valid: [
    {
      description: 'references to the environment',
      name: 'settings.py',
      code: 'API_KEY = os.environ["API_KEY"]\nTOKEN = os.getenv("TOKEN")\n',
    },
    {
      description: 'shell and template references',
      name: 'env.txt',
      code: 'API_TOKEN=${API_TOKEN}\nCLIENT_SECRET={{ secrets.CLIENT_SECRET }}\nDB_PASSWORD=$DB_PASSWORD\n',
    },
    {
      description: 'a YAML password taken from the environment',
      name: 'db.yaml',
      code: 'database:\n  password: ${DB_PASSWORD}\n  token: ${SERVICE_TOKEN:-}\n',
    },
    {
      description: 'placeholders',
      name: 'config.yaml',
      code: 'api_key: YOUR_API_KEY\ntoken: <your-token>\npassword: changeme\nsecret: "xxxxxxxxxxxxxxxxxxxxxxxx"\n',
    },
    {
      description: 'names that are not credentials',
      name: 'model.json',
      code: { max_tokens: 4096, sort_key: 'created_at_desc_1', keyboard: 'us' },
    },
    {
      description: 'a public key and a UUID',
      name: 'ids.yaml',
      code: 'public_key: MCowBQYDK2VwAyEAq3XbWwXh0m9m9z6Qmk8nLZr2\nsession_key: 3f2b9c4e-8a1d-4e5f-9b7c-2d6e8f0a1b3c\n',
    },
    {
      description: 'a function call in code',
      name: 'auth.js',
      code: 'const accessToken = await fetchAccessTokenFromVault(client);\nconst apiKey = config.services.apiKey;\n',
    },
    {
      description: 'comparisons, not assignments',
      name: 'check.py',
      code: `if token == "${token}":\n    pass\n`,
    },
    {
      description: 'lockfiles are not read for assignments',
      name: 'package-lock.json',
      code: { packages: { '': { token } } },
    },
  ],
  invalid: [
    {
      description: '.env-style text',
      name: 'service.txt',
      code: `INTERNAL_API_TOKEN=${token}\n`,
      errors: [{ evidence: /^INTERNAL_API_TOKEN = \w\w…[\w-]{4}$/, location: { line: 1, column: 20 } }],
    },
    {
      description: 'JSON',
      name: 'creds.json',
      code: { service: { clientSecret: hex } },
      errors: [{ evidence: /^clientSecret = /, location: { line: 3 } }],
    },
    {
      description: 'YAML',
      name: 'app.yml',
      code: `db:\n  password: "${fake.password()}"\n`,
      errors: [{ title: 'Hard-coded password', evidence: /^password = /, location: { line: 2, column: 14 } }],
    },
    {
      description: 'TOML',
      name: 'pyproject.toml',
      code: `[tool.deploy]\nsigning_key = "${hex}"\n`,
      errors: 1,
    },
    {
      description: 'Python keyword argument',
      name: 'client.py',
      code: `client = Client(auth_token='${token}')\n`,
      errors: [{ evidence: /^auth_token = / }],
    },
    {
      description: 'JS object',
      name: 'config.ts',
      code: `export default { apiKey: "${token}" };\n`,
      errors: [{ evidence: /^apiKey = / }],
    },
    {
      description: 'an Authorization header value',
      name: 'req.json',
      code: { headers: { Authorization: `Bearer ${token}` } },
      errors: 1,
    },
  ],
});
