// Commands as real clients send them (imapflow, Thunderbird, iOS Mail, mbsync, plus the RFC examples), the
// seed of parser.fuzz.test.ts. Literal sizes are computed, so an entry stays valid when edited.

const MESSAGE = 'From: Ana <ana@example.org>\r\nSubject: R\xc3\xa9union\r\n\r\nBonjour\r\n';

/** `{n}` CRLF and the octets (a synchronising literal; the fuzz session accepts it). */
function literal(text: string, marker = ''): string {
  return `{${Buffer.byteLength(text, 'latin1')}${marker}}\r\n${text}`;
}

export const CLIENT_COMMANDS: readonly string[] = [
  // imapflow
  'A1 CAPABILITY\r\n',
  '1 ID ("name" "imapflow" "version" "1.0.164" "vendor" "Postal Systems")\r\n',
  '2 AUTHENTICATE PLAIN AGFuYUBleGFtcGxlLm9yZwBzZWNyZXQ=\r\n',
  '3 ENABLE CONDSTORE UTF8=ACCEPT QRESYNC\r\n',
  '4 LIST (SPECIAL-USE) "" "*" RETURN (SUBSCRIBED CHILDREN STATUS (MESSAGES UIDNEXT UNSEEN HIGHESTMODSEQ))\r\n',
  '5 SELECT INBOX (CONDSTORE)\r\n',
  '6 FETCH 1:* (UID FLAGS BODYSTRUCTURE ENVELOPE INTERNALDATE RFC822.SIZE MODSEQ EMAILID THREADID)\r\n',
  '7 UID FETCH 1:* (UID FLAGS) (CHANGEDSINCE 12345 VANISHED)\r\n',
  '8 UID STORE 5 +FLAGS.SILENT (\\Seen)\r\n',
  `9 APPEND INBOX (\\Seen) "14-Jul-2024 10:00:00 +0200" ${literal(MESSAGE)}\r\n`,
  '10 IDLE\r\nDONE\r\n',
  '11 UID SEARCH RETURN (MIN MAX COUNT ALL) SINCE 1-Jan-2024 NOT DELETED\r\n',
  '12 UID MOVE 1:5,9 "Archive/2024"\r\n',
  // Thunderbird
  '1 capability\r\n',
  '2 authenticate PLAIN\r\nAGFuYQBzZWNyZXQ=\r\n',
  '3 namespace\r\n',
  '4 lsub "" "*"\r\n',
  '5 select "INBOX"\r\n',
  '6 UID fetch 1:* (FLAGS)\r\n',
  '7 UID fetch 45 (UID RFC822.SIZE FLAGS BODY.PEEK[HEADER.FIELDS (From To Cc Bcc Subject Date Message-ID Priority X-Priority References Newsgroups In-Reply-To Content-Type Reply-To)])\r\n',
  '8 UID fetch 45 (UID RFC822.SIZE BODY.PEEK[])\r\n',
  '9 UID store 45,47:52 +Flags (\\Seen \\Answered $Forwarded)\r\n',
  '10 expunge\r\n',
  '11 UID copy 45 "Trash"\r\n',
  '12 STATUS "Sent" (UIDNEXT MESSAGES UNSEEN RECENT)\r\n',
  `13 UID SEARCH CHARSET UTF-8 SUBJECT ${literal('R\xc3\xa9union')}\r\n`,
  '14 create "Drafts/Brouillons &AOk-t&AOk-"\r\n',
  // iOS Mail
  '1 ID ("name" "iPhone Mail" "version" "21A5291h" "os" "iOS" "os-version" "17.0")\r\n',
  '2 LOGIN "ana@example.org" "pass word"\r\n',
  '3 LIST "" ""\r\n',
  '4 SELECT INBOX (QRESYNC (67890007 90060115 1:29997 (5000:7500,9000:9271 4001:5000,7001:7271)))\r\n',
  '5 UID FETCH 100 (BODY.PEEK[1]<0.4096> BODY.PEEK[1.MIME] BINARY.PEEK[1.2] BINARY.SIZE[2])\r\n',
  '6 UID EXPUNGE 3000:3002\r\n',
  '7 GETQUOTAROOT INBOX\r\n',
  // mbsync
  `1 LOGIN ana ${literal('pa"ss\\wd', '+')}\r\n`,
  '2 LIST "" "*"\r\n',
  '3 UID FETCH 1:1000000000 (UID FLAGS)\r\n',
  '4 UID STORE 12,14:16 +FLAGS.SILENT (\\Deleted)\r\n',
  `5 APPEND "INBOX" (\\Seen) ${literal(MESSAGE, '+')}\r\n`,
  '6 UID SEARCH HEADER X-TUID abcdef123456\r\n',
  '7 CLOSE\r\n',
  // RFC examples and extensions
  `A003 APPEND saved-messages ~{5}\r\na\0b\0c\r\n`,
  'A282 SEARCH RETURN (SAVE) FLAGGED SINCE 1-Feb-1994 NOT FROM "Smith"\r\nA283 UID FETCH $ (FLAGS)\r\n',
  'A284 UID THREAD REFERENCES UTF-8 ALL\r\n',
  'A285 UID SORT (REVERSE DATE) UTF-8 OR (FROM a) (TO b)\r\n',
  'A286 COMPRESS DEFLATE\r\n',
  'A287 RENAME "Old" "New/Sub"\r\n',
  'A288 STORE 1:3 (UNCHANGEDSINCE 320162338) +FLAGS.SILENT (\\Deleted)\r\n',
];
