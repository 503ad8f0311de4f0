// The sheet of keyboard shortcuts (`?` in the list, or its button): a modal dialog that Escape closes.

import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

/** Named keys, shown in the person's language (catalogue group `shortcuts`). */
const NAMED_KEYS: Readonly<Record<string, string>> = { Enter: 'enter', Delete: 'delete', Shift: 'shift' };

/** Keys as typed (`Shift+U`: both), and the catalogue key of what they do (group `shortcuts`). */
const SHORTCUTS: readonly (readonly [keys: readonly string[], what: string])[] = [
  [['j', '↓'], 'next'],
  [['k', '↑'], 'previous'],
  [['Enter'], 'open'],
  [['x'], 'pick'],
  [['e'], 'archive'],
  [['#', 'Delete'], 'trash'],
  [['!'], 'junk'],
  [['s'], 'flag'],
  [['Shift+U'], 'unread'],
  [['Shift+I'], 'read'],
  [['?'], 'help'],
];

export function ShortcutHelp({ onClose }: { readonly onClose: () => void }) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    if (dialog.current?.open === false) dialog.current.showModal();
  }, []);
  return (
    <dialog ref={dialog} className="shortcut-help" aria-labelledby="shortcut-help-title" onClose={onClose}>
      <h2 id="shortcut-help-title">{t('shortcuts.title')}</h2>
      <p>{t('shortcuts.where')}</p>
      <table>
        <tbody>
          {SHORTCUTS.map(([keys, what]) => (
            <tr key={what}>
              <th scope="row">
                {keys.map((key, index) => (
                  <span key={key}>
                    {index > 0 && ` ${t('shortcuts.or')} `}
                    <kbd>
                      {key
                        .split('+')
                        .map((part) => {
                          const named = NAMED_KEYS[part];
                          return named === undefined ? part : t(`shortcuts.${named}`);
                        })
                        .join('+')}
                    </kbd>
                  </span>
                ))}
              </th>
              <td>{t(`shortcuts.${what}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" className="primary" onClick={() => dialog.current?.close()}>
        {t('shortcuts.close')}
      </button>
    </dialog>
  );
}
