#!/usr/bin/env python3
"""OpenViking's own clients against a server: every `ov` command and every public method of the
Python clients (scripts/client_calls.py), each outcome reduced to what must agree between servers.

    # record the outcomes of a REAL server (scripts/record-conformance.sh does this)
    client-conformance.py --url URL --clients ov,sdk,async --ov OV --record outcomes.json [--http-corpus DIR]
    # run against another server (the stand-in) and count agreements with the recording
    client-conformance.py --url URL --clients ov,sdk --ov OV --expect outcomes.json --known differences.json

An outcome: for `ov` the exit code and, with `-o json`, the answer's structure (keys and value types,
recursively, as scripts/record-conformance.py reduces an answer) and the values of its stable keys
(ids, times, scores and texts are thereby masked); in table output the exit code and the first
line with digits masked. For a Python method the exception class raised (and its error code), or
the type, structure and stable values of what it returned.

--http-corpus DIR puts a recording proxy between the clients and the server and writes every HTTP
exchange they make into DIR as the conformance corpus (NNN-<client>-<call>.json, the format of
record-conformance.py), ids a later request reuses turned into captures, for ConformanceReplayTest.

--expect compares with a recording: each call agrees or differs; a difference listed in --known
(a JSON object: "<client>:<call>" -> reason) is expected, any other fails the run (exit 1), and a
listed call that now agrees is reported so the list can shrink, unless its reason starts with
"timing" (it agrees or not as the servers' background work goes). A timing call whose other state
is known is listed as {"reason": ..., "or": [outcome, ...]}: it agrees with the recording or
matches one of those outcomes (the state the recording did not catch), and anything else fails. Standard library only, except the
clients themselves (openviking_sdk; openviking for the async client).
"""
import argparse
import asyncio
import http.client
import http.server
import importlib.util
import inspect
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import urllib.parse

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
import client_calls  # noqa: E402

_spec = importlib.util.spec_from_file_location("record_conformance", os.path.join(here, "record-conformance.py"))
rc = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(rc)

ACCOUNT, USER = rc.ACCOUNT, rc.USER
DIGITS = re.compile(r"\d+(\.\d+)?")
IDS = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{16,}", re.IGNORECASE)


def head(line):
    """A table's first line, comparable across servers: ids and figures masked, column padding collapsed."""
    return re.sub(r"\s+", " ", DIGITS.sub("#", IDS.sub("<id>", line.strip())))[:120]


def reduce_json(value):
    if isinstance(value, (dict, list)):
        return {"shape": rc.shape(value), "values": rc.stable_values(value) if isinstance(value, dict) else {}}
    return {"shape": rc.shape(value)}


def fill(value, ctx):
    """{R}, {S}, {tmp} and captured {names} in strings, lists and dicts."""
    if isinstance(value, str):
        return re.sub(r"\{(\w+)\}", lambda m: str(ctx.get(m.group(1), m.group(0))), value)
    if isinstance(value, list):
        return [fill(v, ctx) for v in value]
    if isinstance(value, dict):
        return {k: fill(v, ctx) for k, v in value.items()}
    return value


def capture(call, answer, ctx):
    for var, key in call.get("capture", {}).items():
        found = find_key(answer, key)
        if found is not None:
            ctx[var] = found


def find_key(value, key):
    if isinstance(value, dict):
        if key in value and isinstance(value[key], str):
            return value[key]
        for v in value.values():
            hit = find_key(v, key)
            if hit is not None:
                return hit
    return None


def prepare(tmp):
    with open(os.path.join(tmp, "alpha.md"), "w") as f:
        f.write(client_calls.DOC_A)
    with open(os.path.join(tmp, "beta.md"), "w") as f:
        f.write(client_calls.DOC_B)
    os.makedirs(os.path.join(tmp, "skill"), exist_ok=True)
    with open(os.path.join(tmp, "skill", "SKILL.md"), "w") as f:
        f.write(client_calls.SKILL)


# ---------------------------------------------------------------------------------------------- ov
def run_ov(ov, url, key, proxy_names, say):
    tmp = tempfile.mkdtemp(prefix="cc-ov-")
    prepare(tmp)
    home = os.path.join(tmp, "home")
    os.makedirs(os.path.join(home, ".openviking"))
    with open(os.path.join(home, ".openviking", "ovcli.settings.conf"), "w") as f:
        json.dump({"language": "en"}, f)
    conf = os.path.join(tmp, "ovcli.conf")
    with open(conf, "w") as f:
        json.dump({"url": url, "api_key": key, "root_api_key": key, "account": ACCOUNT, "user": USER,
                   "timeout": 60}, f)
    os.chmod(conf, 0o600)
    env = dict(os.environ, HOME=home, OPENVIKING_CLI_CONFIG_FILE=conf, NO_COLOR="1")
    ctx = {"R": "viking://resources/cc-ov", "S": "cc-ov-s1", "tmp": tmp}
    out = {}
    for call in client_calls.ov_calls():
        modes = ["json", "table"] if call["both"] else ["json"]
        for mode in modes:
            name = call["name"] if mode == "json" else call["name"] + " (table)"
            proxy_names.append("ov-" + re.sub(r"[^\w-]", "", name.replace(" ", "-")))
            argv = [ov, "-o", mode] + fill(call["argv"], ctx)
            try:
                p = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
                rc_, stdout = p.returncode, p.stdout
            except subprocess.TimeoutExpired:
                rc_, stdout = "timeout", ""
            outcome = {"exit": rc_}
            # ov echoes the request it sends ("cmd: ov ...") before the answer; errors go to stderr
            lines = [line for line in stdout.splitlines() if line.strip() and not line.startswith("cmd: ")]
            if mode == "json":
                text = "\n".join(lines) if lines else (p.stderr if rc_ != "timeout" else "")
                start = min([i for i in (text.find("{"), text.find("[")) if i >= 0], default=-1)
                try:
                    answer = json.loads(text[start:]) if start >= 0 else None
                    outcome.update(reduce_json(answer))
                    if isinstance(answer, dict):
                        capture(call, answer, ctx)
                except ValueError:
                    outcome["not_json"] = head(lines[0]) if lines else ""
            else:
                outcome["head"] = head(lines[0]) if lines else ""
            out[name] = outcome
            say("ov", name, outcome)
    return out


# ---------------------------------------------------------------------------------------- python
def describe_error(e):
    code = getattr(e, "code", None)
    return {"raised": type(e).__name__, "code": code if isinstance(code, str) else None}


def reduce_result(result):
    if result is None or isinstance(result, (bool, int, float, str, bytes)):
        kind = type(result).__name__
        return {"returned": kind, "value": result if isinstance(result, bool) else None}
    if hasattr(result, "__dict__") and not isinstance(result, (dict, list)):
        result = {k: v for k, v in vars(result).items() if not k.startswith("_")}
    if isinstance(result, (dict, list)):
        try:
            json.dumps(result)
        except TypeError:
            result = json.loads(json.dumps(result, default=lambda o: getattr(o, "__dict__", str(o))))
        return {"returned": type(result).__name__, **reduce_json(result)}
    return {"returned": type(result).__name__}


def resolve(client, method):
    target = client
    for part in method.split("."):
        target = getattr(target, part)
    return target


def run_python(kind, url, key, proxy_names, say):
    tmp = tempfile.mkdtemp(prefix="cc-" + kind + "-")
    prepare(tmp)
    ctx = {"R": "viking://resources/cc-" + kind, "S": "cc-" + kind + "-s1", "tmp": tmp}
    out = {}
    if kind == "sdk":
        from openviking_sdk import SyncHTTPClient
        client = SyncHTTPClient(url=url, api_key=key, account=ACCOUNT, user=USER, timeout=60)
        client.initialize()
        invoke = lambda fn, a, kw: fn(*a, **kw)  # noqa: E731
    else:
        from openviking import AsyncHTTPClient
        loop = asyncio.new_event_loop()
        client = AsyncHTTPClient(url=url, api_key=key, account=ACCOUNT, user=USER, timeout=60)
        loop.run_until_complete(client.initialize())

        def invoke(fn, a, kw):
            result = fn(*a, **kw) if callable(fn) else fn
            return loop.run_until_complete(result) if inspect.isawaitable(result) else result
    try:
        for call in client_calls.py_calls():
            if call.get("only", kind) != kind:
                continue
            proxy_names.append(kind + "-" + call["name"])
            try:
                attr = resolve(client, call["method"])
                result = invoke(attr, fill(call["args"], ctx), fill(call["kwargs"], ctx)) if callable(attr) or inspect.isawaitable(attr) else attr
                if inspect.isawaitable(result):
                    result = loop.run_until_complete(result)
                outcome = reduce_result(result)
                if isinstance(result, dict):
                    capture(call, result, ctx)
            except Exception as e:  # every client error type counts: the class is the outcome
                outcome = describe_error(e)
            out[call["name"]] = outcome
            say(kind, call["name"], outcome)
    finally:
        try:
            invoke(client.close, [], {})
        except Exception:
            pass
    return out


# ----------------------------------------------------------------------------------- the proxy
class Corpus:
    """Writes the HTTP exchanges the clients make as conformance-corpus files, ids as captures."""

    def __init__(self, directory, key):
        self.dir, self.key = directory, key
        os.makedirs(directory, exist_ok=True)
        for name in os.listdir(directory):
            if re.match(r"\d{3,4}-.*\.json$", name):
                os.remove(os.path.join(directory, name))
        self.count = 0
        self.known = {}  # a value seen in an answer -> (variable, file, path)
        self.files = {}
        self.lock = threading.Lock()

    def auth(self, headers):
        headers = {k.lower(): v for k, v in headers.items()}
        key = headers.get("x-api-key")
        bearer = headers.get("authorization", "")
        if key == self.key or bearer == "Bearer " + self.key:
            who = (headers.get("x-openviking-account"), headers.get("x-openviking-user"))
            kind = "bearer" if bearer and not key else "root"
            return kind if who == (ACCOUNT, USER) else "no-identity" if who == (None, None) else "other"
        return "none" if not key and not bearer else "wrong-key"

    def template(self, text):
        uses = {}
        for value in sorted(self.known, key=len, reverse=True):
            if value in text:
                var = self.known[value][0]
                text = text.replace(value, "{{" + var + "}}")
                uses[var] = self.known[value]
        for var, (_, file, path) in uses.items():
            exchange = self.files[file]
            exchange.setdefault("capture", {})[var] = path
            self.write(file, exchange)
        return text

    def learn(self, value, file, path=""):
        if isinstance(value, dict):
            for k, v in value.items():
                self.learn(v, file, f"{path}.{k}" if path else k)
        elif isinstance(value, str) and len(value) >= 8 and rc.VOLATILE.search(value) \
                and value not in self.known and "/" not in value and " " not in value:
            self.known[value] = (f"v{len(self.known) + 1}", file, path)

    def write(self, file, exchange):
        with open(os.path.join(self.dir, file), "w", encoding="utf-8") as f:
            json.dump(exchange, f, indent=2, ensure_ascii=False)
            f.write("\n")

    def record(self, name, method, path, headers, body, status, data):
        with self.lock:
            self.count += 1
            request = {"method": method, "path": self.template(path), "auth": self.auth(headers)}
            ctype = {k.lower(): v for k, v in headers.items()}.get("content-type", "")
            if body:
                upload = re.search(rb'filename="([^"]+)"\r\n(?:[^\r\n]+\r\n)*\r\n(.*)\r\n--', body, re.S)
                if ctype.startswith("multipart/") and upload:
                    request["upload"] = {"file_name": upload.group(1).decode(), "content": upload.group(2).decode("utf-8", "replace")}
                else:
                    try:
                        request["body"] = json.loads(self.template(body.decode()))
                    except ValueError:
                        request["raw_body"] = self.template(body.decode("utf-8", "replace"))
                        request["content_type"] = ctype
            try:
                parsed = json.loads(data) if data else None
            except ValueError:
                parsed = None
            answer = {"status": status}
            if isinstance(parsed, dict):
                error = parsed.get("error") if isinstance(parsed.get("error"), dict) else {}
                answer.update(code=error.get("code"), message=error.get("message"), shape=rc.shape(parsed),
                              values=rc.stable_values(parsed))
            else:
                answer["not_json"] = data[:200].decode("utf-8", "replace")
            file = f"{self.count:04d}-{name}.json"
            exchange = {"name": f"{name}-{self.count:04d}", "request": request, "response": answer}
            self.files[file] = exchange
            self.write(file, exchange)
            if isinstance(parsed, dict):
                self.learn(parsed, file)


def start_proxy(upstream, corpus, names):
    target = urllib.parse.urlparse(upstream)

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *a):
            pass

        def forward(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection", "accept-encoding")}
            conn = http.client.HTTPConnection(target.hostname, target.port, timeout=300)
            conn.request(self.command, self.path, body=body or None, headers=headers)
            response = conn.getresponse()
            data = response.read()
            conn.close()
            corpus.record(names[-1] if names else "setup", self.command, self.path, dict(self.headers), body,
                          response.status, data)
            self.send_response(response.status)
            for k, v in response.getheaders():
                if k.lower() not in ("transfer-encoding", "content-length", "connection", "content-encoding"):
                    self.send_header(k, v)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = forward

    class Server(http.server.ThreadingHTTPServer):
        def handle_error(self, request, client_address):
            if not isinstance(sys.exc_info()[1], ConnectionError):  # a client closing a kept-alive connection
                super().handle_error(request, client_address)

    server = Server(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


# ------------------------------------------------------------------------------------ comparing
def compare(expected, actual):
    """Differences between two outcomes: (field, real, ours)."""
    diffs = []
    for k in sorted(set(expected) | set(actual)):
        if k == "shape":
            a, b = json.dumps(expected.get(k), sort_keys=True), json.dumps(actual.get(k), sort_keys=True)
            if a != b:
                diffs.append((k, keys_diff(expected.get(k), actual.get(k))))
        elif k == "values":
            ev, av = expected.get(k) or {}, actual.get(k) or {}
            for vk in sorted(ev):
                if ev[vk] != av.get(vk, "(absent)"):
                    diffs.append((f"{k}.{vk}", f"real {ev[vk]!r}, stand-in {av.get(vk, '(absent)')!r}"))
        elif expected.get(k) != actual.get(k):
            diffs.append((k, f"real {expected.get(k)!r}, stand-in {actual.get(k)!r}"))
    return diffs


def keys_diff(a, b, path=""):
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            if k not in b:
                return f"{path}{k}: missing on the stand-in"
            if k not in a:
                return f"{path}{k}: only on the stand-in"
            if a[k] != b[k]:
                return keys_diff(a[k], b[k], f"{path}{k}.")
    if isinstance(a, list) and isinstance(b, list) and a and b:
        return keys_diff(a[0], b[0], path[:-1] + "[].")
    return f"{path[:-1] or '(body)'}: real {json.dumps(a)[:60]}, stand-in {json.dumps(b)[:60]}"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--url", required=True)
    p.add_argument("--api-key", default="test-root-api-key")
    p.add_argument("--clients", default="ov,sdk,async")
    p.add_argument("--ov", default="ov")
    p.add_argument("--record")
    p.add_argument("--expect")
    p.add_argument("--known")
    p.add_argument("--http-corpus")
    p.add_argument("--quiet", action="store_true")
    args = p.parse_args()
    if bool(args.record) == bool(args.expect):
        sys.exit("client-conformance: give one of --record FILE or --expect FILE")
    url, names, proxy = args.url, [], None
    if args.http_corpus:
        proxy, url = start_proxy(args.url, Corpus(args.http_corpus, args.api_key), names)

    def say(client, name, outcome):
        if not args.quiet:
            print(f"{client:5} {name:40} {json.dumps(outcome)[:150]}", file=sys.stderr)

    results = {}
    for client in args.clients.split(","):
        if client == "ov":
            results["ov"] = run_ov(args.ov, url, args.api_key, names, say)
        elif client in ("sdk", "async"):
            results[client] = run_python(client, url, args.api_key, names, say)
        else:
            sys.exit(f"client-conformance: unknown client {client!r}: ov, sdk or async")
    if proxy:
        proxy.shutdown()
    if args.record:
        with open(args.record, "w", encoding="utf-8") as f:
            json.dump(results, f, indent=1, sort_keys=True)
            f.write("\n")
        print(f"client-conformance: {sum(len(v) for v in results.values())} outcomes recorded into {args.record}")
        return 0
    with open(args.expect, encoding="utf-8") as f:
        expected = json.load(f)
    known = {}
    if args.known:
        with open(args.known, encoding="utf-8") as f:
            known = json.load(f)
    agree, total, other_state, unexpected, fixed = 0, 0, 0, [], []
    for client, calls in results.items():
        for name, outcome in calls.items():
            if name not in expected.get(client, {}):
                continue
            total += 1
            key = f"{client}:{name}"
            entry = known.get(key)
            reason = entry["reason"] if isinstance(entry, dict) else entry
            diffs = compare(expected[client][name], outcome)
            if not diffs:
                agree += 1
                if reason is not None and not reason.startswith("timing"):
                    fixed.append(key)
                continue
            line = f"{key}: " + "; ".join(f"{field}: {what}" for field, what in diffs)
            if isinstance(entry, dict):
                if any(not compare(other, outcome) for other in entry["or"]):
                    other_state += 1
                    print("other  " + line)
                    continue
                entry = None  # neither state: unexpected
            print(("known  " if entry is not None else "DIFFER ") + line)
            if entry is None:
                unexpected.append(line)
    by_client = ", ".join(f"{c} {sum(1 for n, o in calls.items() if n in expected.get(c, {}) and not compare(expected[c][n], o))}"
                          f" of {sum(1 for n in calls if n in expected.get(c, {}))}" for c, calls in results.items())
    print(f"client-conformance: {agree} of {total} calls agree with OpenViking 0.5.2 ({by_client}); "
          f"{other_state} in the other timing state, {total - agree - other_state - len(unexpected)} known differences, "
          f"{len(unexpected)} unexpected")
    for key in fixed:
        print(f"now agrees (remove from {args.known}): {key}")
    return 1 if unexpected else 0


if __name__ == "__main__":
    sys.exit(main())
