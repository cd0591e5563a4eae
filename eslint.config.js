// ESLint flat config: typescript-eslint's strict type-checked rules on src/, test/ and bench/.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'notebooks-out/'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
    },
  },
  // published coefficients keep all their printed digits, beyond double precision, on purpose
  {
    files: ['src/ode/dop853.ts', 'src/ode/dopri5.ts', 'test/ode/problems.ts'],
    rules: { 'no-loss-of-precision': 'off', '@typescript-eslint/no-loss-of-precision': 'off' },
  },
  // node:test's test() returns a promise the runner itself awaits
  { files: ['test/**/*.ts'], rules: { '@typescript-eslint/no-floating-promises': 'off' } },
  { files: ['eslint.config.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
);
