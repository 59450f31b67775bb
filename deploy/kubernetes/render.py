#!/usr/bin/env python3
"""Renders this folder's manifests from values.env, the one place a cluster run is configured.

usage: render.py [--values FILE] [--run-id ID] [--now ISO] {pvc,jobs,merge,results,operator}

Each template holds ${NAME} placeholders: the values file's keys, plus RUN_ID (a fresh
ovload-<UTC stamp> unless given: new Job names every run), START_AT (now + START_DELAY_SECONDS, ISO
with zone, the suite's -DstartAt), OPERATOR_START_TIME (now, the operator's "%Y-%m-%d %H:%M:%S") and,
for the operator's resources, SHARD (0..SHARDS-1, one resource each). A bad value is one line naming
the fix, exit 2. Prints the manifests on stdout, for `kubectl apply -f -`.
"""
import argparse
import datetime
import os
import re
import string
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
PARTS = {"pvc": ["reports-pvc.yaml"], "jobs": ["shards-job.yaml"], "merge": ["merge-job.yaml"],
         "results": ["results-pod.yaml"], "operator": ["gatling-operator-rbac.yaml", "gatling-operator.yaml"]}
ACCESS_MODES = ("ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod")
REQUIRED = ("IMAGE", "SHARDS", "SERVER_URL", "API_KEY_SECRET", "START_DELAY_SECONDS", "ACCESS_MODE", "STORAGE_SIZE",
            "SHARD_CPU", "SHARD_MEMORY", "MERGE_MEMORY")


class BadValue(Exception):
    pass


def read_values(path):
    values = {}
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            key, sep, value = line.partition("=")
            if not sep or not re.fullmatch(r"[A-Z_]+", key):
                raise BadValue(f"{path}:{number}: not KEY=VALUE: {line!r}")
            values[key] = value.strip()
    for key in REQUIRED:
        if not values.get(key):
            raise BadValue(f"{path}: {key} is empty: give it a value")
    values.setdefault("STORAGE_CLASS", "")
    values.setdefault("SUITE_OPTIONS", "")
    if not re.fullmatch(r"[1-9][0-9]*", values["SHARDS"]):
        raise BadValue(f"{path}: SHARDS={values['SHARDS']!r}: give a whole number of shards, 1 or more")
    if not re.fullmatch(r"[0-9]+", values["START_DELAY_SECONDS"]):
        raise BadValue(f"{path}: START_DELAY_SECONDS={values['START_DELAY_SECONDS']!r}: give whole seconds")
    if values["ACCESS_MODE"] not in ACCESS_MODES:
        raise BadValue(f"{path}: ACCESS_MODE={values['ACCESS_MODE']!r}: give one of {', '.join(ACCESS_MODES)}")
    if not re.fullmatch(r"https?://\S+", values["SERVER_URL"]):
        raise BadValue(f"{path}: SERVER_URL={values['SERVER_URL']!r}: give the server's http(s):// root URL")
    for own in ("-Dshard=", "-Dshards=", "-DrunId=", "-DstartAt=", "-DapiKey=", "-DoutputDir="):
        if own in values["SUITE_OPTIONS"]:
            raise BadValue(f"{path}: SUITE_OPTIONS holds {own}...: the script sets it (the key: the Secret); drop it")
    return values


def render(part, values, run_id, now):
    """The manifests of one part as a list of dicts."""
    start_at = now + datetime.timedelta(seconds=int(values["START_DELAY_SECONDS"]))
    names = dict(values, RUN_ID=run_id, START_AT=start_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
                 OPERATOR_START_TIME=now.strftime("%Y-%m-%d %H:%M:%S"))
    docs = []
    for template in PARTS[part]:
        with open(os.path.join(HERE, template), encoding="utf-8") as f:
            text = f.read()
        shards = range(int(values["SHARDS"])) if template == "gatling-operator.yaml" else [None]
        for shard in shards:
            filled = string.Template(text).substitute(names, SHARD="" if shard is None else str(shard))
            docs.extend(d for d in yaml.safe_load_all(filled) if d)
    for doc in docs:
        if doc.get("kind") == "PersistentVolumeClaim" and not doc["spec"].get("storageClassName"):
            del doc["spec"]["storageClassName"]  # absent: the cluster's default class ("" would mean none)
    return docs


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--values", default=os.path.join(HERE, "values.env"))
    parser.add_argument("--run-id")
    parser.add_argument("--now", help="the render's instant, ISO with zone (default: now)")
    parser.add_argument("part", choices=sorted(PARTS))
    args = parser.parse_args(argv)
    now = (datetime.datetime.fromisoformat(args.now.replace("Z", "+00:00")) if args.now
           else datetime.datetime.now(datetime.timezone.utc)).astimezone(datetime.timezone.utc)
    run_id = args.run_id or "ovload-" + now.strftime("%Y%m%d-%H%M%S")
    if not re.fullmatch(r"[a-z0-9]([-a-z0-9]{0,38}[a-z0-9])?", run_id):
        print(f"render: run id {run_id!r}: give lower-case letters, digits and '-', at most 40", file=sys.stderr)
        return 2
    try:
        docs = render(args.part, read_values(args.values), run_id, now)
    except BadValue as e:
        print(f"render: {e}", file=sys.stderr)
        return 2
    except OSError as e:
        print(f"render: cannot read {e.filename}: {e.strerror}: give the values file with --values FILE", file=sys.stderr)
        return 2
    except (KeyError, ValueError) as e:
        print(f"render: a template names an unknown value {e}: add it to the values file", file=sys.stderr)
        return 2
    yaml.safe_dump_all(docs, sys.stdout, sort_keys=False)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
