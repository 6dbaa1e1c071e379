// `npm start`: the embedded default. One process tree runs
//   - a Temporal dev server persisting to DATA_DIR/temporal.sqlite, Web UI on TEMPORAL_UI_PORT (unless TEMPORAL_ADDRESS is set),
//   - the Partner API simulator (unless LINE WORKS credentials are configured), and with it an authoritative DNS server
//     on loopback serving the simulated customers' records, which the worker's DNS checks ask (unless DNS_RESOLVERS or
//     SIMULATOR_DNS_SERVERS says to use real DNS),
//   - the worker (and the schedules: monthly report, daily drift check),
//   - the CRM webhook on WEBHOOK_PORT (default 8091), when CRM_WEBHOOK_SECRET is set,
//   - the DNS setup page on SETUP_PAGE_PORT (default 8093; its links signed with SETUP_PAGE_SECRET, or with a secret
//     generated once per DATA_DIR and kept there, 0600).
// Ctrl-C stops everything cleanly.
import path from 'node:path';
import { loadConfig } from '../config/env.js';
import { loadOrExit } from '../config/load-or-exit.js';
import { startDevServer, type DevServer } from '../lib/dev-server.js';
import { createLogger } from '../lib/logger.js';
import { connectNative, temporalTarget } from '../lib/temporal-connection.js';
import { startCodecServer } from '../lib/codec-server.js';
import { dataConverterFor } from '../lib/payload-codec.js';
import { serviceClient } from '../lib/temporal-client.js';
import { startSimulator } from '../simulator/app.js';
import { simulatorOptionsFromConfig } from '../simulator/from-config.js';
import { installRuntime, startWorkerObservability } from '../workers/observability.js';
import { createServiceWorker, partnerApiBaseUrl } from '../workers/service-worker.js';
import { loadTriggersConfig } from '../config/triggers.js';
import { startEmbeddedWebhook } from '../webhook/embedded.js';
import { loadSetupPageConfig } from '../config/setup-page.js';
import { localSetupPageSecret } from '../setup-link/local-secret.js';
import { startSetupPageServer } from '../setup-page/app.js';
import { findTemporalCli } from './tools/temporal-cli.js';
import { dnsSettingsFor, startSimulatedDns, wantsSimulatedDns } from './simulated-dns.js';

const config = loadOrExit(loadConfig);
const triggers = loadOrExit(loadTriggersConfig);
const setupPage = loadOrExit(loadSetupPageConfig);
const logger = createLogger({ level: config.logLevel });
const telemetry = installRuntime(config, logger);

const stops: Array<() => Promise<void>> = [];
async function stopAll(code: number): Promise<never> {
  for (const stop of stops.reverse()) {
    await stop().catch((err: unknown) => logger.error({ err }, 'error while stopping'));
  }
  process.exit(code);
}

try {
  let address = config.temporal.address;
  let uiUrl: string | undefined;
  if (!address) {
    const cliPath = findTemporalCli();
    if (!cliPath) throw new Error('no Temporal CLI found: install Go so `npm start` can build one, set TEMPORAL_CLI_PATH, or set TEMPORAL_ADDRESS to use a running server');
    // Encrypted payloads: a loopback codec server lets the Web UI show them (and encode what it starts).
    let uiCodecEndpoint: string | undefined;
    const codec = dataConverterFor(config.temporal.encryption)?.payloadCodecs[0];
    if (codec) {
      const codecServer = await startCodecServer({ codec, port: config.temporal.codecServerPort, allowedOrigin: `http://localhost:${config.temporal.uiPort}` });
      stops.push(() => codecServer.app.close());
      uiCodecEndpoint = codecServer.url;
    }
    const devServer: DevServer = await startDevServer({
      cliPath,
      port: config.temporal.devServerPort,
      uiPort: config.temporal.uiPort,
      namespace: config.temporal.namespace,
      dbFile: path.join(config.temporal.dataDir, 'temporal.sqlite'),
      uiCodecEndpoint,
    });
    stops.push(() => devServer.stop());
    address = devServer.address;
    uiUrl = devServer.uiUrl;
  }

  let baseUrl = partnerApiBaseUrl(config);
  let mode = 'LINE WORKS Partner API';
  let workerConfig = config;
  let dnsLine = `  DNS checks       ${config.dns.resolvers.length ? config.dns.resolvers.join(', ') : 'system resolvers'}, authoritative port ${config.dns.authoritativePort}`;
  let simulatorUrl: string | undefined;
  if (!baseUrl) {
    const simulator = await startSimulator(config.simulator.port, await simulatorOptionsFromConfig(config.simulator));
    stops.push(() => simulator.app.close());
    baseUrl = simulator.baseUrl;
    simulatorUrl = simulator.url;
    mode = 'simulator (no LINE WORKS credentials configured)';
    if (wantsSimulatedDns(config, true)) {
      const dns = await startSimulatedDns(simulator.state, config.simulator.dnsPort, () => simulator.clock.nowMs());
      stops.push(() => dns.close());
      workerConfig = { ...config, dns: dnsSettingsFor(dns, config.dns) };
      dnsLine = `  Simulated DNS    ${dns.server} (udp, authoritative for the simulated customers; the worker's DNS checks ask it; each simulated DNS server set with \`partnerctl sim dns-servers\` is a name server at 127.0.0.2, 127.0.0.3, ... port ${dns.port})`;
    }
  }

  // Before the worker: /readyz answers "not ready" while it is being created.
  const observability = await startWorkerObservability(config, telemetry);
  stops.push(observability.close);
  const target = temporalTarget(config, address);
  const connection = await connectNative(target);
  // The setup page's secret: configured, else this data directory's own (so links survive a restart of npm start).
  const setupPageSecret = setupPage.secret ?? (await localSetupPageSecret(config.temporal.dataDir));
  const setupLinks = { secret: setupPageSecret, baseUrl: setupPage.baseUrl, linkMarginMs: setupPage.linkMarginMs };
  const worker = await createServiceWorker({ connection, config: workerConfig, triggers, baseUrl, logger, observability, setupLinks });
  observability.attach(worker, connection, target.namespace);
  const running = worker.run();
  stops.push(async () => {
    worker.shutdown();
    await running;
    await connection.close();
  });
  const webhook = await startEmbeddedWebhook({
    connection,
    namespace: target.namespace,
    taskQueue: config.temporal.taskQueue,
    triggers,
    logger,
    dataConverter: dataConverterFor(config.temporal.encryption),
    observability,
  });
  if (webhook) stops.push(webhook.stop);
  const setupPageServer = await startSetupPageServer({
    client: serviceClient({ connection, namespace: target.namespace, dataConverter: dataConverterFor(config.temporal.encryption) }),
    secret: setupPageSecret,
    checkNowIntervalMs: setupPage.checkNowIntervalMs,
    host: setupPage.host,
    port: setupPage.port,
    logger: logger.child({ component: 'setup-page' }),
  });
  stops.push(setupPageServer.stop);

  console.log(
    [
      '',
      'lineworks-partner-workflows is running:',
      `  Temporal server  ${config.temporal.address ? target.description : `${address} (embedded dev server, data in ${config.temporal.dataDir})`}`,
      uiUrl ? `  Temporal Web UI  ${uiUrl}` : undefined,
      `  Partner API      ${baseUrl}  [${mode}]`,
      dnsLine,
      `  Worker           task queue "${config.temporal.taskQueue}", namespace "${config.temporal.namespace}"`,
      `  CRM webhook      ${webhook ? webhook.url : 'off (set CRM_WEBHOOK_SECRET to receive CRM events)'}`,
      `  DNS setup page   ${setupPageServer.url}  (links start with ${setupPage.baseUrl}/setup/; signed with ${setupPage.secret ? 'SETUP_PAGE_SECRET' : `the secret in ${path.join(config.temporal.dataDir, 'setup-page-secret')}`})`,
      `  Metrics          ${observability.url ? `${observability.url}/metrics  (health: ${observability.url}/healthz, ${observability.url}/readyz)` : 'off (METRICS_ENABLED=false)'}`,
      `  Traces           ${config.observability.tracing.otlpEndpoint ? `OTLP to ${config.observability.tracing.otlpEndpoint}` : 'off (set OTEL_EXPORTER_OTLP_ENDPOINT to export)'}`,
      '',
      'Start an onboarding:  npm run workflow:onboard -- --domain acme.by-works.com --company "Acme" --phone 03-0000-0000',
      simulatorUrl ? 'A custom domain:      npm run workflow:onboard -- --domain acme-corp.example --company "Acme" --phone 03-0000-0000' : undefined,
      simulatorUrl ? '  then publish its DNS records as the customer would:  npm run partnerctl -- sim dns publish acme-corp.example' : undefined,
      'Press Ctrl-C to stop.',
      '',
    ]
      .filter((line) => line !== undefined)
      .join('\n'),
  );

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      logger.info({ signal }, 'stopping');
      void stopAll(0);
    });
  }
  await running;
} catch (err) {
  logger.fatal({ err }, (err as Error).message);
  await stopAll(1);
}
