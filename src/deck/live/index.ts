/**
 * The deck's live plugins, sharing one room: sync with the server, quiz bars, the join overlay, the
 * audience count, the self-paced quiz when there is no server, and the room talking back: the top
 * questions (key Q), reaction bursts and the speaker's pointer.
 */
import '../../../themes/room.css';
import '../../../themes/roomTalk.css';
import '../../../themes/pointer.css';
import type { DeckPlugin } from '../plugin.ts';
import { audienceCount } from './audienceCount.ts';
import { joinOverlay } from './joinOverlay.ts';
import { liveSync } from './liveSync.ts';
import { pointerPlugin } from './pointer.ts';
import { questionsOverlay } from './questionsOverlay.ts';
import { quizBars } from './quizBars.ts';
import { reactionBurst } from './reactionBurst.ts';
import { DeckRoom } from './room.ts';
import { selfPaced } from './selfPaced.ts';

export interface LivePluginsOptions {
  deck: string;
  /** The presenter token this tab holds, if any (see `takePresenterToken`). */
  token: string | null;
  /** Where the page runs; reveal's speaker window and print view get no room. @defaultValue `location.search` */
  search?: string;
}

/** reveal's speaker window loads copies of the deck (`?receiver`); the print view is `?print-pdf`. */
export function isDeckCopy(search: string): boolean {
  return /[?&](receiver|print-pdf)\b/i.test(search);
}

export function livePlugins(options: LivePluginsOptions): DeckPlugin[] {
  const search = options.search ?? location.search;
  const room = new DeckRoom(options.deck, options.token, isDeckCopy(search));
  return [
    liveSync(room),
    quizBars(room),
    joinOverlay(room),
    audienceCount(room),
    selfPaced(room),
    questionsOverlay(room),
    reactionBurst(room),
    pointerPlugin(room),
  ];
}
