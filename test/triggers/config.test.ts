// CRM trigger configuration from the environment: defaults, and errors that name the variable without echoing secrets.
import { ConfigError } from '../../config/env.js';
import { loadTriggersConfig } from '../../config/triggers.js';

const SECRET = 'a'.repeat(40);

test('defaults: webhook off without a secret, port 8091, 5 minute tolerance, reports under DATA_DIR', () => {
  const config = loadTriggersConfig({ DATA_DIR: '/var/lib/lw' });
  expect(config).toEqual({
    webhook: { secret: undefined, port: 8091, host: '127.0.0.1', toleranceSeconds: 300, bodyLimitBytes: 65_536 },
    notify: undefined,
    reports: { dir: '/var/lib/lw/reports', crmStateFile: '/var/lib/lw/crm-state.json' },
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
