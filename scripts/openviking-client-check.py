#!/usr/bin/env python3
"""Checks the OpenViking stand-in with the official Python client (`openviking-sdk`, the client
that openviking 0.5.2 ships): every call the benchmark makes must succeed and answer what the
client expects. Run by scripts/openviking-clients-check.sh, which starts the stand-in:

    python3 -m venv /tmp/ovsdk && /tmp/ovsdk/bin/pip install -q openviking-sdk==0.1.17
    bin/standin --port 1935 &
    /tmp/ovsdk/bin/python scripts/openviking-client-check.py --url http://127.0.0.1:1935

Exits 0 when every call passed, 1 listing each failure.
"""
import argparse
import os
import sys
import tempfile
import time
import uuid

try:
    from openviking_sdk import SyncHTTPClient
except ImportError:
    sys.exit("openviking-client-check: openviking-sdk is missing: pip install openviking-sdk==0.1.17 (in a venv)")

failures = []


def call(name, fn, check=None):
    """Runs one client call; any exception or failed check is recorded, not raised."""
    try:
        result = fn()
    except Exception as e:  # the client raises its own error types; all count as failures
        failures.append(f"{name}: {type(e).__name__}: {e}")
        print(f"FAIL {name}: {type(e).__name__}: {e}")
        return None
    problem = check(result) if check else None
    if problem:
        failures.append(f"{name}: {problem}")
        print(f"FAIL {name}: {problem}")
    else:
        print(f"ok   {name}")
    return result


def needs(*keys):
    def check(result):
        if not isinstance(result, dict):
            return f"expected an object, got {type(result).__name__}: {result!r}"[:300]
        missing = [k for k in keys if k not in result]
        return f"missing {missing} in {sorted(result)}" if missing else None
    return check


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--api-key", default="test-root-api-key")
    parser.add_argument("--account", default="default")
    parser.add_argument("--user", default="default")
    args = parser.parse_args()

    client = SyncHTTPClient(url=args.url, api_key=args.api_key, account=args.account, user=args.user,
                            timeout=60)
    client.initialize()
    run = uuid.uuid4().hex[:8]
    root = f"viking://resources/bench/client_check_{run}"
    session_id = f"bench-load-client-check-{run}"
    try:
        call("health", client.health, lambda ok: None if ok is True else f"health answered {ok!r}")
        call("mkdir", lambda: client.mkdir(root))
        with tempfile.TemporaryDirectory() as tmp:
            docs = []
            for i in range(2):
                path = os.path.join(tmp, f"doc-{i}.md")
                with open(path, "w", encoding="utf-8") as f:
                    f.write(f"# Client check {i}\n\nThe quick brown fox {i} jumps over the lazy dog.\n")
                docs.append(path)
            # upload (temp_upload) + add_resource, as the benchmark does: once without wait, once with
            queued = call("add_resource (upload, no wait)",
                          lambda: client.add_resource(docs[0], to=f"{root}/doc-0.md", wait=False,
                                                      options={"reason": "client check"}),
                          needs("root_uri", "task_id"))
            call("add_resource (upload, wait)",
                 lambda: client.add_resource(docs[1], to=f"{root}/doc-1.md", wait=True,
                                             options={"reason": "client check"}),
                 needs("root_uri"))
        call("wait_processed", client.wait_processed,
             lambda r: None if isinstance(r, dict) else f"expected per-queue counts, got {r!r}")
        if queued and queued.get("task_id"):
            call("get_task (add_resource)", lambda: client.get_task(queued["task_id"]),
                 needs("task_id", "status"))
        call("find", lambda: client.find("quick brown fox", target_uri=root, limit=5),
             needs("resources", "memories", "total"))
        call("add_message (user)", lambda: client.add_message(session_id, "user", "what does the fox do?"),
             needs("message_count"))
        call("add_message (assistant)", lambda: client.add_message(session_id, "assistant", "it jumps."),
             needs("message_count"))
        call("search (with a session)",
             lambda: client.search("fox", session_id=session_id, target_uri=root, limit=5),
             needs("resources", "memories", "total"))
        call("grep", lambda: client.grep(root, "fox", node_limit=10), needs("matches"))
        call("glob", lambda: client.glob("**/*.md", uri=root, node_limit=10), needs("matches"))
        commit = call("commit_session", lambda: client.commit_session(session_id),
                      needs("status", "task_id"))
        if commit and commit.get("task_id"):
            task = None
            for _ in range(100):  # the commit's background task: poll until it ends, as the benchmark does
                task = call("get_task (session_commit)", lambda: client.get_task(commit["task_id"]),
                            needs("task_id", "status"))
                if not task or task.get("status") in ("completed", "failed", "cancelled"):
                    break
                time.sleep(0.1)
            if task and task.get("status") != "completed":
                failures.append(f"session_commit task ended {task.get('status')}: {task}")
        call("observer queue", lambda: client.observer.queue,
             lambda r: None if isinstance(r, dict) else f"expected an object, got {r!r}")
        call("observer system", lambda: client.observer.system,
             lambda r: None if isinstance(r, dict) else f"expected an object, got {r!r}")
    finally:
        call("delete_session", lambda: client.delete_session(session_id))
        call("rm (recursive)", lambda: client.rm(root, recursive=True))
        client.close()

    if failures:
        print(f"openviking-client-check: {len(failures)} failures against {args.url}:", file=sys.stderr)
        for f in failures:
            print(f"  {f}", file=sys.stderr)
        return 1
    print(f"openviking-client-check: every call of openviking-sdk passed against {args.url}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
