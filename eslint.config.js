// @ts-check
const tseslint = require('typescript-eslint');

module.exports = tseslint.config(
  { ignores: ['node_modules/**', 'generated/**', '.data/**', '.tools/**', 'coverage/**', 'artifacts/**', '**/*.js', '**/*.mjs'] },
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.base],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: __dirname } },
    rules: {
      // A forgotten await in an activity or a route loses errors silently.
      '@typescript-eslint/no-floating-promises': 'error',
    },
  },
  {
    // Workflow code is replayed: no I/O, no Node built-ins, no database clients.
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*', 'fs', 'path', 'crypto', 'http', 'https', 'net', 'child_process', 'os'], message: 'workflow code must not use Node modules' },
            { group: ['pg', '@prisma/*', '**/generated/**', '**/prisma/client', '@temporalio/client', '@temporalio/worker', '@temporalio/activity'], message: 'workflow code must not do I/O' },
            { group: ['**/activities', '**/activities/*', '!**/activities/types'], message: 'import activity types only', allowTypeImports: true },
          ],
        },
      ],
    },
  },
);
