// Configuration: defaults, and errors that name every variable at fault.
import { ConfigError, hasCredentials, loadConfig } from '../../config/env.js';

test('defaults run the embedded dev server and the simulator', () => {
  const config = loadConfig({});
  expect(config.temporal).toMatchObject({ address: undefined, namespace: 'default', taskQueue: 'lineworks-partner', devServerPort: 7233, uiPort: 8233, codecServerPort: 8092 });
  expect(config.simulator).toEqual({ port: 8090, host: '127.0.0.1', dnsPort: 8053 });
  expect(config.dns).toEqual({ resolvers: [], authoritativePort: 53, timeoutMs: 5000 });
  expect(hasCredentials(config.partnerApi.credentials)).toBe(false);
});

test('every invalid variable is named in one error', () => {
  let error: unknown;
  try {
    loadConfig({ TEMPORAL_ADDRESS: 'nohost', TEMPORAL_UI_PORT: '99999', LOG_LEVEL: 'loud', LINEWORKS_API_BASE_URL: 'ftp://x', LINEWORKS_TIMEOUT_MS: '-1' });
  } catch (err) {
    error = err;
  }
  expect(error).toBeInstanceOf(ConfigError);
  const message = (error as ConfigError).message;
  for (const name of ['TEMPORAL_ADDRESS', 'TEMPORAL_UI_PORT', 'LOG_LEVEL', 'LINEWORKS_API_BASE_URL', 'LINEWORKS_TIMEOUT_MS']) {
    expect(message).toContain(name);
  }
  expect((error as ConfigError).problems).toHaveLength(5);
});

test('partial service-account settings name what is missing, without echoing secrets', () => {
  expect(() => loadConfig({ LINEWORKS_CLIENT_ID: 'id', LINEWORKS_CLIENT_SECRET: 'super-secret-value' })).toThrow(
    /LINEWORKS_SERVICE_ACCOUNT_ID, LINEWORKS_PRIVATE_KEY or LINEWORKS_PRIVATE_KEY_PATH/,
  );
  try {
    loadConfig({ LINEWORKS_CLIENT_ID: 'id', LINEWORKS_CLIENT_SECRET: 'super-secret-value' });
  } catch (err) {
    expect((err as Error).message).not.toContain('super-secret-value');
  }
});

test('a private key pasted with literal \\n gets real newlines', () => {
  const config = loadConfig({ LINEWORKS_ACCESS_TOKEN: 't', LINEWORKS_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----\\nabc\\n-----END PRIVATE KEY-----' });
  expect(config.partnerApi.credentials.privateKey).toBe('-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----');
  expect(hasCredentials(config.partnerApi.credentials)).toBe(true);
});

test('the task-queue activity rate limit shared by all workers is read and validated', () => {
  expect(loadConfig({ TEMPORAL_TASK_QUEUE_ACTIVITIES_PER_SECOND: '2.5' }).temporal.maxTaskQueueActivitiesPerSecond).toBe(2.5);
  expect(loadConfig({}).temporal.maxTaskQueueActivitiesPerSecond).toBeUndefined();
  expect(() => loadConfig({ TEMPORAL_TASK_QUEUE_ACTIVITIES_PER_SECOND: '0' })).toThrow(/TEMPORAL_TASK_QUEUE_ACTIVITIES_PER_SECOND=0 must be a positive number/);
});

test('the worker\'s workflow cache size is read and validated (unset: the SDK\'s default)', () => {
  expect(loadConfig({ TEMPORAL_MAX_CACHED_WORKFLOWS: '200' }).temporal.maxCachedWorkflows).toBe(200);
  expect(loadConfig({ TEMPORAL_MAX_CACHED_WORKFLOWS: '0' }).temporal.maxCachedWorkflows).toBe(0);
  expect(loadConfig({}).temporal.maxCachedWorkflows).toBeUndefined();
  for (const bad of ['1', '-5', '2.5', 'many']) {
    expect(() => loadConfig({ TEMPORAL_MAX_CACHED_WORKFLOWS: bad })).toThrow(`TEMPORAL_MAX_CACHED_WORKFLOWS=${bad} must be 0 (no cache) or a whole number of at least 2`);
  }
});

test('list entries are named one by one, blank variables count as unset, and secret-looking values are never shown', () => {
  expect(() => loadConfig({ DNS_RESOLVERS: '127.0.0.1:53, resolver.example' })).toThrow(/DNS_RESOLVERS entry resolver\.example must be an IP address/);
  expect(loadConfig({ TEMPORAL_UI_PORT: ' ', LOG_LEVEL: '' })).toMatchObject({ temporal: { uiPort: 8233 }, logLevel: 'info' });
  const key = 'not-base64-secret-material';
  let error: unknown;
  try {
    loadConfig({ TEMPORAL_PAYLOAD_KEY: key, TEMPORAL_DEV_SERVER_PORT: 'x' });
  } catch (err) {
    error = err;
  }
  expect((error as ConfigError).problems).toEqual([
    'TEMPORAL_PAYLOAD_KEY must be 32 bytes in base64 (openssl rand -base64 32); value not shown',
    'TEMPORAL_DEV_SERVER_PORT=x is not a TCP port (1-65535)',
  ]);
  expect((error as Error).message).not.toContain(key);
});
