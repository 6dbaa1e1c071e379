// Loopback ports for tests that start servers by port number.
import { createServer } from 'node:net';

/** A port that was free a moment ago (whoever needs it binds it itself). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
