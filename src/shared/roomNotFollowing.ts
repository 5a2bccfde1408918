import './roomNotFollowing.css';
import type { LiveConnection } from './liveConnection.ts';
import type { SlideDriver } from './slideDriver.ts';

/**
 * A notice on a page that drives the talk (projected deck, speaker view) while the server cannot store
 * changes: the speaker sees at once that the phones are no longer on this slide, instead of a green
 * dot that says all is well. Shown when this page's own move is refused, or when the server says its
 * store refuses (`store` event: a move made in the other window); gone once a move goes through (the
 * driver keeps offering the current one).
 */
export function showRoomNotFollowing(
  driver: SlideDriver,
  connection: LiveConnection,
  parent: HTMLElement = document.body,
): () => void {
  const notice = document.createElement('div');
  notice.className = 'room-not-following';
  notice.setAttribute('role', 'alert');
  notice.hidden = true;
  const title = document.createElement('strong');
  title.textContent = 'The room is not following';
  const detail = document.createElement('span');
  detail.textContent = 'The server cannot save the slide; phones stay where they were. Retrying…';
  notice.append(title, detail);
  parent.append(notice);
  let movesStored = true;
  let storeWorks = true;
  const update = () => {
    const following = movesStored && storeWorks;
    notice.hidden = following;
    document.body.dataset.roomFollowing = String(following);
  };
  const unsubscribe = driver.onFollowing((following) => {
    movesStored = following;
    // A move of ours went through: the store works, whatever it said before.
    if (following) storeWorks = true;
    update();
  });
  const onStore = ({ ok }: { ok: boolean }) => {
    storeWorks = ok;
    update();
  };
  // Every (re)connect brings a snapshot: what it shows is stored, so start from "working".
  const onSnapshot = () => onStore({ ok: true });
  connection.on('store', onStore);
  connection.on('snapshot', onSnapshot);
  return () => {
    unsubscribe();
    connection.off('store', onStore);
    connection.off('snapshot', onSnapshot);
    notice.remove();
  };
}
