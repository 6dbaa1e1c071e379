// Finds, or installs, Temporal's time-skipping test server.
//
// The SDK's native test server is a GraalVM image of the Java class io.temporal.testserver.TestServer and is
// downloaded at run time; here we resolve the same class from Maven Central instead, and start it through an
// executable wrapper, because the SDK spawns `<path> <port>` and later kills that process. The wrapper `exec`s
// java so the kill reaches the JVM itself, not a shell that would leave the JVM holding the port.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isExecutable, say, toolCacheDir } from './cache.js';

export const TEST_SERVER_VERSION = '1.38.0';

export function testServerDir(): string {
  return path.join(toolCacheDir(), 'temporal-test-server', TEST_SERVER_VERSION);
}

/** The wrapper to pass as `existing-path`, or undefined when it is not installed. */
export function findTestServer(): string | undefined {
  const fromEnv = process.env.TEMPORAL_TEST_SERVER_PATH;
  if (fromEnv) {
    if (!isExecutable(fromEnv)) throw new Error(`TEMPORAL_TEST_SERVER_PATH=${fromEnv} is not an executable file`);
    return fromEnv;
  }
  const wrapper = path.join(testServerDir(), 'temporal-test-server');
  return isExecutable(wrapper) ? wrapper : undefined;
}

const pom = `<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.lineworks-partner-workflows</groupId>
  <artifactId>temporal-test-server-classpath</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>io.temporal</groupId>
      <artifactId>temporal-test-server</artifactId>
      <version>${TEST_SERVER_VERSION}</version>
    </dependency>
  </dependencies>
</project>
`;

/** Finds the test server, resolving it with Maven when missing. Returns undefined when Java or Maven is absent. */
export function ensureTestServer(): string | undefined {
  const found = findTestServer();
  if (found) {
    say(`Temporal test server: ${found}`);
    return found;
  }
  for (const tool of ['java', 'mvn']) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) {
      say(`${tool} is not installed: the Java time-skipping test server cannot be installed, and the tests that need it will fail.`);
      return undefined;
    }
  }
  const dir = testServerDir();
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'pom.xml'), pom);
  say(`resolving io.temporal:temporal-test-server:${TEST_SERVER_VERSION} with Maven into ${dir}…`);
  const result = spawnSync('mvn', ['-q', '-B', 'dependency:copy-dependencies', '-DoutputDirectory=lib'], { cwd: dir, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`Maven could not resolve io.temporal:temporal-test-server:${TEST_SERVER_VERSION}`);
  const wrapper = path.join(dir, 'temporal-test-server');
  // C1-only JIT and the serial GC start the JVM fastest; the SDK gives the server 5 seconds to accept connections.
  writeFileSync(
    wrapper,
    `#!/bin/sh\n# Temporal time-skipping test server (Java), started by the SDK as: <this file> <port>\n` +
      `exec java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -cp "${path.join(dir, 'lib')}/*" io.temporal.testserver.TestServer "$@"\n`,
  );
  chmodSync(wrapper, 0o755);
  say(`Temporal test server installed: ${wrapper}`);
  return wrapper;
}
