// CRM trigger configuration from the environment: defaults, and errors that name the variable without echoing secrets.
import { ConfigError } from '../../config/env.js';
import { loadTriggersConfig } from '../../config/triggers.js';

const SECRET = 'a'.repeat(40);

test('defaults: webhook off without a secret, port 8091, 5 minute tolerance, slow clients cut off, reports under DATA_DIR', () => {
  const config = loadTriggersConfig({ DATA_DIR: '/var/lib/lw' });
  expect(config).toEqual({
    webhook: {
      secret: undefined,
      port: 8091,
      host: '127.0.0.1',
      toleranceSeconds: 300,
      bodyLimitBytes: 65_536,
      limits: { headersTimeoutMs: 5_000, requestTimeoutMs: 10_000, idleTimeoutMs: 10_000, keepAliveTimeoutMs: 5_000, maxHeaderBytes: 8_192 },
    },
    notify: undefined,
    reports: { dir: '/var/lib/lw/reports', crmStateFile: '/var/lib/lw/crm-state.json', crmStateStore: 'temporal' },
    schedulesEnabled: true,
  });
});

test('the callback is signed with CRM_CALLBACK_SECRET, or the webhook secret when that is not set', () => {
  expect(loadTriggersConfig({ CRM_WEBHOOK_SECRET: SECRET, CRM_CALLBACK_URL: 'https://crm.example/cb' }).notify).toEqual({ callbackUrl: 'https://crm.example/cb', secret: SECRET, timeoutMs: 10_000 });
  const other = 'b'.repeat(32);
  expect(loadTriggersConfig({ CRM_WEBHOOK_SECRET: SECRET, CRM_CALLBACK_SECRET: other, CRM_CALLBACK_URL: 'https://crm.example/cb' }).notify?.secret).toBe(other);
});

test('every problem is reported at once, naming its variable, and secrets are never echoed', () => {
  const shortSecret = 'tooshort-secret';
  let error: unknown;
  try {
    loadTriggersConfig({ CRM_WEBHOOK_SECRET: shortSecret, WEBHOOK_PORT: '99999', WEBHOOK_TOLERANCE_SECONDS: 'soon', CRM_CALLBACK_URL: 'ftp://x', SCHEDULES_ENABLED: 'maybe' });
  } catch (err) {
    error = err;
  }
  expect(error).toBeInstanceOf(ConfigError);
  const problems = (error as ConfigError).problems.join('\n');
  for (const name of ['CRM_WEBHOOK_SECRET', 'WEBHOOK_PORT', 'WEBHOOK_TOLERANCE_SECONDS', 'CRM_CALLBACK_URL', 'SCHEDULES_ENABLED']) expect(problems).toContain(name);
  expect((error as Error).message).not.toContain(shortSecret);
  expect(() => loadTriggersConfig({ CRM_CALLBACK_URL: 'https://crm.example/cb' })).toThrow(/CRM_CALLBACK_URL needs CRM_CALLBACK_SECRET or CRM_WEBHOOK_SECRET/);
});

test('the webhook limits for slow clients are read, named when wrong, and the headers timeout fits in the request timeout', () => {
  const limits = loadTriggersConfig({ WEBHOOK_HEADERS_TIMEOUT_MS: '1000', WEBHOOK_REQUEST_TIMEOUT_MS: '2000', WEBHOOK_MAX_HEADER_BYTES: '4096' }).webhook.limits;
  expect(limits).toMatchObject({ headersTimeoutMs: 1000, requestTimeoutMs: 2000, maxHeaderBytes: 4096 });
  let error: unknown;
  try {
    loadTriggersConfig({ WEBHOOK_HEADERS_TIMEOUT_MS: '20000', WEBHOOK_IDLE_TIMEOUT_MS: '-5', WEBHOOK_MAX_HEADER_BYTES: 'big' });
  } catch (err) {
    error = err;
  }
  expect((error as ConfigError).problems).toEqual([
    'WEBHOOK_IDLE_TIMEOUT_MS=-5 must be a whole number from 1 to 600000',
    'WEBHOOK_MAX_HEADER_BYTES=big must be a whole number from 1 to 1048576',
    'WEBHOOK_HEADERS_TIMEOUT_MS must not be longer than WEBHOOK_REQUEST_TIMEOUT_MS',
  ]);
});
