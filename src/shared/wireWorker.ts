/**
 * The phone wire's WebSocket, in a worker of its own (wireSocket.ts opens it). A WebSocket on the page's
 * main thread costs a slow phone about a millisecond of that thread per frame before the page's handler
 * even runs (Chromium taking the frame off the network service's pipe); here that work happens on this
 * thread, and the page gets each frame as one string in a message, which costs it next to nothing.
 *
 * One socket at a time. The page sends `{ open: url, id }`, `{ send: text }` and `{ close: true }`; this
 * answers with each text frame as a plain string, `{ opened: id }` and `{ closed: id, code }`. Opening a
 * new socket forgets the one before, so nothing of an old socket follows the new one's `opened`.
 */

/** The parts of a dedicated worker's global scope used here (the page's DOM types describe a window). */
interface WorkerScope {
  onmessage: ((event: MessageEvent) => void) | null;
  postMessage(message: unknown): void;
}
const scope = self as unknown as WorkerScope;

let socket: WebSocket | null = null;

const forget = () => {
  if (!socket) return;
  socket.onopen = socket.onmessage = socket.onclose = null;
  socket.close();
  socket = null;
};

scope.onmessage = ({ data: command }: MessageEvent) => {
  if (typeof command?.send === 'string') {
    if (socket?.readyState === WebSocket.OPEN) socket.send(command.send);
    return;
  }
  forget();
  if (typeof command?.open !== 'string') return;
  const id: unknown = command.id;
  const opening = new WebSocket(command.open);
  socket = opening;
  opening.onopen = () => scope.postMessage({ opened: id });
  opening.onmessage = (event) => {
    if (typeof event.data === 'string') scope.postMessage(event.data);
  };
  opening.onclose = (event) => {
    socket = null;
    scope.postMessage({ closed: id, code: event.code });
  };
};
