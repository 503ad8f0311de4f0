// What the compose window adds to its editor: the Spelling extension (spelling-plugin.ts) reaching the server
// through the JMAP client, with its styles. On a server whose session offers no spell check it is inert and
// the browser's own spell check stays on.

import type { JmapClient } from '../../jmap/jmap-client.ts';
import { jmapSpellingServer } from './jmap-spell-check.ts';
import { Spelling, type Translate } from './spelling-plugin.ts';
import './spelling.css';

/** The editor extension: `extensions: [StarterKit, spellingExtension(client, t)]`. */
export function spellingExtension(client: JmapClient, translate: Translate) {
  const server = jmapSpellingServer(client);
  return Spelling.configure({
    check: server?.check,
    ...(server !== undefined && { maxTextLength: server.maxTextLength }),
    translate,
  });
}
