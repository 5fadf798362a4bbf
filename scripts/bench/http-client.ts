import { Agent, request } from 'node:http';

/** Kept-alive connections, as a client polling one API would hold them. */
const agent = new Agent({ keepAlive: true });

/**
 * The drivers' HTTP calls on node:http: they share the bench process with the
 * system under test, and fetch's web streams cost that process more CPU per
 * call than the server spends answering it (BENCHMARKS.md, Tuning).
 */
export async function httpCall(url: string, method: string, headers: Record<string, string>, body?: string): Promise<{ status: number; text: string }> {
  try {
    return await send(url, method, headers, body);
  } catch (error) {
    // The server closed a kept-alive connection just as it was reused (its
    // keep-alive timeout): the request never reached it, so it is sent again.
    if ((error as { reusedSocket?: boolean }).reusedSocket && (error as NodeJS.ErrnoException).code === 'ECONNRESET') return send(url, method, headers, body);
    throw error;
  }
}

function send(url: string, method: string, headers: Record<string, string>, body?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const sent = body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) };
    const outgoing = request(url, { method, headers: sent, agent }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    outgoing.on('error', (error) => reject(Object.assign(error, { reusedSocket: outgoing.reusedSocket })));
    outgoing.end(body);
  });
}
