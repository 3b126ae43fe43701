import { type IncomingMessage, type ServerResponse } from 'node:http';
import { writeStatus } from './status-response.js';

/** How much of a refused body is read and thrown away before the connection is closed anyway. */
export interface LingerBounds {
  readonly bytes: number;
  /** From the answer on, in all. */
  readonly totalMs: number;
  /** Without a byte from the client. */
  readonly idleMs: number;
}

// In time, nginx's lingering_time (30 s) and lingering_timeout (5 s). In bytes (nginx has no bound), 128 MiB: a
// client that sends up to that much still reads its answer, for a few hundred ms of CPU; one that sends more is cut
// off (and may see a reset instead of the 413).
export const DEFAULT_LINGER: LingerBounds = { bytes: 128 * 1024 * 1024, totalMs: 30_000, idleMs: 5_000 };

/** Reads and discards the rest of the request's body until it ends, a bound is reached, or the connection closes. */
function discardBody(request: IncomingMessage, response: ServerResponse, bounds: LingerBounds): Promise<void> {
  if (request.readableEnded) return Promise.resolve();
  return new Promise((resolve) => {
    let discarded = 0;
    const finish = (): void => {
      clearTimeout(total);
      clearTimeout(idle);
      request.off('data', onData);
      request.off('end', finish);
      request.off('error', finish);
      response.off('close', finish);
      resolve();
    };
    const onData = (chunk: Buffer): void => {
      discarded += chunk.length;
      if (discarded > bounds.bytes) finish();
      else idle.refresh();
    };
    const total = setTimeout(finish, bounds.totalMs);
    const idle = setTimeout(finish, bounds.idleMs);
    request.on('data', onData);
    request.once('end', finish);
    request.once('error', finish);
    response.once('close', finish);
    request.resume();
  });
}

/**
 * Refuses a request whose body is not read (413) the way nginx does, with a lingering close. The whole answer goes out
 * at once, `Connection: close`; the response is ended only after the rest of the body has been read and discarded (up
 * to `bounds`), because node closes a `Connection: close` socket as soon as its response ends, and closing a socket
 * with unread data makes the kernel answer the client's next segment with a reset: the client, still writing, gets
 * EPIPE or ECONNRESET, and may lose the answer waiting in its receive buffer (RFC 9112 section 9.6).
 */
export async function refuseUnreadBody(
  request: IncomingMessage, response: ServerResponse, code: number, message: string, bounds: LingerBounds = DEFAULT_LINGER,
): Promise<void> {
  response.setHeader('Connection', 'close');
  writeStatus(response, code, message);
  await discardBody(request, response, bounds);
  response.end();
}
