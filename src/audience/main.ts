/**
 * The phone page, opened from the QR code: follows the live slide, votes, rates.
 * No reveal.js, no Mermaid, no schema library: the slides come pre-rendered from the deck page and
 * the wire is a plain WebSocket (socket.io-client comes only as a fallback, loaded when needed), so a
 * phone on a crowded access point has little to download.
 */
// Every theme's variables (so `?theme=` works), with the phone's own fonts instead of webfonts.
import '../../themes/dark.css';
import '../../themes/light.css';
import '../../themes/contrast.css';
import '../../themes/phoneFonts.css';
import '../../themes/slides.css';
import '../../themes/badge.css';
import '../../themes/audience.css';
import '../../themes/audienceRoom.css';
import '../../themes/pointer.css';
import { isolateText } from '../shared/bidi.ts';
import { showConnection } from '../shared/connectionBadge.ts';
import { type DeckSlide, loadDeckSlides } from '../shared/deckSlides.ts';
import { deckIdOf, el } from '../shared/dom.ts';
import { showFragments } from '../shared/fragments.ts';
import { connectLive } from '../shared/liveConnection.ts';
import { pointerLayer } from '../shared/pointerLayer.ts';
import { type TalkChange, TalkState } from '../shared/talkState.ts';
import { applyThemeOverride } from '../shared/theme.ts';
import { slideCard } from './card.ts';
import { type Follower, followTalk } from './follow.ts';
import { questionsPanel } from './questions.ts';
import { ratingCard } from './rating.ts';
import { roomDock } from './roomDock.ts';
import { type MomentListener, type QuizCard, quizCard } from './vote.ts';
import { watchWideDiagrams } from './wideDiagrams.ts';

applyThemeOverride();
// The feed decides where to scroll after a reload (the live slide), not the browser's memory of it.
history.scrollRestoration = 'manual';

const deck = deckIdOf();
const app = document.getElementById('app')!;
const badge = document.querySelector<HTMLElement>('.aud-badge')!;
document.querySelector('.aud-title')?.setAttribute('dir', 'auto');
const state = new TalkState();
const connection = connectLive({ deck, role: 'audience', state });
showConnection(badge, connection.status);
document.body.dataset.connection = connection.status.state;
connection.onStatus((status) => {
  showConnection(badge, status);
  document.body.dataset.connection = status.state;
  if (status.state === 'refused' && !state.ready)
    showMessage(
      status.reason === 'unknown-deck' ? 'This talk is not live right now.' : 'This page cannot join the talk.',
    );
});

function showMessage(text: string, retry?: () => void): void {
  app.replaceChildren(
    el('div', { class: 'aud-message' }, [
      el('p', { text }),
      retry ? el('button', { class: 'aud-retry', text: 'Try again', attrs: { type: 'button' } }) : null,
    ]),
  );
  app.querySelector('.aud-retry')?.addEventListener('click', () => retry?.());
}

/**
 * The live card the server drew into the page (server/http/joinPage.ts), already on screen before this
 * script ran: it is kept as it is, given the feed's text directions, until the socket is up and the
 * rest of the deck has arrived. Its quiz stays as the deck draws it until the feed, with the phone's
 * own controls, takes its place.
 */
function adoptServedCard(): boolean {
  const card = app.querySelector<HTMLElement>('.aud-card.is-served');
  const section = card?.querySelector<HTMLElement>('section.slide');
  if (!card || !section) return false;
  isolateText(section);
  showFragments(section, Number(card.dataset.step));
  return true;
}
const servedSlide = adoptServedCard();

async function start(): Promise<void> {
  let slides: DeckSlide[];
  try {
    // A phone loads a slide's images only once the talk reaches it (see follow.ts).
    slides = await loadDeckSlides('../', 4, { deferMedia: true });
  } catch {
    showMessage('Could not load the slides. Check the wifi.', () => void start());
    return;
  }

  // The server already said no (the message is on screen): there is no talk to show.
  if (connection.status.state === 'refused') return;

  const quizzes = new Map<string, QuizCard>();
  let follower: Follower | null = null;
  const onMoment: MomentListener = (element, cause) => follower?.moment(element, cause);
  const rating = ratingCard(state, (score) => connection.request('rate', { score }), onMoment);
  const cards = slides.map((slide, index) =>
    slideCard(slide, index, slides.length, {
      quiz: (pollId) => {
        const card = quizCard(
          pollId,
          state,
          (id, choice) => connection.request('vote', { pollId: id, choice }),
          onMoment,
        );
        quizzes.set(pollId, card);
        return card.element;
      },
      rating: () => rating.element,
    }),
  );
  const feed = el(
    'ol',
    { class: 'aud-feed' },
    cards.map((card) => card.element),
  );
  watchWideDiagrams(feed);
  const toLive = el('button', { class: 'aud-to-live', text: 'Back to live ↓', attrs: { type: 'button' } });
  toLive.hidden = true;
  const waiting = el('p', { class: 'audience-loading', text: 'Joining the talk…' });
  // The served slide stays until the feed can show the live card itself (the talk's snapshot is in).
  let mounted = false;
  const mount = () => {
    if (mounted) return;
    mounted = true;
    app.replaceChildren(waiting, feed, toLive);
  };
  if (!servedSlide || state.ready) mount();

  // ---------------------------------------------------------------- talking back
  const questions = questionsPanel(state, {
    ask: (text, name) => connection.request('question:ask', name.trim() ? { text, name } : { text }),
    upvote: (questionId, up) => connection.request('question:upvote', { questionId, up }),
  });
  const closeSheet = el('button', { class: 'aud-sheet-close', text: 'Back to the slides', attrs: { type: 'button' } });
  const sheet = el('div', { class: 'aud-sheet', attrs: { role: 'dialog', 'aria-label': 'Questions' } }, [
    questions.element,
    closeSheet,
  ]);
  sheet.hidden = true;
  const setSheet = (open: boolean) => {
    sheet.hidden = !open;
    document.body.classList.toggle('aud-sheet-open', open);
    if (open) questions.render();
  };
  closeSheet.addEventListener('click', () => setSheet(false));
  const dock = roomDock(state, {
    react: (reaction) => connection.emit('react', { reaction }),
    lost: async (h, v, lost) => {
      const reply = await connection.request('lost:set', { h, v, lost });
      if (reply.ok) state.recordLost(reply.h, reply.v, reply.lost);
      return reply.ok;
    },
    openQuestions: () => setSheet(sheet.hidden),
  });
  document.body.append(sheet, dock.element);

  // The speaker's pointer, over the live card's slide. It joins that card only when the speaker
  // points: a slide change then leaves the page's other elements alone.
  const pointer = pointerLayer();
  let pointerSlide = '';
  const placePointer = () => {
    const slide = state.slide;
    const key = slide ? `${slide.h}.${slide.v}` : '';
    if (key === pointerSlide) return;
    pointerSlide = key;
    if (pointer.element.isConnected) {
      pointer.clear();
      pointer.element.remove();
    }
  };
  connection.on('pointer', (position) => {
    if (`${position.h}.${position.v}` !== pointerSlide) return;
    if (!pointer.element.isConnected)
      cards
        .find((c) => c.slide.key === pointerSlide)
        ?.element.querySelector('.reveal')
        ?.append(pointer.element);
    pointer.show(position);
  });

  const following = followTalk(cards, state, toLive, feed);
  follower = following;
  const render = (change: TalkChange) => {
    if (!state.ready) return;
    mount();
    waiting.remove();
    if (change === 'snapshot' || change === 'slide' || change === 'poll') following.update();
    if (change === 'snapshot' || change === 'slide') placePointer();
    // A slide change leaves the quizzes and the rating as they are: their cards are not touched.
    if (change !== 'slide') {
      for (const quiz of quizzes.values()) quiz.update();
      rating.update();
    }
    dock.render();
    if (!sheet.hidden && (change === 'snapshot' || change === 'questions' || change === 'room')) questions.render();
  };
  state.subscribe(render);
  if (state.ready) render('snapshot');
}

void start();
