// Back-references between the calls of one request (RFC 8620 §3.7): an argument `#ids` holding
// { resultOf, name, path } takes its value from an earlier response, found by call id and method name and read
// with a JSON Pointer (RFC 6901) whose `*` maps over an array and flattens arrays of results.
// Security: the pointer, the names and the depth are client input; every step is bounded.

import type { Invocation } from '@vercors/contract';
import { MAX_POINTER_TOKENS, MAX_REFERENCED_ITEMS } from './jmap-limits.ts';
import { MethodError } from './method-error.ts';

/** `args` with every `#name` argument replaced by `name` and the value it references. */
export function resolveReferences(
  args: Readonly<Record<string, unknown>>,
  responses: readonly Invocation[],
): Record<string, unknown> {
  const resolved: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(args)) {
    if (!key.startsWith('#')) {
      resolved[key] = value;
      continue;
    }
    const name = key.slice(1);
    if (Object.hasOwn(args, name))
      throw new MethodError('invalidArguments', `both ${name} and #${name} are given`);
    resolved[name] = referencedValue(value, responses);
  }
  return resolved;
}

function referencedValue(reference: unknown, responses: readonly Invocation[]): unknown {
  if (!isReference(reference))
    throw new MethodError(
      'invalidResultReference',
      'a result reference needs resultOf, name and path strings',
    );
  const response = responses.find(([, , callId]) => callId === reference.resultOf);
  if (response === undefined)
    throw new MethodError('invalidResultReference', `no earlier response has call id ${reference.resultOf}`);
  if (response[0] !== reference.name)
    throw new MethodError(
      'invalidResultReference',
      `call ${reference.resultOf} answered ${response[0]}, not ${reference.name}`,
    );
  const tokens = pointerTokens(reference.path);
  const counter = { items: 0 };
  return evaluate(response[1], tokens, reference.path, counter);
}

function isReference(value: unknown): value is { resultOf: string; name: string; path: string } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const { resultOf, name, path } = value as Record<string, unknown>;
  const keys = Object.keys(value);
  return (
    typeof resultOf === 'string' && typeof name === 'string' && typeof path === 'string' && keys.length === 3
  );
}

/** RFC 6901 tokens: "" is the whole document, otherwise "/"-separated with ~1 → / and ~0 → ~. */
function pointerTokens(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/'))
    throw new MethodError('invalidResultReference', `path ${path} must start with /`);
  const tokens = path
    .slice(1)
    .split('/')
    .map((token) => token.replaceAll('~1', '/').replaceAll('~0', '~'));
  if (tokens.length > MAX_POINTER_TOKENS)
    throw new MethodError(
      'invalidResultReference',
      `path ${path} is longer than ${MAX_POINTER_TOKENS} steps`,
    );
  return tokens;
}

function evaluate(
  value: unknown,
  tokens: readonly string[],
  path: string,
  counter: { items: number },
): unknown {
  const [token, ...rest] = tokens;
  if (token === undefined) return value;
  if (Array.isArray(value)) {
    if (token === '*') {
      // Each item through the rest of the pointer; arrays of results are flattened into one (RFC 8620 §3.7).
      const results: unknown[] = [];
      for (const item of value) {
        const result = evaluate(item, rest, path, counter);
        const items = Array.isArray(result) ? result : [result];
        counter.items += items.length;
        if (counter.items > MAX_REFERENCED_ITEMS)
          throw new MethodError('invalidResultReference', `path ${path} selects too many values`);
        results.push(...items);
      }
      return results;
    }
    if (!/^(0|[1-9][0-9]{0,8})$/.test(token) || Number(token) >= value.length)
      throw new MethodError('invalidResultReference', `path ${path}: no item ${token}`);
    return evaluate(value[Number(token)], rest, path, counter);
  }
  if (typeof value === 'object' && value !== null && Object.hasOwn(value, token))
    return evaluate((value as Record<string, unknown>)[token], rest, path, counter);
  throw new MethodError('invalidResultReference', `path ${path}: nothing at ${token}`);
}
