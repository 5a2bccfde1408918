/**
 * engine.io's long-polling transport by hand: open a session on the default namespace, send raw
 * bodies, and tell whether the server has ended the session.
 */

export interface PollingSession {
  /** The session's URL (with its `sid`). */
  url: string;
  /** POSTs a raw body; resolves with the status, or null if the server cut the upload off. */
  post(body: string): Promise<number | null>;
  /** GETs once; resolves with the status and the engine.io packets in the body. */
  poll(): Promise<{ status: number; packets: string[] }>;
  /** Polls until the session is gone (a close packet, or the sid unknown); false if still open after a few polls. */
  ended(): Promise<boolean>;
}

export async function openPollingSession(url: string, auth: Record<string, unknown>): Promise<PollingSession> {
  const base = `${url}/socket.io/?EIO=4&transport=polling`;
  const { sid } = JSON.parse((await (await fetch(base)).text()).slice(1)) as { sid: string };
  const session = `${base}&sid=${sid}`;
  const post = async (body: string) => {
    const response = await fetch(session, { method: 'POST', body }).catch(() => null);
    await response?.text().catch(() => '');
    return response?.status ?? null;
  };
  const poll = async () => {
    const response = await fetch(session);
    return { status: response.status, packets: (await response.text()).split('\x1e') };
  };
  await post(`40${JSON.stringify(auth)}`);
  const first = await poll();
  if (!first.packets.some((p) => p.startsWith('42["snapshot"')))
    throw new Error(`no snapshot: ${first.packets.join(' | ').slice(0, 200)}`);
  return {
    url: session,
    post,
    poll,
    async ended() {
      // The close packet may come after a noop, in the next response.
      for (let i = 0; i < 4; i++) {
        const { status, packets } = await poll();
        if (status === 400 || packets.includes('1')) return true;
      }
      return false;
    },
  };
}
