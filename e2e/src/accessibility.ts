// axe-core (the engine of the usual accessibility audits) run in a page as it is, for the RGAA / WCAG 2.1 AA
// checks the web app must pass: the serious and critical violations, each with the elements concerned, so
// a failure says what to fix. The engine is evaluated through the browser's debugging protocol, which the
// page's CSP does not apply to (the app allows no inline script, rightly).

import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
let engine: string | undefined;

export interface AxeViolation {
  readonly id: string;
  readonly impact: string;
  readonly help: string;
  readonly targets: readonly string[];
}

/** The page's serious and critical WCAG 2.1 A/AA violations (none is what a screen must have). */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  engine ??= await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(`${engine}\n;undefined`);
  const found = (await page.evaluate(`axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    }).then((result) => result.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      targets: violation.nodes.map((node) => String(node.target)).slice(0, 5),
    })))`)) as AxeViolation[];
  return found.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
}
