// The properties of one /set create or update (RFC 8620 §5.3) for types whose properties are each replaced
// whole: every value checked by its schema, every bad or unknown one reported at once; and what the response
// tells the client back (server-set properties, and any stored otherwise than sent).

import type { z } from 'zod';
import { InvalidPatch, InvalidProperties } from './set-arguments.ts';

export type FieldSchemas = Readonly<Record<string, z.ZodType>>;
export type ParsedFields<Schemas extends FieldSchemas> = {
  -readonly [K in keyof Schemas]?: z.output<Schemas[K]>;
};

/**
 * The values of `input` by their schemas. A property with no schema (server-set, unknown) or a value its
 * schema refuses is invalidProperties; in an update, a path into a property is invalidPatch. `unchanged` holds
 * server-set properties (an update's `id`) that may be sent at their current value, and are then dropped.
 */
export function parseFields<Schemas extends FieldSchemas>(
  input: Readonly<Record<string, unknown>>,
  schemas: Schemas,
  options: { readonly isUpdate?: boolean; readonly unchanged?: Readonly<Record<string, unknown>> },
): ParsedFields<Schemas> {
  const bad: string[] = [];
  const fields: Record<string, unknown> = {};
  for (const [property, value] of Object.entries(input)) {
    if (options.isUpdate === true && property.includes('/'))
      throw new InvalidPatch(`${property}: properties are replaced whole, not patched inside`);
    if (options.unchanged !== undefined && Object.hasOwn(options.unchanged, property)) {
      if (options.unchanged[property] !== value) bad.push(property);
      continue;
    }
    const parsed = Object.hasOwn(schemas, property) ? schemas[property]?.safeParse(value) : undefined;
    if (parsed?.success === true) fields[property] = parsed.data;
    else bad.push(property);
  }
  if (bad.length > 0) throw new InvalidProperties(bad, `cannot set ${bad.join(', ')}`);
  return fields as ParsedFields<Schemas>;
}

/**
 * What the client must learn from the response (RFC 8620 §5.3): on create, every property it did not send (the
 * server-set id among them); on both, any it sent that the server stored otherwise (a name put in NFC, an
 * address in lower case).
 */
export function notAsSent(
  shown: object,
  input: Readonly<Record<string, unknown>>,
  isCreate: boolean,
): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [property, value] of Object.entries(shown)) {
    const isSent = Object.hasOwn(input, property);
    if (isSent ? canonical(value) !== canonical(input[property]) : isCreate) result[property] = value;
  }
  return result;
}

/** JSON with object keys sorted, so two spellings of one value compare equal. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}
