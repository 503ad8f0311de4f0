// Queries built once per dialect and then only run: on the hot paths (an IMAP STORE runs a dozen statements)
// building and compiling Kysely queries cost as much CPU as SQLite spent running them. A prepared query is
// built with placeholders in place of its values, compiled on first use for each dialect (and each length of
// its list parameters), and every later call only fills the parameters in.
// The build function must not look at the values it is given: it sees placeholders, never the caller's data.

import type {
  Compilable,
  CompiledQuery,
  DialectAdapter,
  Insertable,
  Kysely,
  QueryResult,
  RawBuilder,
} from 'kysely';
import { boundConnection } from './bound-connection.ts';
import type { DatabaseSchema } from './schema.ts';

/** What a parameter may be: a value, or a list of values (an IN list; each length is its own statement). */
type Value = string | number | bigint | boolean | null | Uint8Array;
export type QueryParameters = Readonly<Record<string, Value | readonly Value[]>>;

export interface PreparedQuery<P extends QueryParameters, R> {
  /** Every row. */
  execute(db: Kysely<DatabaseSchema>, parameters: P): Promise<R[]>;
  /** The first row, or undefined. */
  executeTakeFirst(db: Kysely<DatabaseSchema>, parameters: P): Promise<R | undefined>;
  /** Rows changed by an UPDATE, INSERT or DELETE without RETURNING. */
  changes(db: Kysely<DatabaseSchema>, parameters: P): Promise<number>;
}

const QUERY_ID = { queryId: '' };

/** Stands for one parameter (or one item of a list parameter) while the query is compiled. */
class Placeholder {
  readonly name: string;
  readonly index: number | undefined;

  constructor(name: string, index?: number) {
    this.name = name;
    this.index = index;
  }
}

/** One compiled form: the SQL and, per parameter slot, where its value comes from. */
interface Template {
  readonly sql: string;
  readonly query: CompiledQuery['query'];
  /** A Placeholder is filled from the caller's parameters; anything else is a constant of the query. */
  readonly slots: readonly unknown[];
}

/** A query builder, or an `sql` template for what the builders cannot say. */
type Buildable<R> = Compilable<R> | RawBuilder<R>;

export function prepareQuery<P extends QueryParameters, R>(
  build: (db: Kysely<DatabaseSchema>, parameters: P) => Buildable<R>,
): PreparedQuery<P, R> {
  const templates = new WeakMap<DialectAdapter, Map<string, Template>>();

  function templateFor(db: Kysely<DatabaseSchema>, parameters: P): Template {
    const adapter = db.getExecutor().adapter;
    let byShape = templates.get(adapter);
    if (byShape === undefined) {
      byShape = new Map();
      templates.set(adapter, byShape);
    }
    const shape = shapeOf(parameters);
    let template = byShape.get(shape);
    if (template === undefined) {
      template = compileTemplate(db, build, parameters);
      byShape.set(shape, template);
    }
    return template;
  }

  async function run(db: Kysely<DatabaseSchema>, parameters: P): Promise<QueryResult<R>> {
    const template = templateFor(db, parameters);
    const values = template.slots.map((slot) => {
      if (!(slot instanceof Placeholder)) return slot;
      const value = parameters[slot.name];
      return slot.index === undefined ? value : (value as readonly Value[])[slot.index];
    });
    const compiled = { sql: template.sql, parameters: values, query: template.query, queryId: QUERY_ID };
    const connection = boundConnection(db);
    return await (connection === undefined
      ? db.executeQuery<R>(compiled)
      : connection.executeQuery<R>(compiled));
  }

  return {
    execute: async (db, parameters) => (await run(db, parameters)).rows,
    executeTakeFirst: async (db, parameters) => (await run(db, parameters)).rows[0],
    changes: async (db, parameters) => Number((await run(db, parameters)).numAffectedRows ?? 0n),
  };
}

export interface PreparedInsert<Row> {
  /** Insert the rows in one statement (a statement per row count); returns how many were inserted. */
  run(db: Kysely<DatabaseSchema>, rows: readonly Row[]): Promise<number>;
}

/**
 * A multi-row INSERT of `columns` into `table`, prepared: every row gives exactly these columns (a missing or
 * undefined one is refused, not left to the column default, and so is one not in the list, which would be
 * dropped silently).
 */
export function prepareInsert<T extends keyof DatabaseSchema & string>(
  table: T,
  columns: readonly (keyof Insertable<DatabaseSchema[T]> & string)[],
): PreparedInsert<Insertable<DatabaseSchema[T]>> {
  const query = prepareQuery((db, p: { values: readonly Value[] }) => {
    const rows: Record<string, Value | undefined>[] = [];
    for (let start = 0; start < p.values.length; start += columns.length) {
      const row: Record<string, Value | undefined> = {};
      columns.forEach((column, index) => {
        row[column] = p.values[start + index];
      });
      rows.push(row);
    }
    // The rows are built from this table's own column names.
    return db.insertInto(table).values(rows as never);
  });
  return {
    async run(db, rows) {
      const values: Value[] = [];
      for (const row of rows) {
        if (Object.keys(row).length !== columns.length) {
          throw new Error(`prepared insert into ${table}: a row's columns are not ${columns.join(', ')}`);
        }
        for (const column of columns) {
          const value = (row as Record<string, unknown>)[column];
          if (value === undefined) throw new Error(`prepared insert into ${table}: no value for ${column}`);
          values.push(value as Value);
        }
      }
      return rows.length === 0 ? 0 : await query.changes(db, { values });
    },
  };
}

/** The lengths of the list parameters: '' when there are none. */
function shapeOf(parameters: QueryParameters): string {
  let shape = '';
  for (const key in parameters) {
    const value = parameters[key];
    if (Array.isArray(value)) shape += `${key}:${value.length} `;
  }
  return shape;
}

function compileTemplate<P extends QueryParameters, R>(
  db: Kysely<DatabaseSchema>,
  build: (db: Kysely<DatabaseSchema>, parameters: P) => Buildable<R>,
  parameters: P,
): Template {
  const placeholders: Record<string, Placeholder | Placeholder[]> = {};
  for (const [name, value] of Object.entries(parameters)) {
    placeholders[name] = Array.isArray(value)
      ? value.map((_, index) => new Placeholder(name, index))
      : new Placeholder(name);
  }
  const built = build(db, placeholders as unknown as P);
  const compiled = 'isRawBuilder' in built ? built.compile(db) : built.compile();
  const used = new Set(compiled.parameters.filter((slot) => slot instanceof Placeholder));
  for (const placeholder of Object.values(placeholders).flat()) {
    // A placeholder the SQL does not carry was looked at or dropped by the build function: its value would be
    // ignored silently.
    if (!used.has(placeholder)) throw new Error(`prepared query: parameter ${placeholder.name} is not used`);
  }
  return { sql: compiled.sql, query: compiled.query, slots: compiled.parameters };
}
