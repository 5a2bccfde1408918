import type { PollPhase } from '../protocol.ts';
import { showMedia } from '../shared/deckSlides.ts';
import { setText } from '../shared/dom.ts';
import { fragmentSteps, showFragments } from '../shared/fragments.ts';
import type { TalkState } from '../shared/talkState.ts';
import type { SlideCard } from './card.ts';
import { forgetChangingLines, markChangingLines } from './codeStepAhead.ts';
import { swallowTapsOnComingSteps } from './comingStepTaps.ts';
import { scrollTargetFor, type Viewport } from './keepInView.ts';

export interface Follower {
  /** Re-reads the talk state: which cards show, which is live, where to scroll. */
  update(): void;
  /**
   * Something just happened in a card (a ballot saved, the answer revealed, a rating saved): brings
   * it into view, unless the person scrolled away from the live slide to read something else.
   */
  moment(element: HTMLElement, cause: 'mine' | 'talk'): void;
  /** Scrolls to the live slide and follows it again. */
  backToLive(): void;
}

/** Space kept between a card and the sticky header, and under a moment at the bottom of the screen. */
const MARGIN = 12;
/** The feed never ends closer than this under its last card (room for "back to live"). */
const MIN_ROOM_BELOW = 96;

/**
 * The feed follows the live slide. Every slide the talk has reached stays in the feed, so a phone
 * can scroll back through them; once the person scrolls the live slide out of view, the feed stops
 * pulling them along and a "back to live" button appears. The live slide shows only the fragments
 * the speaker has revealed; future slides are not shown (a slide whose poll is open is, so the
 * question appears at once even when the speaker opens it early).
 *
 * While the person follows, the live card sits near the top of the screen and whatever just
 * appeared in it (the next fragment, "saved", right or wrong and why) is scrolled into view: on a
 * phone the new thing is otherwise below the fold, where nobody looks.
 */
export function followTalk(
  cards: SlideCard[],
  state: TalkState,
  button: HTMLButtonElement,
  feed: HTMLElement,
): Follower {
  let reached = -1;
  let liveCard: SlideCard | null = null;
  let liveStep = -1;
  /** The person scrolled by themselves since the feed last moved them. */
  let wandered = false;
  /** Where a smooth scroll of ours is heading; "already in view" is judged there, not mid-flight. */
  let aimedAt: number | null = null;
  // Browsers without `scrollend` (older Safari) forget the aim after this; a glide is over well within it.
  let aimTimer: ReturnType<typeof setTimeout> | undefined;
  const phases = new Map<string, PollPhase>();
  /** The fragment step each card shows (Infinity: all of them), so unchanged cards are not touched. */
  const shownStep = new Map<SlideCard, number>();

  const byKey = new Map(cards.map((card) => [card.slide.key, card]));
  /**
   * The card after the live one, laid out in its place but not visible (`is-next`): when the talk
   * moves on to it, showing it costs a repaint, not a layout of its text, code and diagram on the
   * phone's slow CPU while the person waits.
   */
  let nextCard: SlideCard | null = null;
  /**
   * The card the talk just left keeps its own layer (`was-live`) until the phone is idle: dropping it
   * in the move would re-layer and re-commit the page in the very frame that shows the new card.
   */
  let leftCard: SlideCard | null = null;
  // Asked once: a query per scroll would be parsed again on every frame of a glide.
  const motion = matchMedia('(prefers-reduced-motion: reduce)');
  const reducedMotion = () => motion.matches;
  const bar = document.querySelector<HTMLElement>('.aud-bar');
  const header = () => bar?.offsetHeight ?? 0;
  const room = feed.parentElement ?? feed;

  const inView = (card: SlideCard | null): boolean => {
    if (!card || card.element.hidden) return false;
    const rect = card.element.getBoundingClientRect();
    return rect.bottom > header() + 24 && rect.top < innerHeight - 24;
  };

  /**
   * Room under the last card, so that card can still be brought near the top: without it the feed
   * ends there and the live card, usually the last one, is stuck low on the screen.
   */
  const makeRoomBelow = () => {
    const last = cards.findLast((card) => !card.element.hidden && card !== nextCard);
    const height = last?.element.offsetHeight ?? 0;
    // The next card, laid out unseen under the last one, is room already.
    const unseen = nextCard && nextCard.index > (last?.index ?? -1) ? nextCard.element.offsetHeight : 0;
    // The card's top can then reach header + MARGIN, where the feed aims it.
    const needed = Math.max(MIN_ROOM_BELOW - unseen, innerHeight - header() - MARGIN - height - unseen, 0);
    // The padding itself, not a custom property: an inherited value changed on the feed's parent
    // would restyle every card in it, on every slide change.
    const padding = `calc(${Math.ceil(needed)}px + env(safe-area-inset-bottom))`;
    if (room.style.paddingBottom !== padding) room.style.paddingBottom = padding;
  };

  const viewport = (): Viewport => ({
    scrollY: aimedAt ?? scrollY,
    top: header() + MARGIN,
    height: innerHeight,
    bottomMargin: MARGIN,
  });
  const scrollToY = (y: number | null, instant = false) => {
    if (y === null) return;
    const max = document.documentElement.scrollHeight - innerHeight;
    const target = Math.max(0, Math.min(max, y));
    if (Math.abs(target - (aimedAt ?? scrollY)) < 2) return;
    if (instant || reducedMotion()) {
      aimedAt = null;
      scrollTo({ top: target, behavior: 'instant' });
      return;
    }
    // A long way off (a phone that joined late, a speaker who skipped ahead): jump to a screen away,
    // then glide, so the last stretch is seen moving but it never takes seconds.
    const from = scrollY;
    const glide = innerHeight * 0.75;
    if (Math.abs(target - from) > 2 * glide)
      scrollTo({ top: target - Math.sign(target - from) * glide, behavior: 'instant' });
    aimedAt = target;
    clearTimeout(aimTimer);
    aimTimer = setTimeout(() => (aimedAt = null), 1500);
    scrollTo({ top: target, behavior: 'smooth' });
  };
  addEventListener('scrollend', () => (aimedAt = null));

  /** What the feed last brought into view for a person who follows: kept there while the page settles. */
  let anchor: { card: SlideCard; part?: Element } | null = null;

  /** Shows a card near the top, and `part` of it (if given) whole, or as much of it as fits. */
  const bring = (card: SlideCard, part?: Element, instant = false) => {
    anchor = { card, ...(part ? { part } : {}) };
    makeRoomBelow();
    const page = (element: Element) => {
      const rect = element.getBoundingClientRect();
      return { top: rect.top + scrollY, bottom: rect.bottom + scrollY };
    };
    scrollToY(scrollTargetFor(viewport(), page(card.element), part ? page(part) : undefined), instant);
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
    // Written only when it changes: a write restyles the page on the next frame even when equal.
    const hidden = !pollCard && !away;
    if (button.hidden !== hidden) button.hidden = hidden;
    setText(button, pollCard ? 'Poll open · vote ↓' : 'Back to live ↓');
    const target = pollCard?.slide.key ?? liveCard?.slide.key ?? '';
    if (button.dataset.target !== target) button.dataset.target = target;
  };

  /** The fragments the last step showed, as one box: the new part of the live slide. */
  const newestStep = (card: SlideCard, step: number): Element | undefined => {
    const shown = cardSteps(card)[step]?.filter((fragment) => fragment.offsetHeight > 0) ?? [];
    if (shown.length === 0) return undefined;
    // A code step lights lines inside its block: the block is what to show.
    const pre = shown[0]!.closest('pre');
    return pre ?? (shown.length === 1 ? shown[0] : (shown[0]!.parentElement ?? undefined));
  };

  /** Cards whose images have their URLs back: a card is given them once, when the talk first shows it. */
  const mediaShown = new Set<SlideCard>();
  const showMediaOnce = (card: SlideCard) => {
    if (mediaShown.has(card)) return;
    showMedia(card.section);
    mediaShown.add(card);
  };
  /** Each card's fragment steps, found once: a card's fragments never change. */
  const stepsOf = new Map<SlideCard, HTMLElement[][]>();
  const cardSteps = (card: SlideCard) => {
    let steps = stepsOf.get(card);
    if (!steps) {
      steps = fragmentSteps(card.section);
      stepsOf.set(card, steps);
    }
    return steps;
  };
  /**
   * A card's next step, laid out ahead of time under a cover of faint bars (`is-coming`, see
   * audience.css): when the speaker reveals it, the compositor alone takes the cover away, instead of
   * the phone laying the card out and painting all of it again, and nothing under it moves. A step
   * taller than this (a picture, a diagram, a long code block) would be a cover that size: it is laid
   * out when it is shown instead, as before.
   */
  const COMING_MAX_HEIGHT = 240;
  /** Per card, its coming step's fragments and the code lines that step lights or dims (codeStepAhead.ts). */
  const coming = new Map<SlideCard, { fragments: HTMLElement[]; lines: HTMLElement[] }>();
  swallowTapsOnComingSteps();
  const forgetComing = (card: SlideCard) => {
    const ahead = coming.get(card);
    if (!ahead) return;
    for (const fragment of ahead.fragments) {
      fragment.classList.remove('is-coming');
      fragment.removeAttribute('aria-hidden');
    }
    forgetChangingLines(ahead.lines);
    coming.delete(card);
  };
  const prepareStep = (card: SlideCard | null) => {
    if (!card) return;
    const next = cardSteps(card)[(shownStep.get(card) ?? -1) + 1];
    if (coming.get(card)?.fragments === next) return;
    forgetComing(card);
    if (!next) return;
    for (const fragment of next) {
      fragment.classList.add('is-coming');
      // Unseen, so not read out either, until the speaker reveals it.
      fragment.setAttribute('aria-hidden', 'true');
    }
    coming.set(card, { fragments: next, lines: markChangingLines(next) });
    // Measured at idle, where a layout costs the person nothing.
    const height = next.reduce((sum, fragment) => sum + fragment.offsetHeight, 0);
    if (height > COMING_MAX_HEIGHT) forgetComing(card);
  };

  const setStep = (card: SlideCard, step: number) => {
    const steps = cardSteps(card);
    // "All of them" and "the last one" look the same: a card without fragments is never walked again.
    const shown = Math.min(step, steps.length - 1);
    if (shownStep.get(card) === shown) return;
    showFragments(card.section, shown, steps);
    shownStep.set(card, shown);
    for (const fragment of coming.get(card)?.fragments ?? [])
      if (fragment.classList.contains('visible')) fragment.removeAttribute('aria-hidden');
  };

  /**
   * The chip says "live" on the live card. A card a move touches has it armed (a layer of its own), so
   * leaving the card fades the chip on the compositor; the prepared card has it on already, unseen
   * with the card, so going live changes nothing in the card but its opacity.
   */
  const showChip = (card: SlideCard, live: boolean) => {
    const chip = card.chip.classList;
    if (live) {
      if (!chip.contains('is-on')) chip.add('is-armed', 'is-on');
    } else if (chip.contains('is-on')) chip.remove('is-on');
  };
  /** A card no move touches any more gives its layers back (the live card keeps its chip). */
  const release = (card: SlideCard | null) => {
    if (!card) return;
    card.element.classList.remove('was-live');
    if (card !== liveCard) {
      card.chip.classList.remove('is-armed', 'is-on');
      forgetComing(card);
    }
  };

  const isPollShown = (card: SlideCard): boolean => {
    const poll = card.pollId ? state.poll(card.pollId) : undefined;
    return !!poll && poll.phase !== 'closed';
  };

  /** Lays out the card after the live one, hidden, while the phone has nothing else to do. */
  const prepareNext = () => {
    release(leftCard);
    leftCard = null;
    prepareStep(liveCard);
    const candidate = liveCard ? (cards[liveCard.index + 1] ?? null) : null;
    if (nextCard && nextCard !== candidate) {
      nextCard.element.classList.remove('is-next', 'is-shielded');
      nextCard.element.removeAttribute('aria-hidden');
      release(nextCard);
      if (nextCard.index > reached && !isPollShown(nextCard)) nextCard.element.hidden = true;
    }
    nextCard = candidate?.element.hidden ? candidate : null;
    if (!nextCard) return;
    // As it will be when the speaker reaches it: none of its fragments yet, its chip on. Not its
    // pictures: a phone loads those only once the talk reaches the slide, not for a slide that may be skipped.
    setStep(nextCard, -1);
    prepareStep(nextCard);
    showChip(nextCard, true);
    nextCard.element.classList.add('is-next', 'is-shielded');
    // Not read out either: it is the future.
    nextCard.element.setAttribute('aria-hidden', 'true');
    nextCard.element.hidden = false;
    makeRoomBelow();
  };
  /**
   * Runs `task` once the phone is idle, a little after the change that asked for it; asked again before
   * then, it waits again. One per kind of work: a step right after a move must not cancel the move's.
   */
  const idleTask = (task: () => void) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    return () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        if ('requestIdleCallback' in window) requestIdleCallback(task, { timeout: 1000 });
        else task();
      }, 50);
    };
  };
  const schedulePrepare = idleTask(() => prepareNext());
  /** Lays out the live card's next step ahead once the phone is idle after a step. */
  const scheduleStep = idleTask(() => prepareStep(liveCard));

  /**
   * A slide change's measuring and scrolling, left to the frame after the one that shows the new card:
   * measured in the move itself, the page would be laid out in the middle of the script and again for
   * the room and the scroll, all before the person sees the card. One frame later the glide starts.
   */
  let pendingPlace: (() => void) | null = null;
  const flushPlace = () => {
    const place = pendingPlace;
    pendingPlace = null;
    place?.();
  };
  const placeAfterShown = (place: () => void, then: () => void) => {
    pendingPlace = place;
    requestAnimationFrame(() =>
      requestAnimationFrame(() => {
        if (pendingPlace === place) flushPlace();
        then();
      }),
    );
  };

  /** Cards with a quiz: an open poll shows its card before the talk reaches it. */
  const pollCards = cards.filter((card) => card.pollId);

  /** Brings one card up to date: shown or not, live or not, its fragments. */
  const refresh = (card: SlideCard, live: SlideCard | null, step: number) => {
    const poll = card.pollId ? state.poll(card.pollId) : undefined;
    const shown = card.index <= reached || (!!poll && poll.phase !== 'closed');
    // The prepared card stays laid out, unseen, until the talk reaches it.
    if (card === nextCard && !shown) return;
    const isLive = card === live;
    if (card === nextCard) {
      card.element.classList.remove('is-next');
      card.element.removeAttribute('aria-hidden');
      // The live card's shield goes in the frame after it shows (below); any other card (its poll opened
      // early) is tapped at once, and shows no chip.
      if (!isLive) {
        card.element.classList.remove('is-shielded');
        card.chip.classList.remove('is-armed', 'is-on');
      }
      nextCard = null;
    }
    // Only what changed is written: a slide change then restyles two cards, not the whole feed.
    if (card.element.hidden === shown) card.element.hidden = !shown;
    if (!shown) return;
    showMediaOnce(card);
    if (card.element.classList.contains('is-live') !== isLive) card.element.classList.toggle('is-live', isLive);
    showChip(card, isLive);
    setStep(card, isLive ? step : Infinity);
  };

  const update = () => {
    const position = state.slide;
    if (!position) return;
    // A placement still waiting for its frame comes first: what follows is judged from where it leaves the page.
    flushPlace();
    const wasFollowing = following();
    const live = byKey.get(`${position.h}.${position.v}`) ?? null;
    const firstUnreached = reached + 1;
    if (live) reached = Math.max(reached, live.index);

    // Only the cards this change can touch: those with a poll, those just reached, the live card before
    // and after, the prepared one. A move costs the same on slide 50 as on slide 2.
    const newlyOpen: SlideCard[] = [];
    const touched = new Set<SlideCard>();
    for (const card of pollCards) {
      const poll = state.poll(card.pollId!);
      if (poll && poll.phase === 'open' && phases.get(poll.id) !== 'open') newlyOpen.push(card);
      if (poll) phases.set(poll.id, poll.phase);
      touched.add(card);
    }
    for (let index = firstUnreached; index <= reached; index++) touched.add(cards[index]!);
    for (const card of [liveCard, live, nextCard]) if (card) touched.add(card);
    const placed = liveCard !== null;
    const moved = live !== liveCard;
    /**
     * The card the talk left loses its live look (and shows all its steps) in the frame after the one
     * that shows the new card, with the scroll: the person looks for what is new, and the phone draws
     * that first. Until then both cards wear the look, for one frame.
     */
    const leaving = moved && placed ? liveCard : null;
    for (const card of touched) if (card !== leaving) refresh(card, live, position.f);
    liveCard = live;
    const leave = () => {
      if (!leaving || leaving === liveCard) return;
      refresh(leaving, liveCard, liveStep);
      if (leaving.element.hidden) return;
      const older = leftCard;
      leftCard = leaving;
      leftCard.element.classList.add('was-live');
      release(older);
    };
    const stepped = !moved && !!live && position.f > liveStep;
    const stepChanged = !moved && position.f !== liveStep;
    liveStep = position.f;
    const target = wasFollowing ? (newlyOpen[0] ?? (moved ? live : null)) : null;
    if (target) {
      wandered = false;
      // Kept in view from now on, also by a resize in the frame that shows it.
      anchor = { card: target };
    }
    const place = () => {
      leave();
      // The live card's tap shield goes now that the person can see the card (prepareNext put it there).
      if (live && live === liveCard) live.element.classList.remove('is-shielded');
      makeRoomBelow();
      if (target) {
        // The first placement lands at once: the person was shown this slide already, not the way to it.
        bring(target, undefined, !placed);
      } else if (wasFollowing && stepped && live) {
        const part = newestStep(live, position.f);
        if (part) bring(live, part);
      }
      updateButton();
    };
    // A step too is measured and scrolled to once it shows: its new bullet is laid out by the frame itself.
    if (moved && placed) placeAfterShown(place, schedulePrepare);
    else if (stepped) placeAfterShown(place, scheduleStep);
    else {
      place();
      if (moved) schedulePrepare();
      else if (stepChanged) scheduleStep();
    }
  };

  const moment = (element: HTMLElement, cause: 'mine' | 'talk') => {
    const card = cards.find((c) => c.element.contains(element));
    if (!card || card.element.hidden) return;
    // The reply to their own tap on a card they are looking at, or news on the live slide they follow.
    const looking = cause === 'mine' ? inView(card) : card === liveCard && following();
    if (!looking) return;
    bring(card, element);
    updateButton();
  };

  // Pictures and fonts arriving above the live card push it down after the feed scrolled to it:
  // while the person follows, scroll again to where the feed meant them to be. In the next frame, not
  // in the observer's own callback: there it would lay the page out a second time in the frame that
  // shows a new step, before the person sees it.
  let resized = 0;
  new ResizeObserver(() => {
    if (resized) return;
    resized = requestAnimationFrame(() => {
      resized = 0;
      makeRoomBelow();
      if (anchor && !wandered && !anchor.card.element.hidden) bring(anchor.card, anchor.part);
    });
  }).observe(feed);

  // Only the person's own gestures count as wandering off; the feed's smooth scrolls do not.
  const wander = () => {
    wandered = true;
    aimedAt = null;
    anchor = null;
  };
  addEventListener('touchmove', wander, { passive: true });
  addEventListener('wheel', wander, { passive: true });
  addEventListener('keydown', (event) => {
    if (['ArrowUp', 'ArrowDown', 'PageUp', 'PageDown', 'Home', 'End', ' '].includes(event.key)) wander();
  });
  addEventListener('resize', makeRoomBelow);
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
    if (target) bring(target);
  };
  button.addEventListener('click', backToLive);

  return { update, moment, backToLive };
}
