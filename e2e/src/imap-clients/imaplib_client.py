"""Python's imaplib against a running `vercors serve`, as a user's script would use it.

Reads one JSON request on standard input and prints one JSON answer on standard output; the Node tests
(imap-python.test.ts, imap-mbsync.test.ts) assert on the answer. Standard library only (Debian's python3).

Request fields: scenario (below), host, imapPort, imapsPort, cafile, user, password, plus what the
scenario needs. Every socket has a timeout; every loop is bounded. On an unexpected error the answer
carries "error" (a traceback) and the exit status is 3; with "debug": true, imaplib prints the protocol
exchange (C:/S: lines) on standard error, which the Node side shows when an assertion fails.

Scenarios:
  tls_session       IMAPS (implicit TLS) and LOGIN: list, select, search (CHARSET UTF-8 literals), fetch
                    (RFC822, BODY.PEEK[HEADER], FLAGS, BODYSTRUCTURE, a body part), store, copy, append with
                    flags and date, UID MOVE, expunge, status, close, logout.
  starttls_session  Plain port, STARTTLS, AUTHENTICATE PLAIN, ENABLE UTF8=ACCEPT: UTF-8 names in LIST,
                    CREATE/RENAME/DELETE of an accented folder, SEARCH with a UTF-8 quoted string, and a
                    look (EXAMINE) at what the first session left in Archives.
  snapshot          Every mailbox (or the ones given): STATUS, and UID, FLAGS, INTERNALDATE and Message-ID
                    of every message (EXAMINE, so nothing changes).
  changes           Server-side changes addressed by Message-ID: add/remove flags, delete and UID EXPUNGE,
                    UID MOVE to another mailbox, APPEND with flags and date.
  cross_sessions    Several connections (on different workers of `vercors serve --workers 2`) select the
                    same mailbox; one writes, the others must see the changes (EXISTS, EXPUNGE, FETCH FLAGS)
                    at their next NOOP.
"""

import base64
import email
import email.policy
import hashlib
import imaplib
import json
import re
import ssl
import sys
import time
import traceback
from datetime import datetime

SOCKET_TIMEOUT_S = 30

# --- helpers ------------------------------------------------------------------------------------------


def text(value):
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, tuple):
        return [text(part) for part in value]
    if isinstance(value, list):
        return [text(part) for part in value]
    return value


def check(result, what):
    typ, data = result
    if typ != "OK":
        raise RuntimeError(f"{what}: {typ} {text(data)}")
    return data


def decode_mutf7(name):
    """Modified UTF-7 (RFC 3501 §5.1.3) to str; names the server sends to an IMAP4rev1 client."""
    out = []
    i = 0
    while i < len(name):
        if name[i] == "&":
            end = name.index("-", i)
            if end == i + 1:
                out.append("&")
            else:
                chunk = name[i + 1 : end].replace(",", "/")
                chunk += "=" * (-len(chunk) % 4)
                out.append(base64.b64decode(chunk).decode("utf-16-be"))
            i = end + 1
        else:
            out.append(name[i])
            i += 1
    return "".join(out)


LIST_LINE = re.compile(r'^\((?P<attributes>[^)]*)\) (?P<delimiter>"[^"]*"|NIL) (?P<name>.+)$')


def parse_list(lines):
    """LIST answers as {name (wire form), attributes}."""
    mailboxes = []
    for line in lines:
        if line is None:
            continue
        if isinstance(line, tuple):  # a name sent as a literal
            head, literal = line
            match = LIST_LINE.match(text(head) + '"x"')
            name = text(literal)
        else:
            match = LIST_LINE.match(text(line))
            name = match.group("name") if match else None
        if not match:
            raise RuntimeError(f"unreadable LIST line: {line!r}")
        if name.startswith('"') and name.endswith('"'):
            name = name[1:-1].replace('\\"', '"').replace("\\\\", "\\")
        mailboxes.append({"name": name, "attributes": match.group("attributes").split()})
    return mailboxes


def quote(value):
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def search_numbers(data):
    numbers = []
    for line in data:
        if line:
            numbers.extend(int(n) for n in text(line).split())
    return numbers


FETCH_HEAD = re.compile(r"^(?P<seq>\d+) \(")
LITERAL_ITEM = re.compile(r"(?P<item>(?:BODY|BINARY)\[[^\]]*\](?:<\d+>)?|RFC822(?:\.HEADER|\.TEXT)?) \{\d+\}$")


def parse_fetch(data):
    """imaplib's FETCH data as a list of {seq, text (the response without literals), literals: [bytes],
    sections: {item name: bytes}}; a response may be split over several tuples, one per literal."""
    items = []
    current = None
    for part in data:
        if part is None:
            continue
        head = text(part[0]) if isinstance(part, tuple) else text(part)
        match = FETCH_HEAD.match(head)
        if match:
            current = {"seq": int(match.group("seq")), "text": "", "literals": [], "sections": {}}
            items.append(current)
        elif current is None:
            raise RuntimeError(f"FETCH part without a head: {part!r}")
        current["text"] += head
        if isinstance(part, tuple):
            current["literals"].append(part[1])
            item = LITERAL_ITEM.search(head)
            if item:
                current["sections"][item.group("item")] = part[1]
    return items


def flags_of(fetch_text):
    match = re.search(r"FLAGS \(([^)]*)\)", fetch_text)
    return sorted(match.group(1).split()) if match else None


def uid_of(fetch_text):
    match = re.search(r"UID (\d+)", fetch_text)
    return int(match.group(1)) if match else None


def internal_date_of(fetch_text):
    match = re.search(r'INTERNALDATE "([^"]+)"', fetch_text)
    if not match:
        return None
    return datetime.strptime(match.group(1), "%d-%b-%Y %H:%M:%S %z").isoformat()


def message_id_of(header_bytes):
    message = email.message_from_bytes(header_bytes, policy=email.policy.compat32)
    value = message.get("Message-ID")
    return value.strip() if value else None


def tls_context(request):
    context = ssl.create_default_context(cafile=request["cafile"])
    # The certificate names imap.<domain>, localhost and 127.0.0.1 (subjectAltName): verify it fully.
    context.check_hostname = True
    context.verify_mode = ssl.CERT_REQUIRED
    return context


def connect_tls(request):
    client = imaplib.IMAP4_SSL(
        request["host"], request["imapsPort"], ssl_context=tls_context(request), timeout=SOCKET_TIMEOUT_S
    )
    if request.get("debug"):
        client.debug = 4
    return client


def untagged(client, name):
    """Take (and clear) the untagged responses of one kind that imaplib kept."""
    return text(client.untagged_responses.pop(name, []))


# --- scenarios ----------------------------------------------------------------------------------------


def tls_session(request, out):
    client = connect_tls(request)
    out["cipher"] = client.sock.version()
    out["greetingCapabilities"] = sorted(client.capabilities)

    try:
        client.login(request["user"], "not-the-password")
        out["wrongPassword"] = "accepted"
    except imaplib.IMAP4.error as error:
        out["wrongPassword"] = str(error)

    out["login"] = text(check(client.login(request["user"], request["password"]), "LOGIN"))
    out["capabilities"] = text(check(client.capability(), "CAPABILITY"))
    out["list"] = parse_list(check(client.list(), "LIST"))
    for mailbox in out["list"]:
        mailbox["decoded"] = decode_mutf7(mailbox["name"])

    out["select"] = text(check(client.select("INBOX"), "SELECT"))
    out["uidValidity"] = untagged(client, "UIDVALIDITY")
    out["searchAll"] = search_numbers(check(client.search(None, "ALL"), "SEARCH ALL"))

    # Non-ASCII criteria: imaplib sends them as literals after CHARSET UTF-8 (RFC 9051 §6.4.4).
    client.literal = request["subjectWord"].encode("utf-8")
    out["searchSubject"] = search_numbers(check(client.search("UTF-8", "SUBJECT"), "SEARCH SUBJECT"))
    client.literal = request["bodyWord"].encode("utf-8")
    out["searchBody"] = search_numbers(check(client.search("UTF-8", "BODY"), "SEARCH BODY"))
    out["searchUnseen"] = search_numbers(check(client.search(None, "UNSEEN"), "SEARCH UNSEEN"))
    out["searchNothing"] = search_numbers(
        check(client.search(None, "SUBJECT", quote("no such subject anywhere")), "SEARCH none")
    )

    french = str(out["searchSubject"][0]) if out["searchSubject"] else "1"
    [header] = parse_fetch(check(client.fetch(french, "(BODY.PEEK[HEADER] FLAGS)"), "FETCH HEADER"))
    headers = email.message_from_bytes(header["literals"][0], policy=email.policy.default)
    out["headerPeek"] = {
        "subject": str(headers["subject"]),
        "messageId": str(headers["message-id"]),
        "flags": flags_of(header["text"]),
        "endsWithBlankLine": header["literals"][0].endswith(b"\r\n\r\n"),
    }
    [after_peek] = parse_fetch(check(client.fetch(french, "(FLAGS)"), "FETCH FLAGS"))
    out["flagsAfterPeek"] = flags_of(after_peek["text"])

    [whole] = parse_fetch(check(client.fetch(french, "(RFC822)"), "FETCH RFC822"))
    raw = whole["literals"][0]
    message = email.message_from_bytes(raw, policy=email.policy.default)
    out["rfc822"] = {
        "base64": base64.b64encode(raw).decode("ascii"),
        "subject": str(message["subject"]),
        "body": message.get_body(("plain",)).get_content(),
    }
    [after_read] = parse_fetch(check(client.fetch(french, "(FLAGS)"), "FETCH FLAGS"))
    out["flagsAfterRfc822"] = flags_of(after_read["text"])

    attachment_seq = search_numbers(
        check(client.search(None, "SUBJECT", quote(request["attachmentSubject"])), "SEARCH attachment")
    )
    out["attachmentSearch"] = attachment_seq
    if attachment_seq:
        seq = str(attachment_seq[0])
        [structure] = parse_fetch(check(client.fetch(seq, "(BODYSTRUCTURE)"), "FETCH BODYSTRUCTURE"))
        out["bodystructure"] = structure["text"]
        [envelope] = parse_fetch(check(client.fetch(seq, "(ENVELOPE)"), "FETCH ENVELOPE"))
        out["envelope"] = envelope["text"]
        [part] = parse_fetch(check(client.fetch(seq, "(BODY.PEEK[2] BODY.PEEK[2.MIME])"), "FETCH part 2"))
        out["partTwo"] = {
            "text": part["text"],
            "sha256": hashlib.sha256(base64.b64decode(part["sections"]["BODY[2]"])).hexdigest(),
            "mime": text(part["sections"]["BODY[2.MIME]"]),
        }

    out["store"] = text(check(client.store("1:3", "+FLAGS", "(\\Seen)"), "STORE"))
    out["searchSeen"] = search_numbers(check(client.search(None, "SEEN"), "SEARCH SEEN"))
    out["storeSilent"] = text(check(client.store("4", "+FLAGS.SILENT", "(\\Flagged $Important)"), "STORE"))
    [flagged] = parse_fetch(check(client.fetch("4", "(FLAGS)"), "FETCH FLAGS"))
    out["flagsAfterSilentStore"] = flags_of(flagged["text"])

    out["copy"] = text(check(client.copy("1:2", "Archives"), "COPY"))
    appended = request["appendMessage"].encode("utf-8")
    date = datetime.fromisoformat(request["appendDate"])
    out["append"] = text(check(client.append("Archives", "(\\Seen \\Flagged)", date, appended), "APPEND"))

    [move_uid] = search_numbers(
        check(client.uid("SEARCH", "HEADER", "Message-ID", quote(request["moveMessageId"])), "UID SEARCH")
    )
    out["moveUid"] = move_uid
    client.untagged_responses.clear()
    typ, _ = client.uid("MOVE", str(move_uid), "Corbeille")
    out["move"] = {"status": typ, "ok": untagged(client, "OK"), "expunge": untagged(client, "EXPUNGE")}
    out["searchAfterMove"] = search_numbers(check(client.search(None, "ALL"), "SEARCH ALL"))

    check(client.store("5:6", "+FLAGS", "(\\Deleted)"), "STORE Deleted")
    out["expunge"] = text(check(client.expunge(), "EXPUNGE"))
    out["searchAfterExpunge"] = search_numbers(check(client.search(None, "ALL"), "SEARCH ALL"))

    out["statusInbox"] = text(check(client.status("INBOX", "(MESSAGES UNSEEN UIDNEXT)"), "STATUS"))
    out["statusArchives"] = text(check(client.status("Archives", "(MESSAGES UNSEEN)"), "STATUS"))
    out["statusCorbeille"] = text(check(client.status("Corbeille", "(MESSAGES)"), "STATUS"))
    out["close"] = text(check(client.close(), "CLOSE"))
    typ, data = client.logout()
    out["logout"] = [typ, text(data)]


def starttls_session(request, out):
    client = imaplib.IMAP4(request["host"], request["imapPort"], timeout=SOCKET_TIMEOUT_S)
    if request.get("debug"):
        client.debug = 4
    out["plainCapabilities"] = sorted(client.capabilities)
    out["starttls"] = text(check(client.starttls(ssl_context=tls_context(request)), "STARTTLS"))
    out["tlsCapabilities"] = sorted(client.capabilities)
    user, password = request["user"], request["password"]
    out["authenticate"] = text(
        check(client.authenticate("PLAIN", lambda _: f"\0{user}\0{password}".encode()), "AUTHENTICATE")
    )
    out["enable"] = text(check(client.enable("UTF8=ACCEPT"), "ENABLE"))
    out["enabled"] = untagged(client, "ENABLED")
    out["list"] = parse_list(check(client.list(), "LIST"))

    folder = request["folder"]
    renamed = request["renamedFolder"]
    out["create"] = text(check(client.create(quote(folder)), "CREATE"))
    out["listAfterCreate"] = parse_list(check(client.list('""', quote(folder.split("/")[0] + "/*")), "LIST"))
    out["rename"] = text(check(client.rename(quote(folder), quote(renamed)), "RENAME"))
    out["listAfterRename"] = parse_list(check(client.list('""', quote(folder.split("/")[0] + "*")), "LIST"))
    out["delete"] = text(check(client.delete(quote(renamed)), "DELETE"))
    out["deleteParent"] = text(check(client.delete(quote(folder.split("/")[0])), "DELETE"))
    out["listAfterDelete"] = parse_list(check(client.list('""', quote(folder.split("/")[0] + "*")), "LIST"))

    out["examine"] = text(check(client.select("INBOX", readonly=True), "EXAMINE"))
    # In UTF-8 mode (RFC 6855) a quoted string may hold UTF-8 and there is no CHARSET.
    out["searchUtf8"] = search_numbers(
        check(client.search(None, "SUBJECT", quote(request["subjectWord"])), "SEARCH UTF-8")
    )

    check(client.select("Archives", readonly=True), "EXAMINE Archives")
    archives = parse_fetch(
        check(
            client.fetch("1:*", "(UID FLAGS INTERNALDATE BODY.PEEK[HEADER.FIELDS (MESSAGE-ID SUBJECT)])"),
            "FETCH Archives",
        )
    )
    out["archives"] = [
        {
            "uid": uid_of(item["text"]),
            "flags": flags_of(item["text"]),
            "internalDate": internal_date_of(item["text"]),
            "messageId": message_id_of(item["literals"][0]) if item["literals"] else None,
        }
        for item in archives
    ]
    typ, data = client.logout()
    out["logout"] = [typ, text(data)]


def login_tls(request):
    client = connect_tls(request)
    check(client.login(request["user"], request["password"]), "LOGIN")
    return client


def snapshot_mailbox(client, name):
    status = text(check(client.status(quote(name), "(MESSAGES UIDNEXT UIDVALIDITY HIGHESTMODSEQ)"), "STATUS"))
    check(client.select(quote(name), readonly=True), f"EXAMINE {name}")
    messages = []
    exists = int(text(client.untagged_responses.get("EXISTS", [b"0"])[-1]))
    if exists > 0:
        data = check(
            client.fetch("1:*", "(UID FLAGS INTERNALDATE BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])"), "FETCH"
        )
        for item in parse_fetch(data):
            messages.append(
                {
                    "uid": uid_of(item["text"]),
                    "flags": flags_of(item["text"]),
                    "internalDate": internal_date_of(item["text"]),
                    "messageId": message_id_of(item["literals"][0]) if item["literals"] else None,
                }
            )
    check(client.close(), "CLOSE")
    return {"status": status, "exists": exists, "messages": messages}


def snapshot(request, out):
    client = login_tls(request)
    listed = parse_list(check(client.list(), "LIST"))
    names = request.get("mailboxes") or [mailbox["name"] for mailbox in listed]
    out["mailboxes"] = {name: snapshot_mailbox(client, name) for name in names}
    client.logout()


def uids_by_message_id(client, mailbox):
    check(client.select(quote(mailbox)), f"SELECT {mailbox}")
    data = check(client.fetch("1:*", "(UID BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])"), "FETCH")
    return {message_id_of(item["literals"][0]): uid_of(item["text"]) for item in parse_fetch(data)}


def uid_set(uids):
    if not uids:
        raise RuntimeError("empty UID set")
    return ",".join(str(uid) for uid in sorted(uids))


def changes(request, out):
    """request["changes"]: [{mailbox, addFlags?: {flag: [ids]}, removeFlags?, delete?: [ids],
    move?: {to, ids}, append?: [{raw, flags, date}]}], applied in order, one mailbox at a time."""
    client = login_tls(request)
    done = []
    for change in request["changes"]:
        mailbox = change["mailbox"]
        uids = uids_by_message_id(client, mailbox)

        def to_uids(ids):
            missing = [message_id for message_id in ids if message_id not in uids]
            if missing:
                raise RuntimeError(f"not in {mailbox}: {missing[:5]}")
            return uid_set(uids[message_id] for message_id in ids)

        for action in ("addFlags", "removeFlags"):
            for flag, ids in change.get(action, {}).items():
                sign = "+" if action == "addFlags" else "-"
                check(client.uid("STORE", to_uids(ids), f"{sign}FLAGS.SILENT", f"({flag})"), "UID STORE")
                done.append(f"{mailbox}: {sign}{flag} on {len(ids)}")
        if change.get("delete"):
            ids = change["delete"]
            check(client.uid("STORE", to_uids(ids), "+FLAGS.SILENT", "(\\Deleted)"), "UID STORE")
            check(client.uid("EXPUNGE", to_uids(ids)), "UID EXPUNGE")
            done.append(f"{mailbox}: expunged {len(ids)}")
        if change.get("move"):
            ids = change["move"]["ids"]
            typ, data = client.uid("MOVE", to_uids(ids), quote(change["move"]["to"]))
            if typ != "OK":
                raise RuntimeError(f"UID MOVE: {typ} {text(data)}")
            done.append(f"{mailbox}: moved {len(ids)} to {change['move']['to']}")
        for message in change.get("append", []):
            date = datetime.fromisoformat(message["date"])
            check(client.append(quote(mailbox), message["flags"], date, message["raw"].encode()), "APPEND")
        if change.get("append"):
            done.append(f"{mailbox}: appended {len(change['append'])}")
        check(client.close(), "CLOSE")
    out["done"] = done
    client.logout()


def cross_sessions(request, out):
    """Open `sessions` connections on `mailbox`; the first one writes, every other must see each change."""
    mailbox = request["mailbox"]
    clients = [login_tls(request) for _ in range(request["sessions"])]
    for client in clients:
        check(client.select(quote(mailbox)), "SELECT")
        client.untagged_responses.clear()
    writer, readers = clients[0], clients[1:]
    plan = request["plan"]

    uids = uids_by_message_id(writer, mailbox)
    writer.untagged_responses.clear()
    flagged = uid_set(uids[message_id] for message_id in plan["flag"])
    check(writer.uid("STORE", flagged, "+FLAGS.SILENT", "(\\Flagged)"), "UID STORE")
    deleted = uid_set(uids[message_id] for message_id in plan["delete"])
    check(writer.uid("STORE", deleted, "+FLAGS.SILENT", "(\\Deleted)"), "UID STORE")
    check(writer.uid("EXPUNGE", deleted), "UID EXPUNGE")
    for message in plan["append"]:
        check(writer.append(quote(mailbox), None, None, message.encode()), "APPEND")

    # Each reader polls with NOOP until it saw every change, for at most deadline seconds in all.
    deadline = time.monotonic() + request.get("deadlineSeconds", 20)
    seen = []
    for reader in readers:
        totals = {"EXPUNGE": 0, "FETCH": 0, "EXISTS": []}
        polls = 0
        while polls < 200 and time.monotonic() < deadline:
            polls += 1
            check(reader.noop(), "NOOP")
            totals["EXPUNGE"] += len(reader.untagged_responses.pop("EXPUNGE", []))
            totals["FETCH"] += len(reader.untagged_responses.pop("FETCH", []))
            totals["EXISTS"] += [int(text(n)) for n in reader.untagged_responses.pop("EXISTS", [])]
            if (
                totals["EXPUNGE"] >= len(plan["delete"])
                and totals["FETCH"] >= len(plan["flag"])
                and len(plan["append"]) > 0
                and totals["EXISTS"]
            ):
                break
            time.sleep(0.1)
        reader_flagged = search_numbers(check(reader.uid("SEARCH", "FLAGGED"), "UID SEARCH"))
        reader_all = search_numbers(check(reader.uid("SEARCH", "ALL"), "UID SEARCH"))
        seen.append({"polls": polls, **totals, "flaggedUids": reader_flagged, "allUids": reader_all})
    out["writerAll"] = search_numbers(check(writer.uid("SEARCH", "ALL"), "UID SEARCH"))
    out["writerFlagged"] = search_numbers(check(writer.uid("SEARCH", "FLAGGED"), "UID SEARCH"))
    out["readers"] = seen
    for client in clients:
        client.logout()


SCENARIOS = {
    "tls_session": tls_session,
    "starttls_session": starttls_session,
    "snapshot": snapshot,
    "changes": changes,
    "cross_sessions": cross_sessions,
}


def main():
    request = json.load(sys.stdin)
    out = {}
    try:
        SCENARIOS[request["scenario"]](request, out)
    except Exception:
        out["error"] = traceback.format_exc()
        print(json.dumps(out))
        sys.exit(3)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
