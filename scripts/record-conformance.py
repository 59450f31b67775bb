#!/usr/bin/env python3
"""Records the conformance corpus: a scripted conversation with a REAL OpenViking server.

    scripts/record-conformance.py BASE_URL ROOT_API_KEY OUT_DIR

Run through scripts/record-conformance.sh, which starts the real server (and the mock model
provider) and stops it again. Every exchange is written to OUT_DIR/NNN-<name>.json: the request
(method, path with its raw query, auth variant, body), the status, the error code and the
structure of the answer (keys and value types, recursively) plus the values of a few stable keys
(statuses, task types, URIs that the script chose). Ids, times and scores are never stored: only
their type. Values a later request needs (a temp_file_id, a task_id) are captured by name and
written into the request as {{name}}, so a replay can fill them from its own answers.

OUT_DIR/not-compared.json is written by hand and is never touched here.
Only the standard library: this must run on any python3.
"""
import http.client
import json
import os
import re
import sys
import urllib.parse

ACCOUNT = "conf"
USER = "alice"
OTHER_USER = "bob"
# keys whose values are stable across runs and servers (everything else is compared by type only)
STABLE_KEYS = {"status", "task_type", "context_type", "archived", "is_dir", "root_uri", "source_name",
               "role", "uri", "session_id", "is_healthy", "code", "name", "archive_uri", "type",
               "reason", "stage", "conflict_type", "retryable", "operation", "account_id", "user_id"}
VOLATILE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-|[0-9a-f]{16,}|\d{4}-\d\d-\d\dT|upload_", re.IGNORECASE)


def shape(value):
    """The structure of a JSON value: objects by key, arrays by the merge of their items, scalars by type."""
    if isinstance(value, dict):
        return {k: shape(v) for k, v in sorted(value.items())}
    if isinstance(value, list):
        merged = None
        for item in value:
            merged = shape(item) if merged is None else merge(merged, shape(item))
        return [] if merged is None else [merged]
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    return "null"


def merge(a, b):
    if a == b:
        return a
    if isinstance(a, dict) and isinstance(b, dict):
        return {k: merge(a[k], b[k]) if k in a and k in b else a.get(k, b.get(k)) for k in sorted(set(a) | set(b))}
    if isinstance(a, list) and isinstance(b, list):
        return a or b if not (a and b) else [merge(a[0], b[0])]
    if isinstance(a, str) and isinstance(b, str):
        return "|".join(sorted(set(a.split("|")) | set(b.split("|"))))
    return a if isinstance(a, (dict, list)) else b  # an object or array that is sometimes null


def stable_values(value, path="", out=None):
    """Values at stable keys, outside arrays (items of an array vary in number and order)."""
    out = {} if out is None else out
    if isinstance(value, dict):
        for k, v in value.items():
            p = f"{path}.{k}" if path else k
            if isinstance(v, dict):
                stable_values(v, p, out)
            elif k in STABLE_KEYS and isinstance(v, bool):
                out[p] = v
            elif k in STABLE_KEYS and isinstance(v, str) and len(v) <= 120 and "\n" not in v and not VOLATILE.search(v):
                out[p] = v
    return out


def pick(body, path):
    for part in path.split("."):
        body = body.get(part) if isinstance(body, dict) else None
    return body


class Recorder:
    def __init__(self, base, key, out):
        parsed = urllib.parse.urlparse(base)
        self.host, self.port = parsed.hostname, parsed.port
        self.key, self.out = key, out
        self.vars = {}
        self.count = 0
        self.names = set()

    def fill(self, text, pad_bytes=0):
        text = text.replace("{{pad}}", "x" * pad_bytes)
        return re.sub(r"\{\{(\w+)\}\}", lambda m: str(self.vars.get(m.group(1), "<missing-" + m.group(1) + ">")), text)

    def headers(self, auth):
        h = {}
        if auth in ("root", "no-identity"):
            h["X-API-Key"] = self.key
        elif auth == "bearer":
            h["Authorization"] = "Bearer " + self.key
        elif auth == "wrong-key":
            h["X-API-Key"] = "wrong-key"
        if auth in ("root", "bearer", "wrong-key", "no-key"):
            h["X-OpenViking-Account"] = ACCOUNT
            h["X-OpenViking-User"] = USER
        elif auth == "other-user":
            h.update({"X-API-Key": self.key, "X-OpenViking-Account": ACCOUNT, "X-OpenViking-User": OTHER_USER})
        return h

    def send(self, name, method, path, body=None, auth="root", capture=None, note=None, raw=None,
             upload=None, content_type=None, pad_bytes=0, timeout=120):
        """One exchange: send, record, capture. body is JSON (a template after json.dumps); raw is bytes as they are."""
        assert name not in self.names, name
        self.names.add(name)
        request = {"method": method, "path": path, "auth": auth}
        headers = self.headers(auth)
        payload = None
        if upload is not None:
            file_name, text = upload
            request["upload"] = {"file_name": file_name, "content": text}
            boundary = "conformanceboundary"
            payload = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\n"
                       f"Content-Type: application/octet-stream\r\n\r\n{text}\r\n--{boundary}--\r\n").encode()
            headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
        elif raw is not None:
            request["raw_body"] = raw
            request["content_type"] = content_type or "application/json"
            if pad_bytes:
                request["pad_bytes"] = pad_bytes  # {{pad}} in raw_body stands for this many "x"
            payload = self.fill(raw, pad_bytes).encode()
            headers["Content-Type"] = request["content_type"]
        elif body is not None:
            request["body"] = body
            payload = self.fill(json.dumps(body)).encode()
            headers["Content-Type"] = "application/json"
        conn = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        conn.request(method, self.fill(path), body=payload, headers=headers)
        response = conn.getresponse()
        data = response.read()
        conn.close()
        try:
            parsed = json.loads(data) if data else None
            is_json = True
        except ValueError:
            parsed, is_json = data.decode("utf-8", "replace")[:200], False
        answer = {"status": response.status}
        if is_json and isinstance(parsed, dict):
            error = parsed.get("error") if isinstance(parsed.get("error"), dict) else {}
            answer["code"] = error.get("code")
            answer["message"] = error.get("message")
            answer["shape"] = shape(parsed)
            answer["values"] = stable_values(parsed)
        else:
            answer["not_json"] = parsed if not is_json else json.dumps(parsed)[:200]
        exchange = {"name": name, "request": request, "response": answer}
        if note:
            exchange["note"] = note
        if capture:
            exchange["capture"] = capture
            for var, where in capture.items():
                self.vars[var] = pick(parsed, where) if isinstance(parsed, dict) else None
        self.count += 1
        with open(os.path.join(self.out, f"{self.count:03d}-{name}.json"), "w", encoding="utf-8") as f:
            json.dump(exchange, f, indent=2, sort_keys=False, ensure_ascii=False)
            f.write("\n")
        print(f"{self.count:03d} {response.status} {answer.get('code') or ''} {method} {path[:70]} ({name})",
              file=sys.stderr)
        return parsed


DOC_A = "# Alpha\n\nThe benchmark document about retrieval latency and throughput.\n\nA second paragraph on queues.\n"
DOC_B = "# Beta\n\nSession commit memory extraction notes.\n"
DOC_P = "# Private\n\nproj-private secret retrieval notes.\n"
# about 40 chunks: long enough that an rm sent right after its add finds it still being processed
DOC_BUSY = "".join(f"## Part {i}\n\n" + "Busy resource text about retrieval latency and queues. " * 9 + "\n\n"
                   for i in range(40))
R = "viking://resources/conf"


def conversation(r):
    s = r.send
    # health and identity ------------------------------------------------------------------------
    s("health", "GET", "/health", auth="none")
    s("status-wrong-key", "GET", "/api/v1/system/status", auth="wrong-key")
    s("status-no-key", "GET", "/api/v1/system/status", auth="no-key")
    s("status-no-identity", "GET", "/api/v1/system/status", auth="no-identity")
    s("status-bearer", "GET", "/api/v1/system/status", auth="bearer")
    s("status", "GET", "/api/v1/system/status")
    s("status-telemetry-query", "GET", "/api/v1/system/status?telemetry=true")
    # filesystem ---------------------------------------------------------------------------------
    s("mkdir", "POST", "/api/v1/fs/mkdir", {"uri": R})
    s("mkdir-existing", "POST", "/api/v1/fs/mkdir", {"uri": R})
    s("mkdir-description", "POST", "/api/v1/fs/mkdir", {"uri": R + "/described", "description": "a folder"})
    s("mkdir-bad-uri", "POST", "/api/v1/fs/mkdir", {"uri": "resources/conf/x"})
    s("mkdir-traversal", "POST", "/api/v1/fs/mkdir", {"uri": R + "/../../etc"})
    s("mkdir-unknown-field", "POST", "/api/v1/fs/mkdir", {"uri": R + "/u", "colour": "blue"})
    s("mkdir-missing-uri", "POST", "/api/v1/fs/mkdir", {})
    s("mkdir-malformed-json", "POST", "/api/v1/fs/mkdir", raw="{\"uri\": ")
    s("mkdir-wrong-method", "GET", "/api/v1/fs/mkdir")
    s("mkdir-oversized-body", "POST", "/api/v1/fs/mkdir", raw="{\"uri\": \"" + R + "/big\", \"description\": \"{{pad}}\"}",
      pad_bytes=11 * 1024 * 1024)
    # resources ----------------------------------------------------------------------------------
    s("temp-upload", "POST", "/api/v1/resources/temp_upload", upload=("alpha.md", DOC_A), capture={"temp_a": "result.temp_file_id"})
    s("add-resource-wait", "POST", "/api/v1/resources",
      {"temp_file_id": "{{temp_a}}", "to": R + "/alpha", "reason": "conformance", "wait": True, "strict": False,
       "source_name": "alpha.md"})
    s("temp-upload-b", "POST", "/api/v1/resources/temp_upload", upload=("beta.md", DOC_B), capture={"temp_b": "result.temp_file_id"})
    s("add-resource", "POST", "/api/v1/resources",
      {"temp_file_id": "{{temp_b}}", "to": R + "/beta", "wait": False, "source_name": "beta.md"},
      capture={"task_b": "result.task_id"})
    s("temp-upload-r", "POST", "/api/v1/resources/temp_upload", upload=("delta.md", DOC_B), capture={"temp_r": "result.temp_file_id"})
    s("add-resource-reason", "POST", "/api/v1/resources",
      {"temp_file_id": "{{temp_r}}", "to": R + "/delta", "reason": "why delta", "wait": False, "source_name": "delta.md"},
      capture={"task_r": "result.task_id"})
    s("system-wait", "POST", "/api/v1/system/wait", {})
    s("get-task-reason", "GET", "/api/v1/tasks/{{task_r}}")
    s("get-task", "GET", "/api/v1/tasks/{{task_b}}")
    s("list-tasks", "GET", "/api/v1/tasks?limit=50")
    s("list-tasks-filtered", "GET", "/api/v1/tasks?task_type=add_resource&status=completed&limit=5")
    s("get-task-missing", "GET", "/api/v1/tasks/00000000-0000-0000-0000-000000000000")
    s("temp-upload-p", "POST", "/api/v1/resources/temp_upload", upload=("secret.md", DOC_P), capture={"temp_p": "result.temp_file_id"})
    s("add-resource-sibling-prefix", "POST", "/api/v1/resources",
      {"temp_file_id": "{{temp_p}}", "to": R + "-private", "wait": True, "source_name": "secret.md"})
    s("temp-upload-t", "POST", "/api/v1/resources/temp_upload", upload=("gamma.md", DOC_B), capture={"temp_t": "result.temp_file_id"})
    s("add-resource-telemetry", "POST", "/api/v1/resources",
      {"temp_file_id": "{{temp_t}}", "to": R + "/gamma", "wait": True, "source_name": "gamma.md", "telemetry": True})
    s("add-resource-unknown-temp", "POST", "/api/v1/resources",
      {"temp_file_id": "upload_0000000000000000.md", "to": R + "/nope", "wait": False})
    s("add-resource-timeout-field", "POST", "/api/v1/resources",
      {"temp_file_id": "upload_0000000000000000.md", "to": R + "/nope", "timeout": 30})
    s("add-resource-local-path", "POST", "/api/v1/resources", {"path": "/etc/hostname", "to": R + "/host"})
    s("add-resource-nothing", "POST", "/api/v1/resources", {"to": R + "/nothing"})
    s("add-resource-to-and-parent", "POST", "/api/v1/resources",
      {"temp_file_id": "upload_0000000000000000.md", "to": R + "/x", "parent": R})
    s("temp-upload-no-file", "POST", "/api/v1/resources/temp_upload", raw="{}")
    s("ls", "GET", "/api/v1/fs/ls?uri=" + urllib.parse.quote(R + "/alpha", safe=""))
    s("ls-missing", "GET", "/api/v1/fs/ls?uri=" + urllib.parse.quote(R + "/missing", safe=""))
    s("ls-bad-escape", "GET", "/api/v1/fs/ls?uri=%zz")
    s("read", "GET", "/api/v1/content/read?uri=" + urllib.parse.quote(R + "/alpha/alpha.md", safe=""))
    s("read-sdk-params", "GET", "/api/v1/content/read?uri=" + urllib.parse.quote(R + "/alpha/alpha.md", safe="")
      + "&offset=0&limit=-1")
    s("read-missing", "GET", "/api/v1/content/read?uri=" + urllib.parse.quote(R + "/alpha/none.md", safe=""))
    s("read-directory", "GET", "/api/v1/content/read?uri=" + urllib.parse.quote(R + "/alpha", safe=""))
    s("read-traversal", "GET", "/api/v1/content/read?uri=" + urllib.parse.quote(R + "/../../../etc/passwd", safe=""))
    s("read-no-uri", "GET", "/api/v1/content/read")
    # retrieval ----------------------------------------------------------------------------------
    s("find", "POST", "/api/v1/search/find", {"query": "retrieval latency", "target_uri": R, "limit": 5})
    s("find-telemetry", "POST", "/api/v1/search/find",
      {"query": "retrieval latency", "target_uri": R, "limit": 5, "telemetry": True})
    s("find-sdk-body", "POST", "/api/v1/search/find", {"query": "retrieval", "target_uri": "", "limit": 10})
    s("find-empty-query", "POST", "/api/v1/search/find", {"query": "", "target_uri": R, "limit": 5})
    s("find-missing-query", "POST", "/api/v1/search/find", {"target_uri": R, "limit": 5})
    s("find-limit-zero", "POST", "/api/v1/search/find", {"query": "retrieval", "target_uri": R, "limit": 0})
    s("find-limit-negative", "POST", "/api/v1/search/find", {"query": "retrieval", "target_uri": R, "limit": -3})
    s("find-limit-huge", "POST", "/api/v1/search/find", {"query": "retrieval", "target_uri": R, "limit": 536870912})
    s("find-limit-string", "POST", "/api/v1/search/find", {"query": "retrieval", "target_uri": R, "limit": "ten"})
    s("find-unknown-field", "POST", "/api/v1/search/find", {"query": "retrieval", "target_uri": R, "colour": 1})
    s("find-bad-target", "POST", "/api/v1/search/find", {"query": "retrieval", "target_uri": "file:///etc", "limit": 5})
    s("find-score-threshold", "POST", "/api/v1/search/find",
      {"query": "retrieval", "target_uri": R, "limit": 5, "score_threshold": 0.0})
    s("find-wrong-method", "GET", "/api/v1/search/find")
    s("grep", "POST", "/api/v1/search/grep", {"uri": R, "pattern": "retrieval", "case_insensitive": True, "node_limit": 256})
    s("grep-sibling-prefix", "POST", "/api/v1/search/grep", {"uri": R, "pattern": "secret", "node_limit": 50})
    s("grep-bad-regex", "POST", "/api/v1/search/grep", {"uri": R, "pattern": "([", "node_limit": 10})
    s("grep-bad-uri", "POST", "/api/v1/search/grep", {"uri": "/etc", "pattern": "x"})
    s("grep-missing-uri", "POST", "/api/v1/search/grep", {"uri": R + "/missing", "pattern": "x"})
    s("grep-limit-zero", "POST", "/api/v1/search/grep", {"uri": R, "pattern": "x", "node_limit": 0})
    s("glob", "POST", "/api/v1/search/glob", {"pattern": "**/*.md", "uri": R, "node_limit": 256})
    s("glob-sibling-prefix", "POST", "/api/v1/search/glob", {"pattern": "**/secret.md", "uri": R})
    s("glob-default-uri", "POST", "/api/v1/search/glob", {"pattern": "resources/conf/*/alpha.md"})
    s("glob-missing-pattern", "POST", "/api/v1/search/glob", {"uri": R})
    # sessions -----------------------------------------------------------------------------------
    s("create-session", "POST", "/api/v1/sessions", {"session_id": "conf-s1"})
    s("get-session", "GET", "/api/v1/sessions/conf-s1")
    s("add-message", "POST", "/api/v1/sessions/conf-s1/messages", {"role": "user", "content": "How fast is retrieval?"})
    s("add-message-assistant", "POST", "/api/v1/sessions/conf-s1/messages", {"role": "assistant", "content": "About 20 ms."})
    s("add-message-unknown-role", "POST", "/api/v1/sessions/conf-s1/messages", {"role": "narrator", "content": "x"})
    s("add-message-missing-content", "POST", "/api/v1/sessions/conf-s1/messages", {"role": "user"})
    s("add-message-unknown-field", "POST", "/api/v1/sessions/conf-s1/messages",
      {"role": "user", "content": "x", "colour": "blue"})
    s("add-message-new-session", "POST", "/api/v1/sessions/conf-s2/messages", {"role": "user", "content": "first words"})
    s("get-session-after-messages", "GET", "/api/v1/sessions/conf-s1")
    s("search-session", "POST", "/api/v1/search/search",
      {"query": "retrieval", "session_id": "conf-s1", "target_uri": R, "limit": 5})
    s("search-no-session", "POST", "/api/v1/search/search", {"query": "retrieval", "target_uri": R, "limit": 5})
    s("search-missing-session", "POST", "/api/v1/search/search",
      {"query": "retrieval", "session_id": "conf-none", "target_uri": R, "limit": 5})
    s("search-empty-query", "POST", "/api/v1/search/search", {"query": "", "session_id": "conf-s1", "limit": 5})
    s("search-limit-huge", "POST", "/api/v1/search/search", {"query": "retrieval", "limit": 536870912})
    s("commit", "POST", "/api/v1/sessions/conf-s1/commit", {}, capture={"commit_task": "result.task_id"})
    s("system-wait-after-commit", "POST", "/api/v1/system/wait", {})
    s("get-commit-task", "GET", "/api/v1/tasks/{{commit_task}}")
    s("commit-sdk-body", "POST", "/api/v1/sessions/conf-s2/commit", {"keep_recent_count": 0})
    s("commit-nothing-pending", "POST", "/api/v1/sessions/conf-s1/commit", {})
    s("commit-telemetry", "POST", "/api/v1/sessions/conf-s1/commit", {"telemetry": True})
    s("commit-unknown-field", "POST", "/api/v1/sessions/conf-s1/commit", {"colour": "blue"})
    s("commit-missing-session", "POST", "/api/v1/sessions/conf-none/commit", {})
    s("commit-no-body", "POST", "/api/v1/sessions/conf-s1/commit")
    s("system-wait-after-commits", "POST", "/api/v1/system/wait", {})
    s("get-session-after-commit", "GET", "/api/v1/sessions/conf-s1")
    s("get-session-missing", "GET", "/api/v1/sessions/conf-none")
    s("get-session-traversal", "GET", "/api/v1/sessions/..")
    s("add-message-traversal-id", "POST", "/api/v1/sessions/%2E%2E/messages", {"role": "user", "content": "x"})
    s("list-sessions", "GET", "/api/v1/sessions")
    s("list-sessions-other-user", "GET", "/api/v1/sessions", auth="other-user")
    s("get-session-other-user", "GET", "/api/v1/sessions/conf-s1", auth="other-user")
    s("delete-session", "DELETE", "/api/v1/sessions/conf-s2")
    s("delete-session-missing", "DELETE", "/api/v1/sessions/conf-s2")
    s("session-wrong-method", "PUT", "/api/v1/sessions/conf-s1")
    # observers ----------------------------------------------------------------------------------
    for name in ("queue", "system", "vikingdb", "models", "lock", "retrieval", "filesystem"):
        s("observer-" + name, "GET", "/api/v1/observer/" + name)
    s("observer-unknown", "GET", "/api/v1/observer/nosuch")
    # rm -----------------------------------------------------------------------------------------
    s("rm-non-empty", "DELETE", "/api/v1/fs?uri=" + urllib.parse.quote(R + "/alpha", safe=""))
    s("rm-sdk-params", "DELETE", "/api/v1/fs?uri=" + urllib.parse.quote(R + "/described", safe="") + "&recursive=false&wait=false")
    s("rm-recursive", "DELETE", "/api/v1/fs?uri=" + urllib.parse.quote(R + "/beta", safe="") + "&recursive=true")
    s("system-wait-after-rm-recursive", "POST", "/api/v1/system/wait", {})
    s("rm-file", "DELETE", "/api/v1/fs?uri=" + urllib.parse.quote(R + "/delta/delta.md", safe=""))
    s("rm-missing", "DELETE", "/api/v1/fs?uri=" + urllib.parse.quote(R + "/missing", safe=""))
    s("rm-bad-uri", "DELETE", "/api/v1/fs?uri=" + urllib.parse.quote("/etc/passwd", safe=""))
    s("rm-traversal", "DELETE", "/api/v1/fs?uri=" + urllib.parse.quote(R + "/../..", safe="") + "&recursive=true")
    s("rm-wait", "DELETE", "/api/v1/fs?uri=" + urllib.parse.quote(R + "/gamma", safe="") + "&recursive=true&wait=true")
    s("system-wait-after-rm", "POST", "/api/v1/system/wait", {})
    s("ls-after-rm", "GET", "/api/v1/fs/ls?uri=" + urllib.parse.quote(R, safe=""))
    # routes that do not exist -------------------------------------------------------------------
    s("unknown-route", "GET", "/api/v1/nosuch")
    s("unknown-context", "GET", "/nosuch")
    s("unknown-route-post", "POST", "/api/v2/search/find", {"query": "x"})
    # health with the suite's headers, and a resource still being processed ---------------------
    s("health-identity", "GET", "/health", note="a key and identity headers: the answer names the identity")
    s("health-wrong-key", "GET", "/health", auth="wrong-key", note="a wrong key is refused on /health too")
    s("temp-upload-busy", "POST", "/api/v1/resources/temp_upload", upload=("busy.md", DOC_BUSY),
      capture={"temp_busy": "result.temp_file_id"})
    s("add-resource-busy", "POST", "/api/v1/resources",
      {"temp_file_id": "{{temp_busy}}", "to": R + "/busy", "wait": False, "source_name": "busy.md"},
      capture={"task_busy": "result.task_id"})
    # sent at once after the add: the folder above the resource exists and its task still runs (the
    # resource's own file may not be written yet, and a missing path is 200, so it is not sent here)
    s("rm-busy-parent", "DELETE", "/api/v1/fs?uri=" + urllib.parse.quote(R, safe="") + "&recursive=true",
      note="a folder above a resource still being processed is busy: 409 path_busy, retryable")
    s("system-wait-after-busy", "POST", "/api/v1/system/wait", {})
    s("get-task-busy-done", "GET", "/api/v1/tasks/{{task_busy}}")
    s("rm-after-busy", "DELETE", "/api/v1/fs?uri=" + urllib.parse.quote(R + "/busy", safe="") + "&recursive=true")
    # the Prometheus metrics (ov.conf: server.observability.metrics.enabled), text, no key asked
    s("metrics", "GET", "/metrics", auth="no-key")


def main():
    base, key, out = sys.argv[1:4]
    os.makedirs(out, exist_ok=True)
    for name in os.listdir(out):
        if re.match(r"\d{3}-.*\.json$", name):
            os.remove(os.path.join(out, name))
    recorder = Recorder(base, key, out)
    conversation(recorder)
    print(f"recorded {recorder.count} exchanges into {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
