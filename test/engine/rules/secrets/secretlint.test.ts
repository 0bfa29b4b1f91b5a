import { secretlintSecret } from '../../../../src/engine/rules/secrets/secretlint.js';
import { ruleTester } from '../../../helpers/rule-tester.js';
import { fake } from './fake-secrets.js';

ruleTester(secretlintSecret, {
  valid: [
    {
      name: 'notes.txt',
      code: 'Set ANTHROPIC_API_KEY to the key from the console (it starts with sk-ant-).',
    },
    { name: 'config.yaml', code: 'github:\n  token: ${GITHUB_TOKEN}\n' },
  ],
  invalid: [
    {
      description: 'an Anthropic key in YAML, masked',
      name: 'agent.yaml',
      code: `model: claude\nanthropic_api_key: ${fake.anthropic()}\n`,
      errors: [
        {
          evidence: /^ANTHROPIC API KEY \(secretlint anthropic\): sk-ant-…[A-Za-z0-9]{2}AA$/,
          location: { file: 'agent.yaml', line: 2, column: 20 },
        },
      ],
    },
    {
      description: 'a GitHub token in a JSON config',
      name: 'settings.json',
      code: { github: { auth: fake.githubPat() } },
      errors: [{ evidence: /^GITHUB TOKEN .*: ghp_…/, location: { line: 3 } }],
    },
  ],
});
