import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/coverage/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Packages talk to each other only through public entry points.
      'no-restricted-imports': ['error', { patterns: [{ group: ['@avalanche-ts/*/src/*', '../../*/src/*'], message: "Import the package's public entry point." }] }],
    },
  },
);
