// RFC 5256 §2.1 base subject, for THREAD=REFERENCES/ORDEREDSUBJECT, SORT SUBJECT and our own thread ids.
// Beyond the RFC's "re"/"fw"/"fwd" it strips the reply and forward prefixes of French and other European clients
// ("TR :", "RE :", "AW:", "SV:") and allows the no-break spaces French typography puts before the colon.
// Security: linear loop on a string cut to MAX_SUBJECT_FOR_BASE; no backtracking regex.

/** Subjects are compared on this many leading characters; beyond it two subjects are the same thread anyway. */
const MAX_SUBJECT_FOR_BASE = 2048;

/** Reply/forward words (subj-refwd, RFC 5256 §5, extended): Re, Fw, Fwd; TR (transfert), AW/WG (German), SV/VS
 * (Nordic), RIF/R (Italian), RV/ENC (Spanish, Portuguese), Réf, Antw. */
const REFWD =
  /^(?:re|fwd?|tr|aw|wg|sv|vs|rif|rv|enc|r[ée]f|antw|r)[ \u00a0\u202f]*(?:\[[^[\]]*\]|\(\d{1,4}\)|\^\d{1,4})?[ \u00a0\u202f]*[:：]/iu;
const BLOB = /^\[[^[\]]*\]/;
const FWD_TRAILER = '(fwd)';

/** The base subject of a decoded subject: prefixes, list tags and "(fwd)" trailers removed, whitespace collapsed. */
export function baseSubject(subject: string): string {
  let text = subject.slice(0, MAX_SUBJECT_FOR_BASE).replace(/[\s\u00a0\u202f]+/gu, ' ');
  for (;;) {
    text = stripTrailers(text);
    let changed = true;
    while (changed) {
      changed = false;
      // (3) subj-leader: any blobs followed by a reply/forward word, or leading whitespace.
      const leader = matchLeader(text);
      if (leader > 0) {
        text = text.slice(leader);
        changed = true;
      }
      // (4) a leading blob ("[liste-profs]") goes when something is left after it.
      const blob = BLOB.exec(text);
      if (blob) {
        const rest = text.slice(blob[0].length).trimStart();
        if (rest !== '') {
          text = rest;
          changed = true;
        }
      }
    }
    // (6) "[fwd: subject]" wrapper.
    if (text.length > 6 && text.slice(0, 5).toLowerCase() === '[fwd:' && text.endsWith(']')) {
      text = text.slice(5, -1);
      continue;
    }
    return text.trim();
  }
}

/** Length of the subj-leader at the start of `text`, 0 when none. */
function matchLeader(text: string): number {
  let position = 0;
  while (text[position] === ' ') position++;
  if (position > 0) return position;
  let rest = text;
  let consumed = 0;
  for (;;) {
    const refwd = REFWD.exec(rest);
    if (refwd) return consumed + refwd[0].length;
    const blob = BLOB.exec(rest);
    if (!blob) return 0;
    const after = rest.slice(blob[0].length);
    const trimmed = after.trimStart();
    consumed += blob[0].length + (after.length - trimmed.length);
    rest = trimmed;
  }
}

/** (2) Remove trailing whitespace and "(fwd)" subj-trailers. */
function stripTrailers(subject: string): string {
  let text = subject;
  for (;;) {
    const trimmed = text.trimEnd();
    if (trimmed.toLowerCase().endsWith(FWD_TRAILER)) {
      text = trimmed.slice(0, -FWD_TRAILER.length);
      continue;
    }
    return trimmed;
  }
}
