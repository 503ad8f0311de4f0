// The contact form's fields and how they map to a JSContact card (RFC 9553, as docs/jmap.md "Contacts" maps it
// to vCard): first and last name (name components `given` and `surname`, and `name.full` from them), every
// e-mail address with its context (work → `contexts.work`, personal → `contexts.private`), every phone with its
// kind (mobile and fax are `features`, work and home are `contexts`), the first organisation's name, the first
// title, the first postal address's street, postcode, town and country, and the first note. A group or an
// organisation has one name, `name.full`. What the form does not show stays on the card (contact-patch.ts).

import type { JsAddress, JsAddressComponentKind, JsCardKind, JsPhone } from '@vercors/contract';
import { type CardView, firstEntry } from './card-display.ts';

export type EmailContext = 'work' | 'private' | 'other';
export type PhoneKind = 'work' | 'mobile' | 'home' | 'fax' | 'other';

export const EMAIL_CONTEXTS: readonly EmailContext[] = ['work', 'private', 'other'];
export const PHONE_KINDS: readonly PhoneKind[] = ['work', 'mobile', 'home', 'fax', 'other'];

export interface EmailField {
  /** The entry's id on the card (`e1`…), null for one added in the form. */
  readonly id: string | null;
  readonly address: string;
  readonly context: EmailContext;
}

export interface PhoneField {
  readonly id: string | null;
  readonly number: string;
  readonly kind: PhoneKind;
}

export interface ContactForm {
  readonly kind: JsCardKind;
  /** A group's or an organisation's name (name.full); unused for a person. */
  readonly name: string;
  readonly given: string;
  readonly surname: string;
  readonly emails: readonly EmailField[];
  readonly phones: readonly PhoneField[];
  readonly organization: string;
  readonly title: string;
  readonly street: string;
  readonly postcode: string;
  readonly locality: string;
  readonly country: string;
  readonly note: string;
}

export const EMPTY_FORM: ContactForm = {
  kind: 'individual',
  name: '',
  given: '',
  surname: '',
  emails: [{ id: null, address: '', context: 'work' }],
  phones: [{ id: null, number: '', kind: 'work' }],
  organization: '',
  title: '',
  street: '',
  postcode: '',
  locality: '',
  country: '',
  note: '',
};

/** The address components the form edits, each one field. */
export const ADDRESS_FIELDS = {
  street: 'name',
  postcode: 'postcode',
  locality: 'locality',
  country: 'country',
} as const satisfies Record<string, JsAddressComponentKind>;

export type AddressField = keyof typeof ADDRESS_FIELDS;

export function emailContextOf(contexts: Readonly<Record<string, true>> | undefined): EmailContext {
  if (contexts?.work === true) return 'work';
  if (contexts?.private === true) return 'private';
  return 'other';
}

export function phoneKindOf(phone: JsPhone): PhoneKind {
  if (phone.features?.mobile === true) return 'mobile';
  if (phone.features?.fax === true) return 'fax';
  if (phone.contexts?.private === true) return 'home';
  if (phone.contexts?.work === true) return 'work';
  return 'other';
}

/** The contexts a new or changed address gets from the form. */
export function emailContexts(context: EmailContext): Readonly<Record<string, true>> | undefined {
  return context === 'other' ? undefined : { [context]: true };
}

/** The features and contexts of a phone of that kind (RFC 9555 §2.3.3: TEL TYPE=cell is `mobile`). */
export function phoneShape(kind: PhoneKind): Pick<JsPhone, 'features' | 'contexts'> {
  switch (kind) {
    case 'mobile':
      return { features: { mobile: true } };
    case 'fax':
      return { features: { fax: true } };
    case 'work':
      return { features: { voice: true }, contexts: { work: true } };
    case 'home':
      return { features: { voice: true }, contexts: { private: true } };
    case 'other':
      return {};
  }
}

/** One component of an address, by kind ('' when absent). */
export function addressPart(address: JsAddress | undefined, kind: JsAddressComponentKind): string {
  return address?.components?.find((component) => component.kind === kind)?.value ?? '';
}

/**
 * The form for a card. A card with a full name but no name parts (a collected address, an old export) shows it
 * split at its first space: French surnames of several words ("Le Gall") stay whole.
 */
export function formFromCard(card: CardView): ContactForm {
  const components = card.name?.components ?? [];
  const partOf = (kind: 'given' | 'surname') =>
    components
      .filter((component) => component.kind === kind)
      .map((component) => component.value)
      .join(' ');
  let given = partOf('given');
  let surname = partOf('surname');
  const full = card.name?.full?.trim() ?? '';
  if (card.kind === 'individual' && components.length === 0 && full !== '') {
    const space = full.indexOf(' ');
    given = space < 0 ? '' : full.slice(0, space);
    surname = space < 0 ? full : full.slice(space + 1);
  }
  const address = firstEntry(card.addresses)?.[1];
  return {
    kind: card.kind,
    name: card.kind === 'individual' ? '' : full,
    given,
    surname,
    emails: Object.entries(card.emails ?? {}).map(([id, email]) => ({
      id,
      address: email.address,
      context: emailContextOf(email.contexts),
    })),
    phones: Object.entries(card.phones ?? {}).map(([id, phone]) => ({
      id,
      number: phone.number,
      kind: phoneKindOf(phone),
    })),
    organization: firstEntry(card.organizations)?.[1].name ?? '',
    title: firstEntry(card.titles)?.[1].name ?? '',
    street: addressPart(address, 'name'),
    postcode: addressPart(address, 'postcode'),
    locality: addressPart(address, 'locality'),
    country: addressPart(address, 'country'),
    note: firstEntry(card.notes)?.[1].note ?? '',
  };
}

/** A person's full name from the form: "given surname". */
export function fullNameOf(form: Pick<ContactForm, 'given' | 'surname'>): string {
  return [form.given.trim(), form.surname.trim()].filter((part) => part !== '').join(' ');
}

/** The ContactCard/set create object for a new card in `addressBookId`. */
export function newCardFromForm(form: ContactForm, addressBookId: string): Record<string, unknown> {
  const card: Record<string, unknown> = { addressBookIds: { [addressBookId]: true }, kind: form.kind };
  if (form.kind === 'individual') {
    const components = [
      ...(form.given.trim() === '' ? [] : [{ kind: 'given', value: form.given.trim() }]),
      ...(form.surname.trim() === '' ? [] : [{ kind: 'surname', value: form.surname.trim() }]),
    ];
    const full = fullNameOf(form);
    if (components.length > 0 || full !== '')
      card.name = { ...(components.length > 0 && { components }), ...(full !== '' && { full }) };
  } else if (form.name.trim() !== '') card.name = { full: form.name.trim() };
  const emails = filledEmails(form);
  if (emails.length > 0)
    card.emails = Object.fromEntries(emails.map((email, index) => [`e${index + 1}`, newEmail(email)]));
  const phones = filledPhones(form);
  if (phones.length > 0)
    card.phones = Object.fromEntries(phones.map((phone, index) => [`p${index + 1}`, newPhone(phone)]));
  if (form.organization.trim() !== '') card.organizations = { o1: { name: form.organization.trim() } };
  if (form.title.trim() !== '') card.titles = { t1: { name: form.title.trim(), kind: 'title' } };
  const address = newAddress(form);
  if (address !== undefined) card.addresses = { a1: address };
  if (form.note.trim() !== '') card.notes = { n1: { note: form.note.trim() } };
  return card;
}

export function filledEmails(form: ContactForm): EmailField[] {
  return form.emails
    .map((email) => ({ ...email, address: email.address.trim() }))
    .filter((email) => email.address !== '');
}

export function filledPhones(form: ContactForm): PhoneField[] {
  return form.phones
    .map((phone) => ({ ...phone, number: phone.number.trim() }))
    .filter((phone) => phone.number !== '');
}

export function newEmail(email: EmailField): Record<string, unknown> {
  const contexts = emailContexts(email.context);
  return { address: email.address.trim(), ...(contexts !== undefined && { contexts }) };
}

export function newPhone(phone: PhoneField): Record<string, unknown> {
  return { number: phone.number.trim(), ...phoneShape(phone.kind) };
}

/** The postal address the form holds, or undefined when its fields are empty. */
export function newAddress(form: ContactForm): JsAddress | undefined {
  const components = addressComponents([], form);
  return components.length === 0 ? undefined : { components };
}

/**
 * An address's components with the form's four in place of the card's (the others — box, apartment, region —
 * kept), in vCard ADR order so the card reads the same way back.
 */
export function addressComponents(
  existing: NonNullable<JsAddress['components']>,
  form: Pick<ContactForm, AddressField>,
): { kind: JsAddressComponentKind; value: string }[] {
  const order: readonly JsAddressComponentKind[] = [
    'postOfficeBox',
    'apartment',
    'name',
    'locality',
    'region',
    'postcode',
    'country',
  ];
  const fromForm = new Map<JsAddressComponentKind, string>(
    Object.entries(ADDRESS_FIELDS).map(([field, kind]) => [kind, form[field as AddressField].trim()]),
  );
  return order.flatMap((kind) => {
    if (fromForm.has(kind)) {
      const value = fromForm.get(kind) ?? '';
      return value === '' ? [] : [{ kind, value }];
    }
    return existing.filter((component) => component.kind === kind).map(({ value }) => ({ kind, value }));
  });
}

export type FormProblem = 'nameOrEmail' | 'groupName' | 'email';

/** What keeps the form from being saved: a person needs a name or an address; a group a name. */
export function formProblems(form: ContactForm): { problem: FormProblem; index?: number }[] {
  const problems: { problem: FormProblem; index?: number }[] = [];
  if (form.kind === 'individual') {
    if (fullNameOf(form) === '' && filledEmails(form).length === 0 && form.organization.trim() === '')
      problems.push({ problem: 'nameOrEmail' });
  } else if (form.name.trim() === '') problems.push({ problem: 'groupName' });
  form.emails.forEach((email, index) => {
    const address = email.address.trim();
    // A light check: the server and the mail path check properly; this catches a name typed in the wrong box.
    if (address !== '' && !/^[^\s@]+@[^\s@]+$/.test(address)) problems.push({ problem: 'email', index });
  });
  return problems;
}
