// Lint rules that keep workflow code deterministic, promises awaited, and every layer importing only downward.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { builtinModules } from 'node:module';

// The layers, top to bottom (README "Layout"). A folder may import from the layers beneath it, never from one above:
// triggers → workers → lib, observability → workflows → activities → partner-api, dns, crm → config → domain. Workflows reach
// activities through typed proxies (type imports only, enforced below); the simulator is a separate program that
// only scripts and tests run. partner-api's types, operation table and generated schema are the API's
// vocabulary: the domain rules may name those types.
const LAYERS = [
  ['./cli', './webhook', './scripts', './setup-page'],
  ['./workers'],
  // observability/ (metrics, traces, health) sits beside lib/: workers and triggers use it; it reads the types of the
  // layers below (the Partner API observer interface, activity results) and is never imported by them.
  ['./lib', './observability'],
  ['./workflows'],
  ['./activities'],
  ['./partner-api', './dns', './crm', './setup-link'],
  ['./config'],
  ['./domain'],
];
const API_VOCABULARY = ['./types.ts', './operations.ts', './generated'];
const layerZones = LAYERS.flatMap((layer, index) =>
  layer.flatMap((target) =>
    [...LAYERS.slice(0, index).flat(), ...(target === './scripts' ? [] : ['./simulator'])]
      .filter((from) => !(target === './domain' && from === './partner-api'))
      .map((from) => ({
        target,
        from,
        message: `${from.slice(2)}/ is above ${target.slice(2)}/: layers import downward only (eslint.config.js, README "Layout").`,
      })),
  ),
);
const domainApiZone = {
  target: './domain',
  from: './partner-api',
  except: API_VOCABULARY,
  message: 'Domain rules are pure: from partner-api they may name only the API vocabulary (types, operations, generated).',
};
// The simulator stands for LINE WORKS: it shares the API vocabulary, configuration and the logger, nothing of the service.
const simulatorZone = {
  target: './simulator',
  from: ['./cli', './webhook', './scripts', './setup-page', './workers', './observability', './workflows', './activities', './dns', './crm', './setup-link', './domain'],
  message: 'The simulator stands for LINE WORKS: it may use partner-api vocabulary, config and lib/logger only.',
};

// Workflow code runs in Temporal's deterministic sandbox: no Node built-ins, no I/O libraries,
// and no activity/client/worker packages (activities are reached through typed proxies only).
const workflowForbidden = [
  ...builtinModules.filter((m) => !m.startsWith('_')),
  ...builtinModules.map((m) => `node:${m}`),
  'got',
  'pino',
  'fastify',
  '@temporalio/activity',
  '@temporalio/client',
  '@temporalio/worker',
  '@temporalio/testing',
];

// Workflow runs share one zod (workflows/shared-modules.ts), which the Temporal SDK deep-freezes once loaded. zod's
// string formats built on its own module-level RegExps set their lastIndex before each test, which a frozen RegExp
// refuses: they throw inside a worker while every plain Node test passes. So domain/ and workflows/ use .regex() with
// a pattern of their own (built per schema), and never change zod's global config (frozen too).
const FROZEN_ZOD_FORMATS = 'email|guid|nanoid|cuid|cuid2|ulid|xid|ksuid|ipv4|ipv6|mac|cidrv4|cidrv6|base64|base64url|e164|lowercase|uppercase';
const frozenZodMessage =
  "zod's shared RegExps are frozen in the worker (workflows/shared-modules.ts): this format throws there. Use .regex() with a pattern of your own.";
const frozenZodSyntax = [
  { selector: `CallExpression[callee.type='MemberExpression'][callee.property.name=/^(${FROZEN_ZOD_FORMATS})$/]`, message: frozenZodMessage },
  { selector: "CallExpression[callee.object.property.name='iso'][callee.property.name=/^(date|duration)$/]", message: frozenZodMessage },
  { selector: "CallExpression[callee.object.name='z'][callee.property.name='config']", message: 'zod is shared and frozen in the worker (workflows/shared-modules.ts): its config cannot change there.' },
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'coverage/**', '.data/**', 'partner-api/generated/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.ts'],
    ignores: ['test/**'],
    plugins: { 'import-x': importX },
    settings: {
      ...importX.flatConfigs.typescript.settings,
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { basePath: import.meta.dirname, zones: [...layerZones, domainApiZone, simulatorZone] }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: workflowForbidden.map((name) => ({
            name,
            message: 'Workflow code must stay deterministic: no Node built-ins, I/O libraries or non-workflow Temporal packages.',
            allowTypeImports: true,
          })),
          patterns: [
            {
              group: ['../activities/*', '../activities', '../partner-api/*', '../simulator/*', '../lib/*', '../workers/*', '../config/*'],
              message: 'Workflows reach activities through proxyActivities; import their types only.',
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
  {
    files: ['domain/**/*.ts', 'workflows/**/*.ts'],
    ignores: ['workflows/shared-modules.ts'],
    rules: { 'no-restricted-syntax': ['error', ...frozenZodSyntax] },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
