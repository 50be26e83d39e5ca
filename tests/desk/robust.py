#!/usr/bin/env python3
"""The server of `digicheck serve` against what a hostile or clumsy client
sends: no token, a wrong host, a body over the limit, a slow and a malformed
request, path traversal out of the directory served, many sessions at once,
a draft that fails to parse, an answer the rule set does not take; then
SIGTERM must end it cleanly.

Usage: robust.py DIGICHECK DRAFTS-DIR RECORDS-DIR
DRAFTS-DIR holds antrag.md and kaputt.md (not UTF-8). Prints one line per
check and "N passed, N failed".
"""
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse

DIGICHECK, DRAFTS, RECORDS = sys.argv[1:4]
results = {"passed": 0, "failed": 0}


def check(ok, what, detail=""):
    results["passed" if ok else "failed"] += 1
    print(("ok: " if ok else "FAIL: ") + what + ("" if ok or not detail else ": " + str(detail)))


def start():
    proc = subprocess.Popen([DIGICHECK, "serve", "--records", RECORDS, DRAFTS],
                            stdout=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    m = re.search(r"http://127\.0\.0\.1:(\d+)/\?t=([0-9a-f]{32})", line)
    if not m:
        proc.kill()
        sys.exit("digicheck serve printed no URL: " + line)
    return proc, int(m.group(1)), m.group(2)


def request(port, method, path, body=None, headers=None, timeout=30):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    conn.request(method, path, body=body, headers=headers or {})
    res = conn.getresponse()
    data = res.read()
    conn.close()
    return res.status, data


def q(token, **args):
    return urllib.parse.urlencode(dict(t=token, **args))


def test_token(port, token):
    check(request(port, "GET", "/")[0] == 403, "no token: 403")
    check(request(port, "GET", "/api/files?t=" + "0" * 32)[0] == 403, "a wrong token: 403")
    check(request(port, "GET", "/api/files?t=" + token[:-1])[0] == 403, "a short token: 403")
    check(request(port, "GET", "/?" + q(token))[0] == 200, "the token in the query: 200")
    status, _ = request(port, "GET", "/api/files", headers={"X-Digicheck-Token": token})
    check(status == 200, "the token in a header: 200")
    status, _ = request(port, "GET", "/?" + q(token), headers={"Host": "evil.example:80"})
    check(status == 421, "another Host (DNS rebinding): refused", status)
    check(request(port, "GET", "/nothing?" + q(token))[0] == 404, "an unknown path: 404")
    check(request(port, "POST", "/api/files?" + q(token), body=b"")[0] == 405,
          "a wrong method: 405")


def test_limits(port, token):
    # the server answers from the headers, before the body
    s = socket.create_connection(("127.0.0.1", port), timeout=15)
    s.sendall(("POST /api/upload?" + q(token, name="big.md") + " HTTP/1.1\r\n"
               "Host: 127.0.0.1\r\nContent-Length: 8388609\r\n\r\n").encode())
    got = s.recv(4096)
    s.close()
    status = int(got.split()[1]) if got.startswith(b"HTTP/1.1 ") else got[:40]
    check(status == 413, "a body over 8 MiB: 413", status)
    check(not os.path.exists(os.path.join(RECORDS, "uploads", "big.md")),
          "the oversized upload is not kept")
    # a body sent without Content-Length (chunked) over the limit
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("POST", "/api/upload?" + q(token, name="big2.md"),
                     body=iter([b"y" * (1024 * 1024)] * 9), encode_chunked=True,
                     headers={"Transfer-Encoding": "chunked"})
        status = conn.getresponse().status
    except (ConnectionError, BrokenPipeError) as e:
        status = str(e)
    conn.close()
    check(status == 413, "a chunked body over 8 MiB: 413", status)


def test_slow_and_malformed(port, token):
    # half a request line, then silence: the server closes it after its timeout
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(b"GET /?t=" + token.encode() + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n")
    s.settimeout(30)
    started = time.time()
    try:
        got = s.recv(4096)
    except socket.timeout:
        got = None
    waited = time.time() - started
    s.close()
    check(got == b"" and waited < 20, f"a slow request is closed after {waited:.1f} s", got)
    for junk in [b"GARBAGE\r\n\r\n", b"GET / HTTP/9.9\r\n\r\n", b"\x00\xff\r\n\r\n",
                 b"GET /" + b"a" * 100000 + b" HTTP/1.1\r\nHost: x\r\n\r\n"]:
        s = socket.create_connection(("127.0.0.1", port))
        s.settimeout(15)
        try:
            s.sendall(junk)
            got = s.recv(4096)
        except (socket.timeout, ConnectionError):
            got = b""
        s.close()
        check(got == b"" or re.match(rb"HTTP/1\.[01] (4\d\d|505) ", got) is not None,
              f"malformed request {junk[:20]!r}: refused", got[:40])
    check(request(port, "GET", "/api/files?" + q(token))[0] == 200,
          "the server answers after them")


def test_traversal(port, token):
    outside = os.path.join(os.path.dirname(os.path.abspath(DRAFTS)), "outside.md")
    with open(outside, "w") as f:
        f.write("Geheim.\n")
    link = os.path.join(DRAFTS, "link.md")
    if not os.path.lexists(link):
        os.symlink(outside, link)
    for name in ["../outside.md", "/etc/passwd", "sub/../../outside.md", "link.md",
                 "./antrag.md", ".hidden", "antrag.md/..", ""]:
        status, data = request(port, "GET", "/api/draft?" + q(token, src="dir", name=name))
        check(status in (400, 403, 404) and b"Geheim" not in data,
              f"draft name {name!r}: refused ({status})", data[:80])
    for name in ["../x.md", ".record.yaml", "a/b.md", ".x"]:
        status, _ = request(port, "POST", "/api/upload?" + q(token, name=name), body=b"Text")
        check(status == 400, f"upload name {name!r}: refused ({status})")
    status, _ = request(port, "GET", "/api/draft?" + q(token, src="nowhere", name="antrag.md"))
    check(status == 403, "an unknown source: refused", status)
    os.unlink(link)


def test_concurrent(port, token):
    path = "/api/draft?" + q(token, src="dir", name="antrag.md")
    status, want = request(port, "GET", path)
    want = json.loads(want)["report"]
    errors = []

    def session(n):
        for _ in range(10):
            try:
                status, data = request(port, "GET", path)
                if status != 200 or json.loads(data)["report"] != want:
                    errors.append((n, status))
            except Exception as e:  # noqa: BLE001 - any failure counts
                errors.append((n, repr(e)))

    threads = [threading.Thread(target=session, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    check(not errors, "8 sessions × 10 checks at once: the same report each time", errors[:3])


def test_drafts(port, token):
    status, data = request(port, "GET", "/api/draft?" + q(token, src="dir", name="kaputt.md"))
    view = json.loads(data)
    check(status == 200 and view.get("error", {}).get("line") == 5,
          "a draft that fails to parse: its error and line", data[:200])
    status, data = request(port, "POST",
                           "/api/answer?" + q(token, src="dir", name="antrag.md",
                                              q="vp.it-system", a="vielleicht"))
    check(status == 400 and b"allows" in data, "an answer the question does not take: 400", data)
    record = os.path.join(RECORDS, "drafts", "antrag.md.record.yaml")
    check(not os.path.exists(record) or "vielleicht" not in open(record).read(),
          "the refused answer is not in the record")
    status, data = request(port, "POST",
                           "/api/answer?" + q(token, src="dir", name="antrag.md",
                                              q="vp.kein-solches", a="ja"))
    check(status == 400, "an unknown question: 400", data)
    status, data = request(port, "GET", "/api/draft?" + q(token, src="dir",
                                                           name="beschreibung/draft.yaml"))
    view = json.loads(data)
    f = view["report"]["files"][0]["findings"][0]
    span = view["text"].encode()[f["offset"]:f["offset"] + f["length"]].decode()
    check(status == 200 and span == f["match"],
          "a description's text_file is the text shown, the spans in it", span)
    status, data = request(port, "POST", "/api/upload?" + q(token, name="neu.md"),
                           body="## § 1\n\nDer Antrag ist schriftlich zu stellen.\n".encode())
    status, data = request(port, "GET", "/api/draft?" + q(token, src="upload", name="neu.md"))
    check(status == 200 and json.loads(data)["report"]["files"][0]["findings"],
          "an upload is checked")


def test_usage():
    for args in (["--port", "abc"], ["--port", "70000"], ["/nonexistent/dir"], [DRAFTS, DRAFTS]):
        res = subprocess.run([DIGICHECK, "serve"] + args, capture_output=True, text=True,
                             timeout=30)
        check(res.returncode == 2 and res.stderr.startswith("digicheck"),
              f"serve {' '.join(args)}: a usage error", res.stderr.strip())
    res = subprocess.run([DIGICHECK, "serve", "--help"], capture_output=True, text=True)
    check(res.returncode == 0 and "--records" in res.stdout, "serve --help")


def test_records(port, token):
    # a record written by hand, flat, with comments: the desk keeps its answers
    record = os.path.join(RECORDS, "drafts", "beschreibung", "entwurf.md.record.yaml")
    os.makedirs(os.path.dirname(record), exist_ok=True)
    with open(record, "w") as f:
        f.write("# von Hand\nvp.eu-bezug: nein\n")
    status, data = request(port, "POST", "/api/answer?" + q(
        token, src="dir", name="beschreibung/entwurf.md", q="vp.it-system", a="unsicher"))
    text = open(record).read()
    check(status == 200 and 'vp.eu-bezug: "nein"' in text and 'vp.it-system: "unsicher"' in text,
          "a flat record by hand: its answers kept, the new one added", text)
    status, data = request(port, "POST", "/api/answer?" + q(
        token, src="dir", name="beschreibung/entwurf.md", q="vp.it-system", a=""))
    text = open(record).read()
    check(status == 200 and "vp.it-system" not in text and "vp.eu-bezug" in text,
          "an empty answer takes the answer back", text)
    status, _ = request(port, "POST", "/api/answer?" + q(
        token, src="dir", name="beschreibung/entwurf.md", q="P5", a="nein", r="Kein Bezug, weil: \"so\""))
    status, _ = request(port, "POST", "/api/answer?" + q(
        token, src="dir", name="beschreibung/entwurf.md", q="vp.kommunikation", a="nein"))
    text = open(record).read()
    check(status == 200 and 'P5: {answer: "nein", begruendung: "Kein Bezug, weil: \\"so\\""}' in text,
          "a rating with its Begründung survives the next answer", text)
    res = subprocess.run([DIGICHECK, "check", "-f", "json", "--answers", record,
                          os.path.join(DRAFTS, "beschreibung", "entwurf.md")],
                         capture_output=True, text=True)
    qs = {x["id"]: x["answer"] for x in json.loads(res.stdout)["files"][0]["questions"]}
    check(qs.get("vp.eu-bezug") == "no" and qs.get("vp.it-system") is None,
          "digicheck check --answers reads the record the desk wrote", res.stderr)


def test_justify(port, token):
    status, data = request(port, "GET", "/api/files?" + q(token))
    supported = json.loads(data)["features"]["justify"]
    args = dict(src="dir", name="antrag.md", rule="form.schriftform",
                at="Art. 1 § 2 Abs. 1 Satz 1", reason="Das EU-Recht verlangt die Schriftform.")
    status, data = request(port, "POST", "/api/justify?" + q(token, **args))
    if not supported:
        check(status == 501, "justify before the library keeps justifications: 501", data)
        return
    record = open(os.path.join(RECORDS, "drafts", "antrag.md.record.yaml")).read()
    check(status == 200 and "Das EU-Recht" in record, "a justification in the record", record)
    status, data = request(port, "POST", "/api/justify?" + q(token, **dict(args, rule="kein.regel")))
    check(status == 400, "a justification for an unknown rule: 400", data)


def test_rule_errors(port, token):
    form = urllib.parse.urlencode({"id": "eigen.x", "principle": "P1", "category": "written-form",
                                   "severity": "warning", "match": "a"})
    status, data = request(port, "POST", "/api/rule/check?" + q(token), body=form,
                           headers={"Content-Type": "application/x-www-form-urlencoded"})
    err = json.loads(data).get("error", {})
    check(err.get("field") == "message", "a rule without a message: said at 'message'", data)
    form = urllib.parse.urlencode({"id": "eigen.x", "principle": "P9", "category": "written-form",
                                   "severity": "warning", "message": "m", "match": "a"})
    status, data = request(port, "POST", "/api/rule/check?" + q(token), body=form)
    err = json.loads(data).get("error", {})
    check(err.get("field") == "principle", "an unknown principle: said at 'principle'", data)
    form = urllib.parse.urlencode({"id": "../x", "principle": "P1", "category": "written-form",
                                   "severity": "warning", "message": "m", "match": "a"})
    status, data = request(port, "POST", "/api/rule/save?" + q(token), body=form)
    check(status == 422 and not os.path.exists(os.path.join(RECORDS, "x.yaml")),
          "a rule id that is no file name is not saved", data)


def test_rule_save(port, token):
    """The user's rule set extends the one served: its rules and the saved one."""
    form = urllib.parse.urlencode({"id": "eigen.fax", "principle": "P1",
                                   "category": "paper-or-post", "severity": "warning",
                                   "message": "Fax.", "match": "\\bFax\\b",
                                   "ex_match": "Die Anzeige ist per Fax zu senden."})
    status, data = request(port, "POST", "/api/rule/save?" + q(token), body=form)
    served = subprocess.run([DIGICHECK, "rules"], capture_output=True, text=True).stdout
    want = int(re.search(r"\((\d+) rules\)", served).group(1)) + 1
    check(status == 200 and json.loads(data).get("rules") == want,
          "a saved rule: the served rules and one more (%d)" % want, data)
    with open(os.path.join(RECORDS, "regeln", "ruleset.yaml"), encoding="utf-8") as f:
        head = f.read()
    check(re.search(r'^extends:\n  - "/', head, re.M) and "principles:" not in head,
          "the saved ruleset.yaml extends the served one", head)


def main():
    test_usage()
    proc, port, token = start()
    try:
        test_token(port, token)
        test_limits(port, token)
        test_traversal(port, token)
        test_concurrent(port, token)
        test_drafts(port, token)
        test_records(port, token)
        test_justify(port, token)
        test_rule_errors(port, token)
        test_rule_save(port, token)
        test_slow_and_malformed(port, token)
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            code = proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            code = None
    check(code == 0, "SIGTERM ends the server with status 0", code)
    print(f"{results['passed']} passed, {results['failed']} failed")
    sys.exit(1 if results["failed"] else 0)


main()
