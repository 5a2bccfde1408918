import { join, relative, resolve, sep } from 'node:path';
import { type Plugin, type ResolvedConfig, searchForWorkspaceRoot, type ViteDevServer } from 'vite';
import { CONTENT_SECURITY_POLICY } from '../../server/http/securityHeaders.ts';
import { DeckError } from '../compile/errors.ts';
import type { DeckManifest } from '../compile/manifest.ts';
import { type BrokenDeck, brokenDeck, describeBrokenDecks } from './brokenDecks.ts';
import { finishBuild } from './finishBuild.ts';
import type { LayoutRun } from './layout/checkBuild.ts';
import { watchDevLayout } from './layout/devLayout.ts';
import { deckWarnings } from './layout/layoutCheck.ts';
import { DeckLoader, describeNotices, type LoadedDeck, listDecks } from './loadDeck.ts';
import { MERMAID_BUNDLE } from './mermaidBundle.ts';
import { PACKAGE_ROOT } from './packageRoot.ts';
import { joinChooserPage, libraryPage } from './pages/libraryPage.ts';
import { LECTERN_MODULES } from './pages/shell.ts';
import { DECK_PAGES, type PageName } from './pages/talkPages.ts';
import { deckFileOf, type PreparedDecks, prepareDecks } from './prepareDecks.ts';
import { stylesheetsFirst } from './stylesheetsFirst.ts';

export interface LecternPluginOptions {
  /** Folder of decks, one sub-folder each. @defaultValue `<root>/slides` */
  slidesDir?: string;
  /** Called once per deck and build with how its diagrams were drawn. */
  onDeck?: (deck: LoadedDeck) => void;
  /**
   * Lay every built deck out in the browser and report what overflows its slide.
   * @defaultValue true
   */
  layoutCheck?: boolean;
  /**
   * Fail the build when something overflows (or when no browser can check). `lectern build --strict`
   * sets it; a plain `vite build` takes `LECTERN_STRICT=1`. @defaultValue `process.env.LECTERN_STRICT === '1'`
   */
  strict?: boolean;
  /** Called once per build with what the layout check found. */
  onLayout?: (run: LayoutRun) => void;
  /**
   * Called once per build with the decks left out because they do not build (the others are built).
   * `lectern build` and `start` print them their own way.
   */
  onBrokenDecks?: (broken: BrokenDeck[], built: number) => void;
  /**
   * Fail the build (after writing the good decks) when a deck is broken, with one message per deck.
   * @defaultValue true
   */
  failOnBrokenDecks?: boolean;
  /**
   * The decks of a build, loaded before Vite started (`lectern build` loads them first to see whether the
   * last build can be reused). Whoever passes them also finishes the build (`finishBuild`: broken decks,
   * notices, the layout check) and closes their loader; without them the build loads the decks itself and
   * finishes in `closeBundle`. @defaultValue none
   */
  prepared?: PreparedDecks;
}

/** Which page a root-relative path names: the library, or one of a deck's pages. */
function routeOf(path: string, decks: string[]): { deck: string | null; page: PageName } | null {
  const clean = path.split(/[?#]/)[0]!.replace(/^\/+/, '').replace(/\/$/, '/index.html');
  if (clean === '' || clean === 'index.html') return { deck: null, page: 'index.html' };
  if (clean === 'join/index.html') return { deck: null, page: 'join/index.html' };
  const [deck, ...rest] = decodeURIComponent(clean).split('/');
  const page = (rest.length ? rest.join('/') : 'index.html') as PageName;
  if (!deck || !decks.includes(deck) || !(page in DECK_PAGES)) return null;
  return { deck, page };
}

const ERROR_MODULE = '/@lectern/deck-error.js';
/** The URL of Mermaid's bundle for diagrams the build could not draw, or null (see `load`). */
const MERMAID_FALLBACK = 'virtual:lectern/mermaid-fallback';

/**
 * Turns every `slides/<deck>/deck.md` into pages: the library at `/`, and per deck the
 * projected deck, the phone page and the speaker view. The pages exist only in memory;
 * Vite bundles what they reference as if they were files under the project root.
 */
export function lectern(options: LecternPluginOptions = {}): Plugin {
  let root = process.cwd();
  let slidesDir = '';
  let outDir = '';
  let building = false;
  let buildFailed = false;
  let loader: DeckLoader;
  const loaded = new Map<string, Promise<LoadedDeck>>();
  /** The last failure of each page, shown by Vite's overlay through the error module. */
  const pageErrors = new Map<string, DeckError>();
  /** In a build, the decks that load (and are built) and those that do not (and are reported), known before Vite starts. */
  let built: string[] | null = null;
  let broken: BrokenDeck[] = [];

  const decks = () => built ?? listDecks(slidesDir);
  /** A deck's file as messages name it: from the project root, or absolute when the slides live elsewhere. */
  const deckFile = (id: string) => deckFileOf(root, slidesDir, id);
  const loadDeck = (id: string) => {
    let deck = loaded.get(id);
    if (!deck) {
      deck = loader.load(id).then((result) => {
        options.onDeck?.(result);
        // A build tells them all at its end; the dev server as each deck is (re)loaded.
        if (!building && result.notices.length) console.warn(describeNotices(result.notices));
        return result;
      });
      loaded.set(id, deck);
      deck.catch(() => loaded.delete(id));
    }
    return deck;
  };
  /** Every deck, loaded: the manifests of those that build, and the faults of those that do not. */
  const loadAll = async () => {
    const manifests: DeckManifest[] = [];
    const faults: BrokenDeck[] = [];
    for (const id of listDecks(slidesDir)) {
      try {
        manifests.push((await loadDeck(id)).manifest);
      } catch (error) {
        faults.push(brokenDeck(id, deckFile(id), error));
      }
    }
    return { manifests, faults };
  };
  const pageHtml = async (route: { deck: string | null; page: PageName }) => {
    if (route.deck === null) {
      const { manifests, faults } = await loadAll();
      return route.page === 'join/index.html' ? joinChooserPage(manifests) : libraryPage(manifests, faults);
    }
    return DECK_PAGES[route.page](await loadDeck(route.deck));
  };
  const virtualPath = (route: string) => join(root, route);

  return {
    name: 'lectern',
    enforce: 'pre',

    async config(config, env) {
      root = resolve(config.root ?? process.cwd());
      slidesDir = options.slidesDir ?? join(root, 'slides');
      building = env.command === 'build';
      if (building) {
        // Each deck is compiled before Vite starts, so a broken one is left out of the bundle (and told
        // once) rather than failing every page of the build.
        const prepared = options.prepared ?? (await prepareDecks(root, slidesDir, options.onDeck));
        loader = prepared.loader;
        for (const deck of prepared.decks) loaded.set(deck.manifest.id, Promise.resolve(deck));
        built = prepared.decks.map((deck) => deck.manifest.id);
        broken = prepared.broken;
      }
      const input: Record<string, string> = {
        library: virtualPath('index.html'),
        join: virtualPath(join('join', 'index.html')),
      };
      for (const deck of decks()) {
        for (const page of Object.keys(DECK_PAGES)) input[`${deck}/${page}`] = virtualPath(join(deck, page));
      }
      // lectern's page scripts may live outside the talk folder (a linked or global install): Vite may serve them too.
      const outside = relative(root, PACKAGE_ROOT).startsWith('..');
      return {
        build: { rollupOptions: { input } },
        ...(outside ? { server: { fs: { allow: [searchForWorkspaceRoot(root), PACKAGE_ROOT] } } } : {}),
      };
    },

    configResolved(config: ResolvedConfig) {
      root = config.root;
      outDir = resolve(root, config.build.outDir);
      building = config.command === 'build';
      loader ??= new DeckLoader(root, slidesDir);
    },

    buildEnd(error) {
      if (error) buildFailed = true;
    },

    // After Vite has put the built scripts and stylesheets in: the phone pages ask for their styles first.
    transformIndexHtml: {
      order: 'post',
      handler: (html, context) =>
        building && /\/join\/index\.html$/.test(context.path) ? stylesheetsFirst(html) : html,
    },

    resolveId(id) {
      if (id.startsWith(ERROR_MODULE)) return id;
      if (id === MERMAID_FALLBACK) return `\0${MERMAID_FALLBACK}`;
      if (id.startsWith(`${LECTERN_MODULES}/`))
        return join(PACKAGE_ROOT, id.slice(LECTERN_MODULES.length).split('?')[0]!);
      if (id.endsWith('.html') && id.startsWith(root) && routeOf(relative(root, id).split(sep).join('/'), decks()))
        return id;
      return null;
    },

    async load(id) {
      if (id === `\0${MERMAID_FALLBACK}`) {
        // Mermaid's bundle is 5.5 MB of dist/: a build ships it only when a
        // deck has a diagram it could not draw. `lectern dev` always serves it, as a save may need it.
        const decksBuilt = building ? await Promise.all(decks().map(loadDeck)) : [];
        const needed = !building || decksBuilt.some((deck) => deck.diagramReport.lazy > 0);
        return needed ? `export { default } from ${JSON.stringify(`${MERMAID_BUNDLE}?url`)};` : 'export default null;';
      }
      if (id.startsWith(ERROR_MODULE)) {
        const error = pageErrors.get(new URLSearchParams(id.split('?')[1]).get('page') ?? '');
        if (error)
          throw Object.assign(new Error(error.message), {
            id: join(root, error.file),
            loc: { file: join(root, error.file), line: error.line, column: 1 },
          });
        return 'export {}';
      }
      if (!id.endsWith('.html') || !id.startsWith(root)) return null;
      const route = routeOf(relative(root, id).split(sep).join('/'), decks());
      if (!route) return null;
      try {
        return await pageHtml(route);
      } catch (error) {
        if (error instanceof DeckError)
          this.error({
            message: error.message,
            id: join(root, error.file),
            loc: { file: join(root, error.file), line: error.line, column: 1 },
          });
        throw error;
      }
    },

    async generateBundle() {
      for (const id of decks()) {
        const deck = await loadDeck(id);
        this.emitFile({
          type: 'asset',
          fileName: `${id}/manifest.json`,
          source: JSON.stringify(deck.manifest, null, 2),
        });
      }
    },

    async closeBundle() {
      if (options.prepared) return;
      try {
        if (!building || buildFailed) return;
        const failure = await finishBuild({
          loader,
          outDir,
          decks: await Promise.all(decks().map(loadDeck)),
          broken,
          deckFile,
          layoutCacheFile: join(root, '.lectern', 'layout-check.json'),
          layoutCheck: options.layoutCheck !== false,
          strict: options.strict ?? process.env.LECTERN_STRICT === '1',
          ...(options.onLayout ? { onLayout: options.onLayout } : {}),
        });
        if (failure) this.error(failure);
      } finally {
        await loader?.close();
      }
      if (!building || buildFailed || broken.length === 0) return;
      options.onBrokenDecks?.(broken, decks().length);
      if (options.failOnBrokenDecks ?? true) this.error(describeBrokenDecks(broken, decks().length));
    },

    configureServer(server: ViteDevServer) {
      server.watcher.add(slidesDir);
      const reload = (file: string) => {
        if (!file.startsWith(slidesDir) || file.includes(`${sep}.diagrams${sep}`)) return;
        loaded.clear();
        server.ws.send({ type: 'full-reload' });
      };
      server.watcher.on('change', reload);
      server.watcher.on('add', reload);
      server.watcher.on('unlink', reload);
      server.httpServer?.on('close', () => void loader.close());
      watchDevLayout(server, {
        root,
        browser: () => loader.browser(),
        deckFile,
        decks,
        compiledWarnings: async (id) => deckWarnings(id, (await loadDeck(id)).warnings),
      });

      server.middlewares.use(async (req, res, next) => {
        const url = req.url ?? '/';
        const manifest = /^\/([^/]+)\/manifest\.json$/.exec(url.split('?')[0]!);
        if (manifest && decks().includes(manifest[1]!)) {
          try {
            res.setHeader('Content-Type', 'application/json');
            res.end(JSON.stringify((await loadDeck(manifest[1]!)).manifest));
          } catch (error) {
            next(error);
          }
          return;
        }
        const route = routeOf(url, decks());
        if (!route || (req.method !== 'GET' && req.method !== 'HEAD')) return next();
        const pageKey = `${route.deck ?? ''}/${route.page}`;
        let html: string;
        try {
          html = await pageHtml(route);
          pageErrors.delete(pageKey);
        } catch (error) {
          if (!(error instanceof DeckError)) return next(error);
          // A module that fails to load is what Vite's overlay reports, so the page loads one that throws the deck's error.
          pageErrors.set(pageKey, error);
          const errorModule = `${ERROR_MODULE}?page=${encodeURIComponent(pageKey)}`;
          html = `<!doctype html><html><head><title>Deck error</title></head><body><pre>${error.message.replace(/</g, '&lt;')}</pre><script type="module" src="${errorModule}"></script></body></html>`;
        }
        res.setHeader('Content-Type', 'text/html; charset=utf-8');
        // The policy `lectern start` sends, so a script in a slide runs no more while writing than on the day.
        res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
        res.end(await server.transformIndexHtml(url, html));
      });
    },
  };
}
