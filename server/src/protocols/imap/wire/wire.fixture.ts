// Test support for the wire codec: run a byte stream through a CommandReader as a session would (accepting
// or refusing synchronising literals), render events as short strings to compare, build cursors from text.

import { ArgumentCursor } from './argument-cursor.ts';
import {
  CommandReader,
  type CommandReaderOptions,
  type RawCommand,
  type ReaderEvent,
} from './command-reader.ts';
import { DEFAULT_WIRE_LIMITS, type WireLimits } from './limits.ts';
export { seededRandom } from '#core/seeded-random';

export interface FeedOptions extends CommandReaderOptions {
  /** Chunk sizes, cycled; default: the whole input at once. */
  readonly chunks?: readonly number[];
  /** Answer to each synchronising literal request; default accept. */
  readonly onLiteral?: (event: Extract<ReaderEvent, { kind: 'literalRequest' }>) => 'accept' | 'reject';
}

/** Every event the input produces, in order, with literal requests answered as `onLiteral` says. */
export function feed(input: Buffer | string, options: FeedOptions = {}): ReaderEvent[] {
  const reader = new CommandReader(options);
  return feedReader(reader, typeof input === 'string' ? Buffer.from(input, 'latin1') : input, options);
}

export function feedReader(reader: CommandReader, bytes: Buffer, options: FeedOptions = {}): ReaderEvent[] {
  const events: ReaderEvent[] = [];
  const sizes = options.chunks ?? [bytes.length || 1];
  let offset = 0;
  let turn = 0;
  const drain = () => {
    for (let event = reader.next(); event !== undefined; event = reader.next()) {
      events.push(event);
      if (event.kind === 'literalRequest') {
        if ((options.onLiteral?.(event) ?? 'accept') === 'accept') reader.acceptLiteral();
        else reader.rejectLiteral();
      }
    }
  };
  while (offset < bytes.length) {
    const size = Math.max(1, sizes[turn++ % sizes.length]!);
    reader.push(bytes.subarray(offset, offset + size));
    offset += size;
    drain();
  }
  drain();
  return events;
}

/** `A1 LOGIN {4}«user» "pw"`: a command with its literals' octets shown after their markers. */
export function renderCommand(command: RawCommand): string {
  let text = `${command.tag} ${command.name}`;
  command.fragments.forEach((fragment, index) => {
    text += fragment.toString('latin1');
    const literal = command.literals[index];
    if (literal !== undefined) text += `«${literal.bytes.toString('latin1')}»`;
  });
  return text;
}

/** Events as strings: `command A1 NOOP`, `literal A1 APPEND 5`, `error lineTooLong A1`, `line DONE`. */
export function renderEvents(events: readonly ReaderEvent[]): string[] {
  return events.map((event) => {
    switch (event.kind) {
      case 'command':
        return `command ${renderCommand(event.command)}`;
      case 'literalRequest':
        return `literal ${event.tag} ${event.name} ${event.size}${event.isBinary ? ' binary' : ''}`;
      case 'line':
        return `line ${event.line.toString('latin1')}`;
      case 'error':
        return `error ${event.code} ${event.tag ?? '*'}${event.isTooBig ? ' TOOBIG' : ''}${event.isFatal ? ' fatal' : ''}`;
    }
  });
}

/** The one command `line` frames to (literals accepted), for cursor tests: `cursorOf('A1 X (a b)')`. */
export function commandOf(text: string | Buffer, limits: WireLimits = DEFAULT_WIRE_LIMITS): RawCommand {
  const events = feed(text, { limits }).filter((event) => event.kind !== 'literalRequest');
  const event = events[0];
  if (events.length !== 1 || event?.kind !== 'command') {
    throw new Error(
      `expected one command from ${JSON.stringify(text.toString())}, got ${renderEvents(events).join(' | ')}`,
    );
  }
  return event.command;
}

/**
 * A cursor over the arguments of `A1 X <args>`: `args` is what follows the command name (with its SP), as
 * UTF-8 when a string (give a Buffer for exact octets).
 */
export function cursorOf(args: string | Buffer, limits: WireLimits = DEFAULT_WIRE_LIMITS): ArgumentCursor {
  const head = Buffer.from('A1 X', 'latin1');
  const body = typeof args === 'string' ? Buffer.from(args, 'utf8') : args;
  return new ArgumentCursor(commandOf(Buffer.concat([head, body, Buffer.from('\r\n')]), limits), limits);
}
