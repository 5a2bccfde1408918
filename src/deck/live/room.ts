import { paths, type Role } from '../../protocol.ts';
import type { LiveConnection } from '../../shared/liveConnection.ts';
import { TalkState } from '../../shared/talkState.ts';
import { forgetPresenterToken } from '../../shared/token.ts';

/**
 * - `live`: a live server runs this deck; `connection` is open (as projector with the token, else audience).
 * - `static`: the deck is plain files (no `/api/talks/<deck>`): quizzes are self-paced.
 * - `off`: a copy of the deck inside reveal's own speaker window, or the print view: no room at all.
 */
export type RoomMode = 'live' | 'static' | 'off';

/**
 * What the deck's live plugins share: whether a live server runs the deck, the one socket to it and
 * the talk state it keeps. Plugins subscribe; the first to start it decides the mode once.
 */
export class DeckRoom {
  readonly state = new TalkState();
  connection: LiveConnection | null = null;
  private decided: RoomMode | null = null;
  private started = false;
  private readonly waiting: ((mode: RoomMode) => void)[] = [];
  private readonly roleListeners = new Set<(role: Role) => void>();

  constructor(
    readonly deck: string,
    private token: string | null,
    /** True inside reveal's speaker window or print view. */
    private readonly disabled = false,
  ) {}

  get mode(): RoomMode | null {
    return this.decided;
  }

  /**
   * The role this deck connects with. With the token it is the projector: it drives the slides, and the
   * server sends it only what a screen in the room may show (no answer key before the reveal).
   */
  get role(): Role {
    return this.token ? 'projector' : 'audience';
  }

  /** Runs `listener` once the mode is known (at once if it is). Starts the probe on first use. Returns an unsubscribe. */
  onMode(listener: (mode: RoomMode) => void): () => void {
    if (this.decided) listener(this.decided);
    else this.waiting.push(listener);
    this.start();
    return () => {
      const at = this.waiting.indexOf(listener);
      if (at >= 0) this.waiting.splice(at, 1);
    };
  }

  /** Called when the role changes (a refused token falls back to audience). Returns an unsubscribe. */
  onRole(listener: (role: Role) => void): () => void {
    this.roleListeners.add(listener);
    return () => this.roleListeners.delete(listener);
  }

  private start(): void {
    if (this.started) return;
    this.started = true;
    if (this.disabled) {
      this.decide('off');
      return;
    }
    void probeLiveServer(this.deck).then(async (live) => {
      if (live && this.role === 'audience') {
        const { looksLikePhone, offerPhonePage } = await import('./phoneOffer.ts');
        if (looksLikePhone()) await offerPhonePage(this.deck);
      }
      // The connection's code (and socket.io-client, for the projector) is fetched only when there is a server to talk to.
      if (live) this.connect((await import('../../shared/liveConnection.ts')).connectLive);
      this.decide(live ? 'live' : 'static');
    });
  }

  private connect(connectLive: typeof import('../../shared/liveConnection.ts').connectLive): void {
    this.connection?.close();
    const connection = connectLive({ deck: this.deck, role: this.role, token: this.token, state: this.state });
    this.connection = connection;
    connection.onStatus((status) => {
      document.body.dataset.liveConnection = status.state;
      if (status.state === 'refused' && status.reason === 'bad-token') {
        // A stale token (the server restarted with a new one): follow the talk rather than show nothing.
        console.warn('lectern: the presenter token was refused; this deck follows the talk as audience');
        forgetPresenterToken(this.deck);
        this.token = null;
        this.connect(connectLive);
        for (const listener of this.roleListeners) listener('audience');
      }
    });
    document.body.dataset.liveRole = this.role;
  }

  /** Leaves the room: the socket closes and no mode is decided any more. */
  close(): void {
    this.waiting.length = 0;
    this.roleListeners.clear();
    this.connection?.close();
    this.connection = null;
  }

  private decide(mode: RoomMode): void {
    this.decided = mode;
    document.body.classList.toggle('lectern-live', mode === 'live');
    document.body.classList.toggle('lectern-static', mode === 'static');
    for (const listener of this.waiting.splice(0)) listener(mode);
  }
}

/** `GET /api/talks/<deck>`: 200 when a live server runs the deck; 404 (or no answer) means plain files. */
export async function probeLiveServer(deck: string): Promise<boolean> {
  try {
    const response = await fetch(paths.talk(deck), { headers: { Accept: 'application/json' } });
    if (!response.ok) return false;
    const info = (await response.json()) as { live?: unknown };
    return info.live === true;
  } catch {
    return false;
  }
}
