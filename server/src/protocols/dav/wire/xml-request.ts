// Parse a WebDAV request body (PROPFIND, PROPPATCH, REPORT, extended MKCOL) into a namespace-aware DOM.
// Security: the body is hostile. Its size is bounded by the caller (DAV_LIMITS.maxXmlBodyBytes); a DOCTYPE is
// refused outright (no entity tricks, even though xmldom does not expand external entities); element depth
// and count are bounded; any malformation is a ParseError, never an exception of xmldom or a log line.

import { DOMParser, type Document, type Element } from '@xmldom/xmldom';
import { ParseError } from '#core/errors';
import { DAV_WIRE_LIMITS } from './dav-wire-limits.ts';

export type XmlElement = Element;

/** The body's root element; ParseError('badXml') for anything that is not a well-formed, bounded document. */
export function parseXmlBody(text: string): XmlElement {
  if (/<!DOCTYPE/i.test(text)) throw new ParseError('badXml', 'a DOCTYPE is not accepted in a WebDAV body');
  let document: Document;
  try {
    document = new DOMParser({
      onError: (level, message) => {
        // Warnings are ignored; errors are as fatal as xmldom's own fatal errors.
        if (level !== 'warning') throw new ParseError('badXml', `malformed XML: ${message}`);
      },
    }).parseFromString(text, 'application/xml');
  } catch (error) {
    if (error instanceof ParseError) throw error;
    throw new ParseError('badXml', `malformed XML: ${(error as Error).message}`, { cause: error });
  }
  const root = document.documentElement;
  if (root === null || root === undefined) throw new ParseError('badXml', 'the body has no root element');
  checkShape(root);
  return root;
}

function checkShape(root: Element): void {
  let count = 0;
  const walk = (element: Element, depth: number) => {
    count += 1;
    if (count > DAV_WIRE_LIMITS.maxElements)
      throw new ParseError('badXml', `a WebDAV body is limited to ${DAV_WIRE_LIMITS.maxElements} elements`);
    if (depth > DAV_WIRE_LIMITS.maxDepth)
      throw new ParseError('badXml', `a WebDAV body is limited to ${DAV_WIRE_LIMITS.maxDepth} levels`);
    for (const child of childElements(element)) walk(child, depth + 1);
  };
  walk(root, 1);
}

export function childElements(element: Element): Element[] {
  const children: Element[] = [];
  for (let node = element.firstChild; node !== null; node = node.nextSibling) {
    if (node.nodeType === 1) children.push(node as Element);
  }
  return children;
}

/** `{namespace}local` of an element. */
export function nameOf(element: Element): string {
  return `{${element.namespaceURI ?? ''}}${element.localName ?? element.nodeName}`;
}

export function isNamed(element: Element, namespace: string, local: string): boolean {
  return (element.namespaceURI ?? '') === namespace && element.localName === local;
}

export function firstChild(element: Element, namespace: string, local: string): Element | undefined {
  return childElements(element).find((child) => isNamed(child, namespace, local));
}

export function textOf(element: Element): string {
  return element.textContent ?? '';
}
