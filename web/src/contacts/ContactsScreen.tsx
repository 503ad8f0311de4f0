// The contacts screen (issue 8 §6): the académie directory (search a colleague, open their card, write to them,
// keep them in one's contacts) and the person's own address books (contacts and groups, vCard import and
// export). Which of the two shows is in the hash below #/contacts (contacts-route.ts), so links and the back
// button work; the shell opens the composer when someone is written to.

import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ScreenProps } from '../app/screen-props.ts';
import { DirectoryView } from './DirectoryView.tsx';
import type { Recipient } from './group-members.ts';
import { PersonalContacts } from './PersonalContacts.tsx';
import { contactsSection, SECTION_HASH } from './contacts-route.ts';
import './contacts.css';

export interface ContactsScreenProps extends ScreenProps {
  /** Open the composer to this person. */
  readonly onWrite: (recipient: { name: string | null; email: string }) => void;
  /** Open the composer to several people at once (a group). */
  readonly onWriteAll: (recipients: readonly Recipient[]) => void;
  /** Bumped by the shell's push stream when an AddressBook or ContactCard changed (a phone, another tab). */
  readonly version: number;
}

export function ContactsScreen(props: ContactsScreenProps) {
  const { t } = useTranslation();
  const [section, setSection] = useState(() => contactsSection(window.location.hash));
  useEffect(() => {
    const follow = () => setSection(contactsSection(window.location.hash));
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, []);

  return (
    <div className="contacts-screen">
      <nav className="contacts-sections" aria-label={t('contacts.sections')}>
        <a href={SECTION_HASH.directory} aria-current={section === 'directory' ? 'page' : undefined}>
          {t('contacts.directory')}
        </a>
        <a href={SECTION_HASH.personal} aria-current={section === 'personal' ? 'page' : undefined}>
          {t('contacts.personal')}
        </a>
      </nav>
      {section === 'directory' ? <DirectoryView {...props} /> : <PersonalContacts {...props} />}
    </div>
  );
}

/** For React.lazy in the shell: the screen loads when first opened. */
export default ContactsScreen;
