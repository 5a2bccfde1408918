/** Small helpers for plain HTTP answers. */
import http from 'node:http';

export function sendStatus(res: http.ServerResponse, status: number): void {
  const body = status === 304 ? '' : `${status} ${http.STATUS_CODES[status] ?? ''}\n`;
  if (status !== 304) {
    res.setHeader('Content-Type', 'text/plain; charset=utf-8');
    res.setHeader('Content-Length', Buffer.byteLength(body));
  }
  res.writeHead(status);
  res.end(body);
}

export function sendJson(
  res: http.ServerResponse,
  status: number,
  value: unknown,
  headers: http.OutgoingHttpHeaders = {},
): void {
  sendText(res, status, JSON.stringify(value), 'application/json; charset=utf-8', headers);
}

export function sendText(
  res: http.ServerResponse,
  status: number,
  body: string,
  contentType: string,
  headers: http.OutgoingHttpHeaders = {},
): void {
  res.writeHead(status, {
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(body);
}
