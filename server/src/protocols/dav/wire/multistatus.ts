// Write WebDAV response bodies with xmlbuilder2: 207 Multi-Status (RFC 4918 §13) with one propstat per status,
// the optional sync-token of sync-collection (RFC 6578 §6.2), and DAV:error bodies naming a precondition
// (§16). Values are a small tree, so no caller ever writes XML by hand (nor escapes it wrongly).

import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import { NS, PREFIXES, splitClark } from './dav-names.ts';

/** A property value: text, or child elements (each a Clark name with its own value). */
export type XmlValue = string | readonly XmlNode[];
export interface XmlNode {
  readonly name: string;
  readonly value?: XmlValue;
  /** Attributes without namespace (supported-address-data's content-type and version). */
  readonly attributes?: Readonly<Record<string, string>>;
}

export interface PropStat {
  readonly status: number;
  /** Properties with their values; a name alone (propname, 404) has no value. */
  readonly props: readonly XmlNode[];
}

export interface DavResponse {
  readonly href: string;
  readonly propstats?: readonly PropStat[];
  /** A status for the whole resource (404 in multiget and sync, 403 in PROPPATCH dependency…). */
  readonly status?: number;
  /** The precondition (Clark name) of the response's DAV:error, after its status (RFC 4918 §14.24). */
  readonly error?: string;
}

const REASONS: Readonly<Record<number, string>> = {
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  412: 'Precondition Failed',
  424: 'Failed Dependency',
  507: 'Insufficient Storage',
};

export function statusLine(status: number): string {
  return `HTTP/1.1 ${status} ${REASONS[status] ?? ''}`.trimEnd();
}

function document(rootName: string): XMLBuilder {
  const { namespace, local } = splitClark(rootName);
  const root = create({ version: '1.0', encoding: 'utf-8' }).ele(
    namespace,
    `${prefixOf(namespace)}:${local}`,
  );
  // Declared once at the root, so children do not repeat them.
  for (const [ns, prefix] of Object.entries(PREFIXES)) {
    if (ns !== namespace) root.att('http://www.w3.org/2000/xmlns/', `xmlns:${prefix}`, ns);
  }
  return root;
}

function prefixOf(namespace: string): string {
  return PREFIXES[namespace] ?? 'x';
}

function append(parent: XMLBuilder, node: XmlNode): void {
  const { namespace, local } = splitClark(node.name);
  const known = PREFIXES[namespace];
  const element =
    known === undefined ? parent.ele(namespace, `x:${local}`) : parent.ele(namespace, `${known}:${local}`);
  for (const [key, value] of Object.entries(node.attributes ?? {})) element.att(key, value);
  if (typeof node.value === 'string') element.txt(node.value);
  else for (const child of node.value ?? []) append(element, child);
}

const dav = (local: string) => `{${NS.dav}}${local}`;

export function buildMultistatus(responses: readonly DavResponse[], syncToken?: string): string {
  const root = document(dav('multistatus'));
  for (const response of responses) {
    const element = root.ele(NS.dav, 'd:response');
    element.ele(NS.dav, 'd:href').txt(response.href);
    for (const propstat of response.propstats ?? []) {
      if (propstat.props.length === 0) continue;
      const ps = element.ele(NS.dav, 'd:propstat');
      const prop = ps.ele(NS.dav, 'd:prop');
      for (const node of propstat.props) append(prop, node);
      ps.ele(NS.dav, 'd:status').txt(statusLine(propstat.status));
    }
    if (response.status !== undefined) element.ele(NS.dav, 'd:status').txt(statusLine(response.status));
    if (response.error !== undefined) append(element.ele(NS.dav, 'd:error'), { name: response.error });
  }
  if (syncToken !== undefined) root.ele(NS.dav, 'd:sync-token').txt(syncToken);
  return root.end({ prettyPrint: false });
}

/** A DAV:error body naming the precondition that failed (RFC 4918 §16), with optional children (hrefs). */
export function buildError(precondition: string, children: readonly XmlNode[] = []): string {
  const root = document(dav('error'));
  append(root, { name: precondition, value: children });
  return root.end({ prettyPrint: false });
}
