// The menu an underlined word opens (right click, the context-menu key, Alt+Entrée, F7, or a tap on a
// phone): its suggestions, then "Ignorer". A WAI-ARIA menu of buttons: focus moves into it, the arrows, Home
// and End move between items, Entrée or Espace picks one, Échap or Tab closes it and gives the focus back to
// the text. Placed under the word, kept inside the window. Plain DOM: it lives beside the editor, not in React.

export interface MenuItem {
  readonly label: string;
  /** Absent: shown but inert (aria-disabled), as "Aucune suggestion". */
  readonly onSelect?: () => void;
}

export interface SpellingMenu {
  /** Replace the items (suggestions that arrived late), keeping the menu where it is. */
  setItems(items: readonly MenuItem[]): void;
  close(): void;
}

export interface MenuPlacement {
  /** The word's box in the window (EditorView.coordsAtPos). */
  readonly left: number;
  readonly top: number;
  readonly bottom: number;
}

const GAP_PX = 4;
const MARGIN_PX = 8;

export function openSpellingMenu(options: {
  readonly container: HTMLElement;
  readonly label: string;
  readonly items: readonly MenuItem[];
  readonly placement: MenuPlacement;
  /** After it closed; `isByKeyboard` says the focus should go back to the text. */
  readonly onClose: (isByKeyboard: boolean) => void;
}): SpellingMenu {
  const document = options.container.ownerDocument;
  const menu = document.createElement('div');
  menu.className = 'spelling-menu';
  menu.setAttribute('role', 'menu');
  menu.setAttribute('aria-label', options.label);
  let isOpen = true;

  const buttons = () => [...menu.querySelectorAll<HTMLButtonElement>('[role="menuitem"]')];
  const render = (items: readonly MenuItem[]) => {
    const focusedIndex = buttons().indexOf(document.activeElement as HTMLButtonElement);
    menu.replaceChildren(
      ...items.map((item) => {
        const button = document.createElement('button');
        button.type = 'button';
        button.setAttribute('role', 'menuitem');
        button.tabIndex = -1;
        button.textContent = item.label;
        const select = item.onSelect;
        if (select === undefined) button.setAttribute('aria-disabled', 'true');
        else
          button.addEventListener('click', () => {
            close(false);
            select();
          });
        return button;
      }),
    );
    buttons()[Math.max(0, focusedIndex)]?.focus();
  };

  const close = (isByKeyboard: boolean) => {
    if (!isOpen) return;
    isOpen = false;
    document.removeEventListener('mousedown', onOutside, true);
    menu.remove();
    options.onClose(isByKeyboard);
  };

  const onOutside = (event: MouseEvent) => {
    if (!menu.contains(event.target as Node)) close(false);
  };

  menu.addEventListener('keydown', (event) => {
    const all = buttons();
    const index = all.indexOf(document.activeElement as HTMLButtonElement);
    const move = (to: number) => all[(to + all.length) % all.length]?.focus();
    switch (event.key) {
      case 'ArrowDown':
        move(index + 1);
        break;
      case 'ArrowUp':
        move(index - 1);
        break;
      case 'Home':
        move(0);
        break;
      case 'End':
        move(all.length - 1);
        break;
      case 'Escape':
      case 'Tab':
        close(true);
        break;
      default:
        return;
    }
    event.preventDefault();
    event.stopPropagation();
  });

  options.container.append(menu);
  render(options.items);
  place(menu, options.placement);
  buttons()[0]?.focus();
  document.addEventListener('mousedown', onOutside, true);

  return {
    setItems(items) {
      if (isOpen) render(items);
    },
    close: () => close(false),
  };
}

/** Under the word, or above it when the window's bottom is too close; never past the window's sides. */
function place(menu: HTMLElement, at: MenuPlacement) {
  const view = menu.ownerDocument.defaultView;
  const width = menu.offsetWidth;
  const height = menu.offsetHeight;
  const windowWidth = view?.innerWidth ?? Number.POSITIVE_INFINITY;
  const windowHeight = view?.innerHeight ?? Number.POSITIVE_INFINITY;
  const left = Math.max(MARGIN_PX, Math.min(at.left, windowWidth - width - MARGIN_PX));
  const below = at.bottom + GAP_PX;
  const top =
    below + height > windowHeight - MARGIN_PX ? Math.max(MARGIN_PX, at.top - height - GAP_PX) : below;
  menu.style.left = `${left}px`;
  menu.style.top = `${top}px`;
}
