// The Vercors bench/web measures: `vercors serve` on the seeded data folder with only HTTPS, on a loopback port
// (its self-signed certificate is made in the data folder on first start, as in the browser tests; the session
// cookie is Secure, so the browser needs HTTPS). Default workers (one per core), as a site runs it. Started and
// stopped by the helpers the other benches use (vercors-bench-server.ts).

import { freeLoopbackPort } from '@vercors/e2e/src/loopback.ts';
import { ALL_LISTENERS_OFF, startVercors, type VercorsProcess } from '@vercors/e2e/src/vercors-server.ts';
import { whenReady } from '../vercors-bench-server.ts';

export interface WebBenchServer {
  /** `https://127.0.0.1:PORT` */
  readonly base: string;
  readonly process: VercorsProcess;
}

export interface WebBenchServerOptions {
  readonly dataDir: string;
  /** BENCH_WORKERS: the number of workers, else the server's default (one per core). */
  readonly workers?: string;
  /** BENCH_NODE_OPTIONS, e.g. '--cpu-prof --cpu-prof-dir=/tmp/prof' to see where the server's time goes. */
  readonly nodeOptions?: string;
}

/** Started and ready; on failure the process is stopped before the error is thrown. */
export async function startWebBenchServer(options: WebBenchServerOptions): Promise<WebBenchServer> {
  const port = await freeLoopbackPort();
  const server = startVercors(['serve', ...(options.workers ? ['--workers', options.workers] : [])], {
    env: {
      ...ALL_LISTENERS_OFF,
      NODE_OPTIONS: options.nodeOptions ?? '',
      VERCORS_DATA: options.dataDir,
      VERCORS_LOCALE: 'en',
      VERCORS_LOG_LEVEL: 'warn',
      VERCORS_HOSTNAME: 'localhost',
      VERCORS_LISTEN_HTTPS: `127.0.0.1:${port}`,
    },
  });
  try {
    await whenReady(server);
  } catch (error) {
    server.kill();
    throw error;
  }
  return { base: `https://127.0.0.1:${port}`, process: server };
}
