#!/usr/bin/env python3
"""Checks the Gatling Operator resources of gatling-operator.yaml, which the Kubernetes schemas do not
know: every field must be one the operator's API reference (st-tech/gatling-operator docs/api.md,
gatling-operator.tech.zozo.com/v1alpha1) documents, with its type, and the required ones present;
the Kubernetes types inside (env, volumes, volumeMounts, resources) are validated against the core
schemas by kubernetes-validate, as the containers and volumes of a Pod. Then the shards must fit
together: one pod each, shards 0..N-1 of one N, one run id, one start time.

usage: check-gatling-resources.py deploy/kubernetes/gatling-operator.yaml
"""
import re
import sys

import kubernetes_validate
import yaml

# field -> type, from the operator's API reference; "!" marks a required field
SPEC = {"generateReport": bool, "generateLocalReport": bool, "notifyReport": bool, "cleanupAfterJobDone": bool,
        "podSpec": dict, "cloudStorageSpec": dict, "persistentVolume": dict, "persistentVolumeClaim": dict,
        "notificationServiceSpec": dict, "testScenarioSpec!": dict}
POD_SPEC = {"gatlingImage": str, "rcloneImage": str, "resources": dict, "affinity": dict, "tolerations": list,
            "serviceAccountName!": str, "volumes": list}
SCENARIO = {"startTime": str, "parallelism": int, "simulationsDirectoryPath": str, "resourcesDirectoryPath": str,
            "resultsDirectoryPath": str, "simulationClass!": str, "simulationData": dict, "resourceData": dict,
            "gatlingConf": dict, "env": list, "volumeMounts": list}


def check_fields(where, value, fields, errors):
    known = {name.rstrip("!"): (kind, name.endswith("!")) for name, kind in fields.items()}
    for key, item in value.items():
        if key not in known:
            errors.append(f"{where}.{key}: not a field of the operator's API")
        elif not isinstance(item, known[key][0]) or isinstance(item, bool) != (known[key][0] is bool):
            errors.append(f"{where}.{key}: must be {known[key][0].__name__}, got {type(item).__name__}")
    for key, (_, required) in known.items():
        if required and key not in value:
            errors.append(f"{where}.{key}: required")


def main(path):
    errors = []
    shards = []
    with open(path, encoding="utf-8") as f:
        docs = [d for d in yaml.safe_load_all(f) if d]
    for doc in docs:
        name = doc.get("metadata", {}).get("name", "?")
        if doc.get("apiVersion") != "gatling-operator.tech.zozo.com/v1alpha1" or doc.get("kind") != "Gatling":
            errors.append(f"{name}: not a gatling-operator.tech.zozo.com/v1alpha1 Gatling")
            continue
        spec = doc.get("spec", {})
        check_fields(f"{name}.spec", spec, SPEC, errors)
        pod = spec.get("podSpec", {})
        scenario = spec.get("testScenarioSpec", {})
        check_fields(f"{name}.spec.podSpec", pod, POD_SPEC, errors)
        check_fields(f"{name}.spec.testScenarioSpec", scenario, SCENARIO, errors)
        start = scenario.get("startTime", "")
        if start and not re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", start):
            errors.append(f"{name}: startTime {start!r} is not the operator's %Y-%m-%d %H:%M:%S (UTC)")
        # the Kubernetes parts, as a Pod would carry them
        as_pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name},
                  "spec": {"serviceAccountName": pod.get("serviceAccountName"),
                           "volumes": pod.get("volumes", []),
                           "containers": [{"name": "gatling-runner", "image": pod.get("gatlingImage", "x"),
                                           "resources": pod.get("resources", {}),
                                           "env": scenario.get("env", []),
                                           "volumeMounts": scenario.get("volumeMounts", [])}]}}
        try:
            kubernetes_validate.validate(as_pod, "1.37", strict=True)
        except kubernetes_validate.ValidationError as e:
            errors.append(f"{name}: {e.message} at {'.'.join(str(p) for p in e.path)}")
        options = next((e.get("value", "") for e in scenario.get("env", []) if e.get("name") == "JAVA_TOOL_OPTIONS"), "")
        shard = re.search(r"-Dshard=(\d+)/(\d+)", options)
        run = re.search(r"-DrunId=(\S+)", options)
        if scenario.get("parallelism", 1) != 1:
            errors.append(f"{name}: parallelism must be 1: the runner Job is not Indexed, so its pods share one -Dshard")
        if not shard or not run:
            errors.append(f"{name}: JAVA_TOOL_OPTIONS needs -Dshard=i/N and -DrunId")
            continue
        shards.append((int(shard.group(1)), int(shard.group(2)), run.group(1), start))
    if shards:
        counts = {s[1] for s in shards}
        if len(counts) != 1 or sorted(s[0] for s in shards) != list(range(next(iter(counts)))):
            errors.append(f"the resources are not shards 0..N-1 of one N: {sorted((s[0], s[1]) for s in shards)}")
        if len({s[2] for s in shards}) != 1 or len({s[3] for s in shards}) != 1:
            errors.append("every shard needs the same -DrunId and the same startTime")
    for e in errors:
        print(f"ERROR {path}: {e}", file=sys.stderr)
    if not errors:
        print(f"INFO {path}: {len(docs)} Gatling resources: fields as the operator documents them, core parts valid, "
              f"shards 0..{len(shards) - 1} of {len(shards)}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
