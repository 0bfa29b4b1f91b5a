import js from '@eslint/js';
import regexp from 'eslint-plugin-regexp';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'data/', 'test/fixtures/files/', 'bench/.work/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  regexp.configs['flat/recommended'],
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-control-regex': 'off',
      'no-misleading-character-class': 'off',
      // Scanned files are hostile: every pattern must run in time linear in its input, whatever it is.
      'regexp/no-super-linear-backtracking': 'error',
      'regexp/no-super-linear-move': 'error',
      // Rewrites of taste that change neither what a pattern matches nor how fast: `[A-Za-z0-9_]` as
      // `\w`, `[A-Za-z]` as the `i` flag (which then also folds every letter of the pattern), and
      // `(a|b)` as `(?:a|b)` wherever the group is not read.
      'regexp/prefer-w': 'off',
      'regexp/use-ignore-case': 'off',
      'regexp/no-unused-capturing-group': 'off',
    },
  },
  {
    // Quadratic on hostile input, in code other branches are changing now: to be made linear there.
    files: ['src/service/routes/reports.ts', 'src/store/accounts.ts'],
    rules: { 'regexp/no-super-linear-backtracking': 'off', 'regexp/no-super-linear-move': 'off' },
  },
);
