// French spell checking in the compose window, as a TipTap extension (spelling-extension.ts configures it for
// the JMAP client and brings its styles): after a pause in typing (800 ms) the
// paragraphs the server has not seen are sent to Spelling/check (spelling-pass.ts), and its answers underline
// the misspelled words (misspelling-decorations.ts). A right click, the context-menu key, Alt+Entrée on an
// underlined word, or F7 (next mistake) open its menu (spelling-menu.ts): a suggestion replaces the word,
// "Ignorer" drops that word's underlines for this message. While it works the browser's own spell check is
// off on the editor, so words are not underlined twice; on a server where spell checking is off it turns
// itself off and gives it back.

import { Extension } from '@tiptap/core';
import { Plugin, PluginKey, TextSelection } from '@tiptap/pm/state';
import { DecorationSet, type EditorView } from '@tiptap/pm/view';
import {
  buildDecorations,
  mapDecorations,
  misspellingAt,
  nextMisspelling,
  type MisspellingSpec,
} from './misspelling-decorations.ts';
import { createParagraphCache } from './paragraph-cache.ts';
import { checkableParagraphs } from './paragraph-text.ts';
import { createPauseTimer, PAUSE_MS } from './pause-timer.ts';
import { openSpellingMenu, type MenuItem, type SpellingMenu } from './spelling-menu.ts';
import { type PassOutcome, runSpellingPass, type SpellCheck } from './spelling-pass.ts';

/** The catalogue's `spelling.*` strings: react-i18next's `t` fits (values always given, `{}` for none). */
export type Translate = (key: string, values: Record<string, string>) => string;

export interface SpellingOptions {
  /** Sends a text to Spelling/check; undefined: no spell checking here, the browser's own stays. */
  check: SpellCheck | undefined;
  /** The server's bound on one call's text (session capability), in UTF-16 code units. */
  maxTextLength: number;
  translate: Translate;
  /** The pause in typing before a check (tests shorten it). */
  pauseMs: number;
}

interface SpellingState {
  readonly decorations: DecorationSet;
  /** false once the server said spell checking is off: the browser's own comes back. */
  readonly isActive: boolean;
}

type SpellingMeta =
  | { readonly type: 'redraw'; readonly decorations: DecorationSet }
  | { readonly type: 'off' };

export const spellingPluginKey = new PluginKey<SpellingState>('spelling');

/** Ask again this soon while the server loads its dictionary (a few seconds, once per process). */
const LOADING_RETRY_MS = 1_500;
/** After a failure, wait longer each time, up to a minute (the next pause in typing also tries). */
const FAILURE_RETRY_MS = [5_000, 15_000, 30_000, 60_000];

/** What the keyboard shortcuts reach: the menu of the plugin's view. */
interface SpellingController {
  openAtSelection(): boolean;
  openNext(): boolean;
}

export const Spelling = Extension.create<SpellingOptions, { controller: SpellingController | undefined }>({
  name: 'spelling',

  addOptions() {
    return { check: undefined, maxTextLength: 20_000, translate: (key) => key, pauseMs: PAUSE_MS };
  },

  addStorage() {
    return { controller: undefined };
  },

  addProseMirrorPlugins() {
    const { check, maxTextLength, translate, pauseMs } = this.options;
    // Without a server spell check the browser's own stays on (the editor's `spellcheck` is ours to set).
    if (check === undefined) return [new Plugin({ props: { attributes: { spellcheck: 'true' } } })];
    const storage = this.storage;
    return [
      spellingPlugin({ check, maxTextLength, translate, pauseMs }, (controller) => {
        storage.controller = controller;
      }),
    ];
  },

  addKeyboardShortcuts() {
    return {
      'Alt-Enter': () => this.storage.controller?.openAtSelection() ?? false,
      F7: () => this.storage.controller?.openNext() ?? false,
    };
  },
});

function spellingPlugin(
  options: { check: SpellCheck; maxTextLength: number; translate: Translate; pauseMs: number },
  register: (controller: SpellingController | undefined) => void,
): Plugin<SpellingState> {
  const { check, maxTextLength, translate } = options;
  const cache = createParagraphCache();
  /** Words the person chose to ignore in this message. */
  const ignored = new Set<string>();
  let view: EditorView | undefined;
  let menu: SpellingMenu | undefined;
  let isRunning = false;
  let isOff = false;
  let failures = 0;
  /** Whether the last pointer down was a finger: a tap on an underlined word opens its menu. */
  let isTouch = false;
  const timer = createPauseTimer(() => void pass(), options.pauseMs);

  const stateOf = (editorView: EditorView) => spellingPluginKey.getState(editorView.state);

  function redraw() {
    if (view === undefined) return;
    const current = stateOf(view);
    if (current === undefined || !current.isActive) return;
    const decorations = buildDecorations(
      view.state.doc,
      cache,
      ignored,
      current.decorations,
      translate('spelling.possibleMistake', {}),
    );
    const meta: SpellingMeta = { type: 'redraw', decorations };
    view.dispatch(view.state.tr.setMeta(spellingPluginKey, meta));
  }

  async function pass() {
    if (view === undefined || isOff || isRunning) return;
    isRunning = true;
    const texts = checkableParagraphs(view.state.doc).map((paragraph) => paragraph.text);
    let outcome: PassOutcome;
    try {
      outcome = await runSpellingPass(texts, { check, cache, maxTextLength });
    } catch {
      // A bug in the pass: treated as a failure, so a later pause tries again rather than never.
      outcome = 'failed';
    } finally {
      isRunning = false;
    }
    if (view === undefined) return;
    if (outcome === 'off') {
      isOff = true;
      menu?.close();
      const meta: SpellingMeta = { type: 'off' };
      view.dispatch(view.state.tr.setMeta(spellingPluginKey, meta));
      return;
    }
    redraw();
    if (outcome === 'loading') timer.poke(LOADING_RETRY_MS);
    else if (outcome === 'failed') {
      timer.poke(FAILURE_RETRY_MS[Math.min(failures, FAILURE_RETRY_MS.length - 1)]);
      failures++;
    } else {
      failures = 0;
      // Typed meanwhile: paragraphs the server has not seen yet.
      const unseen = checkableParagraphs(view.state.doc).some((paragraph) => !cache.has(paragraph.text));
      if (unseen && !timer.isWaiting) timer.poke();
    }
  }

  function openMenu(hit: { from: number; to: number; spec: MisspellingSpec }, isByKeyboard: boolean) {
    const editorView = view;
    const container = editorView?.dom.parentElement;
    if (editorView === undefined || container === null || container === undefined) return;
    menu?.close();
    const { word } = hit.spec;
    const replaceWith = (suggestion: string) => {
      // Only if the word is still there: the menu may have stayed open across an edit elsewhere.
      if (editorView.state.doc.textBetween(hit.from, hit.to) !== word) return;
      editorView.dispatch(editorView.state.tr.insertText(suggestion, hit.from, hit.to));
      editorView.focus();
    };
    const ignore: MenuItem = {
      label: translate('spelling.ignore', {}),
      onSelect: () => {
        ignored.add(word);
        redraw();
        editorView.focus();
      },
    };
    const itemsFor = (suggestions: readonly string[], note: string): MenuItem[] => [
      ...(suggestions.length > 0
        ? suggestions.map((suggestion) => ({ label: suggestion, onSelect: () => replaceWith(suggestion) }))
        : [{ label: note }]),
      ignore,
    ];
    const isAsking = hit.spec.suggestions.length === 0;
    const coords = editorView.coordsAtPos(hit.from);
    const opened = openSpellingMenu({
      container,
      label: translate('spelling.menuLabel', { word }),
      items: itemsFor(
        hit.spec.suggestions,
        translate(isAsking ? 'spelling.searching' : 'spelling.noSuggestions', {}),
      ),
      placement: { left: coords.left, top: coords.top, bottom: coords.bottom },
      onClose: (byKeyboard) => {
        if (menu === opened) menu = undefined;
        if (byKeyboard || isByKeyboard) editorView.focus();
      },
    });
    menu = opened;
    // The server may have had no time left for this word's suggestions: ask for the word alone.
    if (isAsking) {
      check(word)
        .then((answer) => {
          const suggestions = answer.misspelled[0]?.suggestions ?? [];
          opened.setItems(itemsFor(suggestions, translate('spelling.noSuggestions', {})));
        })
        .catch(() => opened.setItems(itemsFor([], translate('spelling.noSuggestions', {}))));
    }
  }

  const controller: SpellingController = {
    openAtSelection() {
      if (view === undefined) return false;
      const current = stateOf(view);
      const hit = current && misspellingAt(current.decorations, view.state.selection.from);
      if (hit === undefined) return false;
      openMenu(hit, true);
      return true;
    },
    openNext() {
      if (view === undefined) return false;
      const current = stateOf(view);
      const hit = current && nextMisspelling(current.decorations, view.state.selection.to);
      if (hit === undefined) return false;
      const editorView = view;
      editorView.dispatch(
        editorView.state.tr.setSelection(TextSelection.create(editorView.state.doc, hit.from, hit.to)),
      );
      editorView.focus();
      openMenu(hit, true);
      return true;
    },
  };

  return new Plugin<SpellingState>({
    key: spellingPluginKey,
    state: {
      init: () => ({ decorations: DecorationSet.empty, isActive: true }),
      apply(tr, value) {
        const meta = tr.getMeta(spellingPluginKey) as SpellingMeta | undefined;
        if (meta?.type === 'off') return { decorations: DecorationSet.empty, isActive: false };
        if (meta?.type === 'redraw') return { ...value, decorations: meta.decorations };
        return { ...value, decorations: mapDecorations(value.decorations, tr) };
      },
    },
    props: {
      decorations: (state) => spellingPluginKey.getState(state)?.decorations,
      // The browser's own underlines would double ours; they come back if the server has none.
      attributes: (state) => ({ spellcheck: spellingPluginKey.getState(state)?.isActive ? 'false' : 'true' }),
      handleDOMEvents: {
        pointerdown: (_view, event) => {
          isTouch = event.pointerType === 'touch';
          return false;
        },
        // A right click (or a long press) on an underlined word, or the context-menu key (Shift+F10) with the
        // caret in one: a keyboard's event is not the right button, and points anywhere.
        contextmenu: (editorView, event) => {
          const current = stateOf(editorView);
          if (current === undefined) return false;
          const isFromKeyboard = event.button !== 2;
          const pointed = editorView.posAtCoords({ left: event.clientX, top: event.clientY })?.pos;
          const hit =
            (pointed === undefined ? undefined : misspellingAt(current.decorations, pointed)) ??
            (isFromKeyboard
              ? misspellingAt(current.decorations, editorView.state.selection.from)
              : undefined);
          if (hit === undefined) return false;
          event.preventDefault();
          openMenu(hit, isFromKeyboard);
          return true;
        },
      },
      handleClick: (editorView, pos) => {
        if (!isTouch) return false;
        const current = stateOf(editorView);
        const hit = current && misspellingAt(current.decorations, pos);
        if (hit === undefined) return false;
        openMenu(hit, false);
        return false;
      },
    },
    view(editorView) {
      view = editorView;
      register(controller);
      // A draft opened with text is checked without waiting for a keystroke.
      timer.poke();
      return {
        update(updated, previous) {
          if (updated.state.doc.eq(previous.doc)) return;
          menu?.close();
          timer.poke();
        },
        destroy() {
          timer.cancel();
          menu?.close();
          view = undefined;
          register(undefined);
        },
      };
    },
  });
}
