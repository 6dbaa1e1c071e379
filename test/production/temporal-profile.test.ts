// Connection settings by the Temporal CLI's convention: a temporal.toml profile chosen by TEMPORAL_PROFILE (from
// TEMPORAL_CONFIG_FILE), environment variables over it, no file read unless asked, and problems that name what is
// missing. lib/temporal-connection.ts turns the result into the options both kinds of connection take.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../config/env.js';
import { configProblems } from './config-problems.js';
import { temporalTarget } from '../../lib/temporal-connection.js';

let dir: string;
let tomlFile: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'temporal-profile-'));
  await writeFile(path.join(dir, 'ca.pem'), 'not really a CA, only read as bytes');
  tomlFile = path.join(dir, 'temporal.toml');
  await writeFile(
    tomlFile,
    [
      '[profile.default]',
      'address = "localhost:7233"',
      '',
      '[profile.cloud]',
      'address = "eu-west-1.aws.api.temporal.io:7233"',
      'namespace = "partners.a1b2c"',
      'api_key = "profile-key"',
      '',
      '[profile.selfhosted]',
      'address = "temporal.internal:7233"',
      'namespace = "lineworks"',
      '[profile.selfhosted.tls]',
      `server_ca_cert_path = "${path.join(dir, 'ca.pem')}"`,
      'server_name = "temporal.internal"',
      '',
      '[profile.broken]',
      'address = "temporal.internal:7233"',
      '[profile.broken.tls]',
      `client_cert_path = "${path.join(dir, 'missing-client.pem')}"`,
      `client_key_path = "${path.join(dir, 'missing-client.key')}"`,
    ].join('\n'),
  );
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('TEMPORAL_PROFILE picks a profile of TEMPORAL_CONFIG_FILE; an API key turns TLS on and is never described', () => {
  const config = loadConfig({ TEMPORAL_CONFIG_FILE: tomlFile, TEMPORAL_PROFILE: 'cloud' });
  expect(config.temporal).toMatchObject({ address: 'eu-west-1.aws.api.temporal.io:7233', namespace: 'partners.a1b2c' });
  const target = temporalTarget(config);
  expect(target.options).toMatchObject({ address: 'eu-west-1.aws.api.temporal.io:7233', apiKey: 'profile-key', tls: true });
  expect(target.description).toBe('eu-west-1.aws.api.temporal.io:7233 (namespace partners.a1b2c, TLS + API key, profile cloud)');
  expect(target.description).not.toContain('profile-key');
});

test('environment variables override the profile', () => {
  const config = loadConfig({ TEMPORAL_CONFIG_FILE: tomlFile, TEMPORAL_PROFILE: 'cloud', TEMPORAL_NAMESPACE: 'other.a1b2c', TEMPORAL_API_KEY: 'env-key' });
  expect(temporalTarget(config)).toMatchObject({ namespace: 'other.a1b2c', options: { apiKey: 'env-key' } });
});

test("a self-hosted TLS profile: the CA file's bytes and the server name reach the connection options", () => {
  const target = temporalTarget(loadConfig({ TEMPORAL_CONFIG_FILE: tomlFile, TEMPORAL_PROFILE: 'selfhosted' }));
  expect(target.namespace).toBe('lineworks');
  expect(target.options.tls).toEqual({ serverNameOverride: 'temporal.internal', serverRootCACertificate: Buffer.from('not really a CA, only read as bytes') });
  expect(target.description).toContain('(namespace lineworks, TLS, profile selfhosted)');
});

test("the CLI's own temporal.toml (XDG_CONFIG_HOME) is read only when TEMPORAL_PROFILE asks: the embedded default stays", async () => {
  const configHome = path.join(dir, 'xdg');
  await mkdir(path.join(configHome, 'temporalio'), { recursive: true });
  await writeFile(path.join(configHome, 'temporalio', 'temporal.toml'), '[profile.default]\naddress = "developer-cluster:7233"\n');
  const config = loadConfig({ XDG_CONFIG_HOME: configHome });
  expect(config.temporal.address).toBeUndefined();
  expect(temporalTarget(config, '127.0.0.1:7233').options).toEqual({ address: '127.0.0.1:7233' });
  expect(loadConfig({ XDG_CONFIG_HOME: configHome, TEMPORAL_PROFILE: 'default' }).temporal.address).toBe('developer-cluster:7233');
});

test('problems name what is missing: profile certificate paths, an unknown profile, a missing file, a key without an address', () => {
  const problems = configProblems;
  const broken = problems({ TEMPORAL_CONFIG_FILE: tomlFile, TEMPORAL_PROFILE: 'broken' });
  expect(broken).toContain(`tls.client_cert_path in profile "broken" of ${tomlFile}=${path.join(dir, 'missing-client.pem')}: no such file`);
  expect(broken).toContain(`tls.client_key_path in profile "broken" of ${tomlFile}=${path.join(dir, 'missing-client.key')}: no such file`);
  expect(problems({ TEMPORAL_CONFIG_FILE: tomlFile, TEMPORAL_PROFILE: 'nope' })).toContain("Profile 'nope' not found");
  expect(problems({ TEMPORAL_CONFIG_FILE: path.join(dir, 'absent.toml') })).toContain(`TEMPORAL_CONFIG_FILE=${path.join(dir, 'absent.toml')}: no such file`);
  const keyOnly = problems({ TEMPORAL_API_KEY: 'k' });
  expect(keyOnly).toContain('no TEMPORAL_ADDRESS');
  expect(keyOnly).not.toContain('=k');
  expect(problems({ TEMPORAL_ADDRESS: 'x:7233', TEMPORAL_TLS_CLIENT_CERT_PATH: path.join(dir, 'ca.pem') })).toContain('go together');
});
