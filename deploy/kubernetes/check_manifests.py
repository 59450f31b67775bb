#!/usr/bin/env python3
"""Checks rendered manifests as the API server, the Gatling Operator and the suite would take them.

usage: check_manifests.py FILE...   (multi-document YAML, e.g. render.py's output)

1. Schemas: every core resource against the Kubernetes schemas kubernetes-validate bundles, strictly
   (an unknown field is an error); every Gatling resource against the operator's own schema
   (vendor/gatling-operator/), its embedded Kubernetes types against theirs.
2. What the schemas do not say and the API server or the suite would refuse or get wrong: a Job's
   completionMode and restartPolicy, a claim's access modes, absolute mount paths, claim names that
   resolve, an Indexed shard Job whose completions, parallelism and -Dshards agree and whose
   failure policy covers the suite's exit codes, operator shards 0..N-1 of one run with one quoted
   start time and a ServiceAccount allowed what the operator's waiter does, the restricted Pod
   Security Standard's settings.
Prints one ERROR line per problem (no traceback), exit 1; or one OK line, exit 0.
"""
import datetime
import functools
import os
import re
import sys

import jsonschema
import kubernetes_validate
import referencing
import yaml
from kubernetes_validate import utils

KUBERNETES = "1.37"
HERE = os.path.dirname(os.path.abspath(__file__))
GATLING = ("gatling-operator.tech.zozo.com/v1alpha1", "Gatling")
EXIT_CODES = [1, 2, 3, 4, 5, 6, 130]  # README "How a run ends" (1: a JVM that died before the suite's verdict)
ACCESS_MODES = {"ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod"}
WAITER_VERBS = {"get", "list", "patch"}


def load(path):
    """Documents as dicts; a timestamp YAML resolved on its own (an unquoted startTime) stays visible as one."""
    with open(path, encoding="utf-8") as f:
        return [d for d in yaml.safe_load_all(f) if d]


@functools.lru_cache(maxsize=1)
def operator_validator():
    with open(os.path.join(HERE, "vendor", "gatling-operator", "gatling-v1alpha1.schema.yaml"), encoding="utf-8") as f:
        schema = yaml.safe_load(f)
    strict = f"kubernetes-json-schema/v{KUBERNETES}.0-local-strict"

    def retrieve(uri):
        name = uri.removeprefix("k8s:") if uri.startswith("k8s:") else uri.removeprefix("file://").rsplit("/", 1)[-1]
        return referencing.Resource.from_contents(utils.schema_contents(f"{strict}/{name}", KUBERNETES))

    registry = referencing.Registry(retrieve=retrieve)
    definitions = utils.schema_contents(f"{strict}/_definitions.json", KUBERNETES)
    registry = registry.with_resource("file://_definitions.json", referencing.Resource.from_contents(definitions))
    return jsonschema.Draft202012Validator(schema, registry=registry)


def where(error):
    return ".".join(str(p) for p in error.absolute_path) or "(top)"


def pod_specs(doc):
    """(pod spec, containers) of a Job, a Pod or a Gatling resource (as the operator will build its pod)."""
    kind = doc.get("kind")
    if kind == "Job":
        spec = doc.get("spec", {}).get("template", {}).get("spec", {})
        return spec, spec.get("containers", [])
    if kind == "Pod":
        return doc.get("spec", {}), doc.get("spec", {}).get("containers", [])
    if (doc.get("apiVersion"), kind) == GATLING:
        pod = doc.get("spec", {}).get("podSpec", {})
        scenario = doc.get("spec", {}).get("testScenarioSpec", {})
        runner = {"name": "gatling-runner", "securityContext": pod.get("runnerContainerSecurityContext", {}),
                  "volumeMounts": scenario.get("volumeMounts", []), "env": scenario.get("env", [])}
        return {"volumes": pod.get("volumes", []), "securityContext": pod.get("securityContext", {})}, [runner]
    return None, []


def java_options(container):
    return next((e.get("value", "") for e in container.get("env", []) if e.get("name") == "JAVA_TOOL_OPTIONS"), "")


def check(docs):
    """Every problem as a line: 'Kind/name: what is wrong'."""
    errors = []
    gatling = operator_validator()
    claims = {d["metadata"]["name"] for d in docs if d.get("kind") == "PersistentVolumeClaim" and d.get("metadata")}
    accounts = {d["metadata"]["name"] for d in docs if d.get("kind") == "ServiceAccount"}
    shards = []
    for doc in docs:
        name = f"{doc.get('kind', '?')}/{(doc.get('metadata') or {}).get('name', '?')}"
        say = lambda message, name=name: errors.append(f"{name}: {message}")  # noqa: E731
        if (doc.get("apiVersion"), doc.get("kind")) == GATLING:
            start = doc.get("spec", {}).get("testScenarioSpec", {}).get("startTime")
            if isinstance(start, (datetime.date, datetime.datetime)):
                say(f"startTime {start} is a YAML timestamp: quote it (\"%Y-%m-%d %H:%M:%S\"), the operator takes a string")
                doc["spec"]["testScenarioSpec"]["startTime"] = str(start)
            for e in sorted(gatling.iter_errors(doc.get("spec", {})), key=lambda e: list(e.absolute_path)):
                say(f"spec.{where(e)}: {e.message} (the operator's schema)")
        else:
            try:
                kubernetes_validate.validate(doc, KUBERNETES, strict=True)
            except kubernetes_validate.ValidationError as e:
                say(f"{where(e)}: {e.message} (Kubernetes {KUBERNETES} schema)")
            except kubernetes_validate.SchemaNotFoundError as e:
                say(e.message)
            except (KeyError, TypeError) as e:
                say(f"not a Kubernetes resource (apiVersion and kind): {e}")
        try:
            check_semantics(doc, say, claims, accounts, docs, shards)
        except (AttributeError, TypeError, ValueError, KeyError) as e:
            say(f"malformed where a field should be an object, list or number: {type(e).__name__}: {e}")
    check_operator_shards(shards, errors)
    return errors


def check_semantics(doc, say, claims, accounts, docs, shards):
    kind = doc.get("kind")
    spec = doc.get("spec") or {}
    if kind == "PersistentVolumeClaim":
        for mode in spec.get("accessModes") or []:
            if mode not in ACCESS_MODES:
                say(f"accessModes {mode!r} is not one of {', '.join(sorted(ACCESS_MODES))}")
    if kind == "Job":
        restart = (spec.get("template", {}).get("spec", {})).get("restartPolicy")
        if restart not in ("Never", "OnFailure"):
            say(f"restartPolicy {restart!r}: a Job's pods take Never or OnFailure")
        if "completionMode" in spec and spec["completionMode"] not in ("Indexed", "NonIndexed"):
            say(f"completionMode {spec['completionMode']!r}: Indexed or NonIndexed (case matters)")
        if doc.get("metadata", {}).get("labels", {}).get("app.kubernetes.io/component") == "shard":
            check_shard_job(spec, say)
    pod, containers = pod_specs(doc)
    if pod is None:
        return
    volumes = {v.get("name"): v for v in pod.get("volumes") or []}
    for v in volumes.values():
        claim = (v.get("persistentVolumeClaim") or {}).get("claimName")
        if claim is not None and claim not in claims:
            say(f"volume {v.get('name')!r} claims {claim!r}, which no PersistentVolumeClaim here defines ({', '.join(sorted(claims)) or 'none'})")
    for c in containers:
        for m in c.get("volumeMounts") or []:
            if not str(m.get("mountPath", "")).startswith("/"):
                say(f"container {c.get('name')!r} mounts {m.get('name')!r} at {m.get('mountPath')!r}: a mountPath is absolute")
            if m.get("name") not in volumes:
                say(f"container {c.get('name')!r} mounts {m.get('name')!r}, which is not a volume of the pod")
    check_restricted(pod, containers, say)
    if (doc.get("apiVersion"), kind) == GATLING:
        check_gatling(doc, containers[0], say, accounts, docs, shards)


def check_shard_job(spec, say):
    options = java_options((spec.get("template", {}).get("spec", {}).get("containers") or [{}])[0])
    declared = re.search(r"-Dshards=(\d+)", options)
    if spec.get("completionMode") != "Indexed":
        say("the shards' Job must be completionMode: Indexed (each pod takes its shard from JOB_COMPLETION_INDEX)")
    if not declared:
        say("the shard container's JAVA_TOOL_OPTIONS needs -Dshards=N")
    elif not spec.get("completions") == spec.get("parallelism") == int(declared.group(1)):
        say(f"completions {spec.get('completions')}, parallelism {spec.get('parallelism')} and -Dshards={declared.group(1)}"
            " must be equal: every shard runs at once, each index once")
    if spec.get("backoffLimitPerIndex") != 0:
        say("backoffLimitPerIndex must be 0: a retried shard would send its slice twice")
    if spec.get("maxFailedIndexes") != spec.get("completions"):
        say("maxFailedIndexes must equal completions: one failed shard must not stop the others")
    covered = set()
    for rule in (spec.get("podFailurePolicy") or {}).get("rules") or []:
        codes = rule.get("onExitCodes") or {}
        if rule.get("action") == "FailIndex" and codes.get("operator") == "In":
            covered.update(codes.get("values") or [])
    missing = [c for c in EXIT_CODES if c not in covered]
    if missing:
        say(f"podFailurePolicy does not make exit codes {missing} FailIndex: the suite's outcomes (README, exit codes) "
            "end their own index, not the Job")


def check_restricted(pod, containers, say):
    """The restricted Pod Security Standard: non-root, no privilege escalation, no capabilities, a seccomp profile."""
    psc = pod.get("securityContext") or {}
    if psc.get("runAsNonRoot") is not True:
        say("securityContext.runAsNonRoot must be true (restricted Pod Security Standard)")
    if (psc.get("seccompProfile") or {}).get("type") not in ("RuntimeDefault", "Localhost"):
        say("securityContext.seccompProfile.type must be RuntimeDefault (restricted Pod Security Standard)")
    for c in containers:
        sc = c.get("securityContext") or {}
        if sc.get("allowPrivilegeEscalation") is not False:
            say(f"container {c.get('name')!r}: allowPrivilegeEscalation must be false (restricted)")
        if "ALL" not in ((sc.get("capabilities") or {}).get("drop") or []):
            say(f"container {c.get('name')!r}: capabilities.drop must hold ALL (restricted)")


def check_gatling(doc, runner, say, accounts, docs, shards):
    spec = doc.get("spec") or {}
    scenario = spec.get("testScenarioSpec") or {}
    start = scenario.get("startTime")
    if isinstance(start, str) and start:
        try:
            at = datetime.datetime.strptime(start, "%Y-%m-%d %H:%M:%S").replace(tzinfo=datetime.timezone.utc)
            if at - datetime.datetime.now(datetime.timezone.utc) > datetime.timedelta(days=1):
                say(f"startTime {start!r} is more than a day ahead: the runners would sleep until then (render it anew)")
        except ValueError:
            say(f"startTime {start!r} is not the operator's %Y-%m-%d %H:%M:%S (UTC)")
    if scenario.get("parallelism", 1) != 1:
        say("parallelism must be 1: the runner Job is not Indexed, so its pods would share one -Dshard")
    if scenario.get("simulationsFormat", "bundle") != "bundle":
        say("simulationsFormat must be bundle: the image runs the suite through its gatling.sh")
    account = (spec.get("podSpec") or {}).get("serviceAccountName")
    if account not in accounts:
        say(f"serviceAccountName {account!r} is not a ServiceAccount shipped here ({', '.join(sorted(accounts)) or 'none'})")
    elif not waiter_allowed(account, docs):
        say(f"ServiceAccount {account!r} is not bound to a Role allowing {sorted(WAITER_VERBS)} on pods (the operator's waiter)")
    options = java_options(runner)
    shard = re.search(r"-Dshard=(\d+)/(\d+)", options)
    run = re.search(r"-DrunId=(\S+)", options)
    if not shard or not run:
        say("JAVA_TOOL_OPTIONS needs -Dshard=i/N and -DrunId")
        return
    shards.append((int(shard.group(1)), int(shard.group(2)), run.group(1), str(start)))


def waiter_allowed(account, docs):
    roles = {d["metadata"]["name"]: d for d in docs if d.get("kind") == "Role"}
    for binding in (d for d in docs if d.get("kind") == "RoleBinding"):
        if any(s.get("kind") == "ServiceAccount" and s.get("name") == account for s in binding.get("subjects") or []):
            role = roles.get((binding.get("roleRef") or {}).get("name"))
            for rule in (role or {}).get("rules") or []:
                if "pods" in rule.get("resources", []) and WAITER_VERBS <= set(rule.get("verbs", [])):
                    return True
    return False


def check_operator_shards(shards, errors):
    if not shards:
        return
    counts = {s[1] for s in shards}
    if len(counts) != 1 or sorted(s[0] for s in shards) != list(range(next(iter(counts)))):
        errors.append(f"Gatling resources: not shards 0..N-1 of one N: {sorted((s[0], s[1]) for s in shards)}")
    if len({s[2] for s in shards}) != 1 or len({s[3] for s in shards}) != 1:
        errors.append("Gatling resources: every shard needs the same -DrunId and the same startTime")


def main(paths):
    if not paths:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    docs = []
    for path in paths:
        try:
            docs.extend(load(path))
        except (OSError, yaml.YAMLError) as e:
            print(f"ERROR {path}: not readable YAML: {str(e).splitlines()[0]}", file=sys.stderr)
            return 1
    errors = check(docs)
    for e in errors:
        print(f"ERROR {e}", file=sys.stderr)
    if not errors:
        kinds = sorted({d.get("kind") for d in docs})
        print(f"OK {len(docs)} resources ({', '.join(kinds)}): Kubernetes {KUBERNETES} schemas (strict), the Gatling "
              "Operator's schema, shard counts, claims, mount paths, exit codes and the restricted Pod Security Standard")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
