import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';

// Requests Node's HTTP parser refuses before Fastify sees them (a bad Content-Length, a header
// with a control character, a request line that is not HTTP) are answered here, on the socket.
// Fastify's own answer says only "Client Error"; this one says what was wrong, in the error
// shape of every other answer. What llhttp calls the problem (`reason`) is precise but terse,
// so the common ones get a sentence of their own.

const HINTS: Record<string, string> = {
  HPE_INVALID_CONTENT_LENGTH: 'Content-Length must be the number of bytes in the body',
  HPE_UNEXPECTED_CONTENT_LENGTH: 'send Content-Length once',
  HPE_INVALID_TRANSFER_ENCODING:
    'send either Content-Length or Transfer-Encoding: chunked, not both, and no other encoding',
  HPE_INVALID_CHUNK_SIZE: 'each chunk of a chunked body starts with its size in hexadecimal',
  HPE_INVALID_EOF_STATE: 'the connection ended before the whole request arrived',
  HPE_INVALID_URL: 'percent-encode characters a URL may not hold',
  HPE_INVALID_HEADER_TOKEN: 'header names and values may not hold spaces or control characters',
  HPE_INVALID_METHOD: 'the request line must start with an HTTP method',
};

/** The answer to a request the HTTP parser refused: status and message. */
export function clientErrorAnswer(error: NodeJS.ErrnoException & { reason?: string }): {
  status: number;
  message: string;
} {
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return {
      status: 408,
      message: 'The request did not arrive whole in time; nothing was stored.',
    };
  }
  if (error.code === 'HPE_HEADER_OVERFLOW') {
    return {
      status: 431,
      message: "The request's headers are larger than the server takes (16 KiB in all).",
    };
  }
  const reason = error.reason ?? error.message.replace(/^Parse Error:?\s*/, '');
  const hint = error.code ? HINTS[error.code] : undefined;
  return {
    status: 400,
    message: `The request is not valid HTTP/1.1: ${reason || 'unreadable'}${hint ? ` (${hint})` : ''}; nothing was stored.`,
  };
}

/** Fastify's `clientErrorHandler`: the answer above, written on the socket, which is then closed. */
export function clientErrorHandler(
  this: FastifyInstance,
  error: NodeJS.ErrnoException & { reason?: string },
  socket: Socket,
): void {
  // A reset connection has no one to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const { status, message } = clientErrorAnswer(error);
  this.log.debug({ err: error }, 'malformed request');
  if (socket.writable) {
    const body = JSON.stringify({ statusCode: status, error: STATUS_CODES[status], message });
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Content-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
