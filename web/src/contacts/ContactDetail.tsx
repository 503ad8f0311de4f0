// A person's card in one of the books: names, addresses (each with "Écrire"), phones as tel: links,
// organisation and function, postal address, notes, birthday; and what can be done with it — edit, delete
// (asked twice), move or copy to another book (book-transfer.ts).

import type { JmapAddressBook } from '@vercors/contract';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { JmapClient } from '../jmap/jmap-client.ts';
import { transferCard } from './book-transfer.ts';
import { CardPane } from './CardPane.tsx';
import { type CardView, displayName, preferredEmails } from './card-display.ts';
import { ConfirmedDelete } from './ConfirmedDelete.tsx';
import { isServerTrouble, refusalKey } from './contact-failure.ts';
import { addressPart, phoneKindOf } from './contact-form.ts';
import { destroyCard } from './contacts-api.ts';
import { telUri } from './directory-person.ts';

export interface ContactDetailProps {
  readonly client: JmapClient;
  readonly cardId: string;
  readonly books: readonly JmapAddressBook[];
  readonly version: number;
  onEdit(card: CardView): void;
  /** After a delete or a move: the card is no longer in the book shown. */
  onGone(message: string): void;
  /** After a copy: the list changes in the other book only. */
  onNotice(message: string): void;
  onBack(): void;
  readonly onWrite: ((recipient: { name: string | null; email: string }) => void) | undefined;
  onError(error: unknown): void;
}

export function ContactDetail(props: ContactDetailProps) {
  return <CardPane {...props}>{(card, name) => <CardBody {...props} card={card} name={name} />}</CardPane>;
}

function CardBody({
  client,
  card,
  name,
  books,
  onEdit,
  onGone,
  onNotice,
  onWrite,
  onError,
}: ContactDetailProps & { readonly card: CardView; readonly name: string }) {
  const { t } = useTranslation();
  const id = useId();
  const [isBusy, setIsBusy] = useState(false);
  const [refusal, setRefusal] = useState<string | undefined>(undefined);
  const bookId = Object.keys(card.addressBookIds ?? {})[0];
  const others = books.filter((book) => book.id !== bookId);
  const [target, setTarget] = useState(others[0]?.id ?? '');

  const emails = preferredEmails(card);
  const fail = (error: unknown) => {
    if (isServerTrouble(error)) onError(error);
    setRefusal(t(refusalKey(error)));
  };
  const remove = async () => {
    setIsBusy(true);
    try {
      await destroyCard(client, card.id);
      onGone(t('contactsCard.deleted', { name }));
    } catch (error) {
      fail(error);
    } finally {
      setIsBusy(false);
    }
  };
  const transfer = async (isMove: boolean) => {
    const book = books.find((candidate) => candidate.id === target);
    if (book === undefined) return;
    setIsBusy(true);
    setRefusal(undefined);
    try {
      await transferCard(client, card, book.id, isMove);
      if (isMove) onGone(t('contactsCard.moved', { name, book: book.name }));
      else onNotice(t('contactsCard.copied', { name, book: book.name }));
    } catch (error) {
      fail(error);
    } finally {
      setIsBusy(false);
    }
  };

  const organization = Object.values(card.organizations ?? {})[0];
  const title = Object.values(card.titles ?? {})[0]?.name;
  const addresses = Object.entries(card.addresses ?? {});
  const notes = Object.entries(card.notes ?? {});
  const birth = Object.values(card.anniversaries ?? {}).find((anniversary) => anniversary.kind === 'birth');
  return (
    <>
      <dl className="card-fields">
        {title !== undefined && title !== '' && (
          <div className="card-field-group">
            <dt>{t('contactsCard.title')}</dt>
            <dd>{title}</dd>
          </div>
        )}
        {organization?.name !== undefined && organization.name !== '' && (
          <div className="card-field-group">
            <dt>{t('contactsCard.organization')}</dt>
            <dd>{[organization.name, ...(organization.units ?? []).map((unit) => unit.name)].join(', ')}</dd>
          </div>
        )}
        {emails.map((email) => (
          <div key={email.id} className="card-field-group">
            <dt>
              {t(
                `contactsCard.email_${email.contexts?.private ? 'private' : email.contexts?.work ? 'work' : 'other'}`,
              )}
            </dt>
            <dd className="card-email">
              {email.address}{' '}
              {onWrite !== undefined && (
                <button
                  type="button"
                  className="small"
                  aria-label={t('contactsCard.writeTo', { email: email.address })}
                  onClick={() => onWrite({ name: displayName(card) || null, email: email.address })}
                >
                  {t('contactsCard.write')}
                </button>
              )}
            </dd>
          </div>
        ))}
        {Object.entries(card.phones ?? {}).map(([phoneId, phone]) => (
          <div key={phoneId} className="card-field-group">
            <dt>{t(`contactsCard.phone_${phoneKindOf(phone)}`)}</dt>
            <dd>
              <a href={telUri(phone.number)}>{phone.number}</a>
            </dd>
          </div>
        ))}
        {addresses.map(([addressId, address]) => (
          <div key={addressId} className="card-field-group">
            <dt>{t('contactsCard.address')}</dt>
            <dd className="card-address">
              {address.full ??
                [
                  addressPart(address, 'name'),
                  [addressPart(address, 'postcode'), addressPart(address, 'locality')]
                    .filter(Boolean)
                    .join(' '),
                  addressPart(address, 'country'),
                ]
                  .filter(Boolean)
                  .join('\n')}
            </dd>
          </div>
        ))}
        {birth !== undefined && birth.date.month !== undefined && birth.date.day !== undefined && (
          <div className="card-field-group">
            <dt>{t('contactsCard.birthday')}</dt>
            <dd>
              {[birth.date.day, birth.date.month, birth.date.year]
                .filter((part) => part !== undefined)
                .map((part) => String(part).padStart(2, '0'))
                .join('/')}
            </dd>
          </div>
        )}
        {notes.map(([noteId, note]) => (
          <div key={noteId} className="card-field-group">
            <dt>{t('contactsCard.note')}</dt>
            <dd className="card-note">{note.note}</dd>
          </div>
        ))}
      </dl>
      <div className="card-actions">
        <button type="button" onClick={() => onEdit(card)}>
          {t('contactsCard.edit')}
        </button>
        <ConfirmedDelete
          label={t('contactsCard.delete')}
          confirmLabel={t('contactsCard.confirmDelete', { name })}
          isBusy={isBusy}
          onDelete={() => void remove()}
        />
      </div>
      {others.length > 0 && (
        <div className="card-transfer">
          <label htmlFor={`${id}-book`}>{t('contactsCard.otherBook')}</label>
          <select id={`${id}-book`} value={target} onChange={(event) => setTarget(event.target.value)}>
            {others.map((book) => (
              <option key={book.id} value={book.id}>
                {book.name}
              </option>
            ))}
          </select>
          <button type="button" disabled={isBusy} onClick={() => void transfer(true)}>
            {t('contactsCard.move')}
          </button>
          <button type="button" disabled={isBusy} onClick={() => void transfer(false)}>
            {t('contactsCard.copy')}
          </button>
        </div>
      )}
      {refusal !== undefined && (
        <p className="contacts-error" role="alert">
          {refusal}
        </p>
      )}
    </>
  );
}
