import type { App } from '../../server/app.ts';

/**
 * The access point drops a phone: its connection ends without a close frame, whichever wire it is on
 * (the phone wire at `/live`, or socket.io after a fallback). Offline emulation alone leaves open
 * sockets alone, so tests that take a phone off the wifi end its connection here too.
 */
export function dropPhone(app: App, clientId: string | null): void {
  for (const socket of app.io.of('/').sockets.values()) if (socket.data.clientId === clientId) socket.conn.close();
  for (const live of app.decks.values())
    for (const phone of live.wirePhones) if (phone.data.clientId === clientId) phone.socket.terminate();
}
