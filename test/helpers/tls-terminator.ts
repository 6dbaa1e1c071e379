// A TLS terminator in front of a plaintext Temporal frontend, as a self-hosted TLS cluster or a load balancer would be:
// HTTP/2 over TLS that requires a client certificate signed by our CA, each gRPC stream relayed to the dev server's
// port with its headers, body and trailers. It records the request headers it sees, so a test can check what
// metadata (e.g. the API key's authorization header) reached the server.
import http2 from 'node:http2';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';

export interface TlsTerminator {
  address: string;
  /** Request headers of every stream relayed so far (pseudo-headers removed). */
  seenHeaders: http2.IncomingHttpHeaders[];
  /** TLS handshakes refused (e.g. a client certificate the CA did not sign). */
  refusedHandshakes: number;
  close(): Promise<void>;
}

const PSEUDO = /^:/;

export async function startTlsTerminator(options: { upstream: string; caCert: string; serverCert: string; serverKey: string }): Promise<TlsTerminator> {
  const upstream = http2.connect(`http://${options.upstream}`);
  upstream.on('error', () => undefined);
  const seenHeaders: http2.IncomingHttpHeaders[] = [];
  let refusedHandshakes = 0;
  const server = http2.createSecureServer({
    key: readFileSync(options.serverKey),
    cert: readFileSync(options.serverCert),
    ca: readFileSync(options.caCert),
    requestCert: true,
    rejectUnauthorized: true,
  });
  const sessions = new Set<http2.ServerHttp2Session>();
  server.on('session', (session) => {
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
  });
  server.on('tlsClientError', () => {
    refusedHandshakes += 1;
  });
  server.on('stream', (stream, headers) => {
    const forwarded = Object.fromEntries(Object.entries(headers).filter(([name]) => !PSEUDO.test(name)));
    seenHeaders.push(forwarded);
    const request = upstream.request({ ...forwarded, ':method': headers[':method'], ':path': headers[':path'] });
    let trailers: http2.IncomingHttpHeaders = {};
    request.on('response', (responseHeaders) => {
      const { ':status': status, ...rest } = responseHeaders;
      if (rest['grpc-status'] !== undefined) {
        // A trailers-only answer (e.g. an error): status in the headers, nothing follows.
        stream.respond({ ':status': status, ...rest }, { endStream: true });
        return;
      }
      stream.respond({ ':status': status, ...rest }, { waitForTrailers: true });
      request.pipe(stream);
    });
    request.on('trailers', (received) => {
      trailers = received;
    });
    stream.on('wantTrailers', () => stream.sendTrailers(trailers));
    stream.pipe(request);
    const drop = () => {
      if (!request.destroyed) request.close(http2.constants.NGHTTP2_CANCEL);
    };
    stream.on('close', drop);
    stream.on('error', drop);
    request.on('error', () => stream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    address: `localhost:${port}`,
    seenHeaders,
    get refusedHandshakes() {
      return refusedHandshakes;
    },
    close: () =>
      new Promise<void>((resolve) => {
        upstream.close();
        server.close(() => resolve());
        // Open client sessions keep close() waiting; end them.
        for (const session of sessions) session.destroy();
      }),
  };
}
