import type { PollPhase } from '../protocol.ts';
import { showFragments } from '../shared/fragments.ts';
import type { TalkState } from '../shared/talkState.ts';
import type { SlideCard } from './card.ts';

export interface Follower {
  /** Re-reads the talk state: which cards show, which is live, where to scroll. */
  update(): void;
  /** Scrolls to the live slide and follows it again. */
  backToLive(): void;
}

const reducedMotion = () => matchMedia('(prefers-reduced-motion: reduce)').matches;

/**
 * The feed follows the live slide. Every slide the talk has reached stays in the feed, so a phone
 * can scroll back through them; once the person scrolls the live slide out of view, the feed stops
 * pulling them along and a "back to live" button appears. The live slide shows only the fragments
 * the speaker has revealed; future slides are not shown (a slide whose poll is open is, so the
 * question appears at once even when the speaker opens it early).
 */
export function followTalk(cards: SlideCard[], state: TalkState, button: HTMLButtonElement): Follower {
  let reached = -1;
  let liveCard: SlideCard | null = null;
  /** The person scrolled by themselves since the feed last moved them. */
  let wandered = false;
  const phases = new Map<string, PollPhase>();

  const byKey = new Map(cards.map((card) => [card.slide.key, card]));
  const header = () => document.querySelector<HTMLElement>('.aud-bar')?.offsetHeight ?? 0;

  const inView = (card: SlideCard | null): boolean => {
    if (!card || card.element.hidden) return false;
    const rect = card.element.getBoundingClientRect();
    return rect.bottom > header() + 24 && rect.top < innerHeight - 24;
  };

  const scrollTo = (card: SlideCard) => {
    card.element.scrollIntoView({ block: 'start', behavior: reducedMotion() ? 'auto' : 'smooth' });
  };

  const following = () => !wandered || inView(liveCard);

  const openPollOffScreen = (): SlideCard | null => {
    for (const poll of state.allPolls) {
      const card = byKey.get(`${poll.slide.h}.${poll.slide.v}`);
      if (poll.phase === 'open' && card && !inView(card)) return card;
    }
    return null;
  };

  const updateButton = () => {
    const pollCard = openPollOffScreen();
    const away = !!liveCard && !inView(liveCard);
    button.hidden = !pollCard && !away;
    button.textContent = pollCard ? 'Poll open · vote ↓' : 'Back to live ↓';
    button.dataset.target = pollCard?.slide.key ?? liveCard?.slide.key ?? '';
  };

  const update = () => {
    const position = state.slide;
    if (!position) return;
    const wasFollowing = following();
    const live = byKey.get(`${position.h}.${position.v}`) ?? null;
    if (live) reached = Math.max(reached, live.index);

    const newlyOpen: SlideCard[] = [];
    for (const card of cards) {
      const poll = card.pollId ? state.poll(card.pollId) : undefined;
      if (poll && poll.phase === 'open' && phases.get(poll.id) !== 'open') newlyOpen.push(card);
      if (poll) phases.set(poll.id, poll.phase);
      card.element.hidden = !(card.index <= reached || (poll && poll.phase !== 'closed'));
      const isLive = card === live;
      card.element.classList.toggle('is-live', isLive);
      showFragments(card.section, isLive ? position.f : Infinity);
    }

    const moved = live !== liveCard;
    liveCard = live;
    if (wasFollowing) {
      const target = newlyOpen[0] ?? (moved ? live : null);
      if (target) {
        wandered = false;
        scrollTo(target);
      }
    }
    updateButton();
  };

  // Only the person's own gestures count as wandering off; the feed's smooth scrolls do not.
  const wander = () => (wandered = true);
  addEventListener('touchmove', wander, { passive: true });
  addEventListener('wheel', wander, { passive: true });
  addEventListener('keydown', (event) => {
    if (['ArrowUp', 'ArrowDown', 'PageUp', 'PageDown', 'Home', 'End', ' '].includes(event.key)) wander();
  });
  let frame = 0;
  addEventListener(
    'scroll',
    () => {
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        updateButton();
      });
    },
    { passive: true },
  );

  const backToLive = () => {
    const target = byKey.get(button.dataset.target ?? '') ?? liveCard;
    wandered = false;
    if (target) scrollTo(target);
  };
  button.addEventListener('click', backToLive);

  return { update, backToLive };
}
