"""check_manifests.py against the manifests render.py makes from values.env, and against each broken
manifest issue 26 lists: every broken one is refused with a line naming it, the operator's documented
fields are accepted, and an unquoted startTime is an error line, not a traceback.

Run by scripts/validate-kubernetes.sh: python -m unittest discover -s deploy/kubernetes -v
"""
import copy
import datetime
import os
import tempfile
import unittest

import yaml

import check_manifests
import render

HERE = os.path.dirname(os.path.abspath(__file__))
NOW = datetime.datetime(2026, 12, 7, 12, 0, tzinfo=datetime.timezone.utc)


def rendered(*parts):
    values = render.read_values(os.path.join(HERE, "values.env"))
    return [doc for part in parts for doc in render.render(part, values, "ovload-test", NOW)]


def find(docs, kind, component=None):
    return next(d for d in docs if d["kind"] == kind
                and (component is None or d["metadata"]["labels"].get("app.kubernetes.io/component") == component))


class Shipped(unittest.TestCase):
    def test_the_jobs_path_passes(self):
        self.assertEqual([], check_manifests.check(rendered("pvc", "jobs", "merge", "results")))

    def test_the_operator_path_passes_with_its_documented_fields(self):
        docs = rendered("pvc", "operator", "merge")
        self.assertEqual([], check_manifests.check(docs))
        gatling = find(docs, "Gatling")
        self.assertEqual("bundle", gatling["spec"]["testScenarioSpec"]["simulationsFormat"])
        self.assertTrue(gatling["spec"]["podSpec"]["securityContext"]["runAsNonRoot"])
        self.assertFalse(gatling["spec"]["podSpec"]["runnerContainerSecurityContext"]["allowPrivilegeEscalation"])
        self.assertEqual("2026-12-07 12:00:00", gatling["spec"]["testScenarioSpec"]["startTime"], "computed, not a placeholder")

    def test_fresh_job_names_each_run(self):
        values = render.read_values(os.path.join(HERE, "values.env"))
        first = render.render("jobs", values, "ovload-20261207-120000", NOW)[0]["metadata"]["name"]
        second = render.render("jobs", values, "ovload-20261207-130000", NOW)[0]["metadata"]["name"]
        self.assertNotEqual(first, second)


class Refusals(unittest.TestCase):
    """Each case: one change to the shipped manifests, and the words its refusal must hold (printed: the verdict)."""

    def refused(self, docs, *words):
        errors = check_manifests.check(docs)
        print(f"\n    {self.id().rsplit('.', 1)[-1]}: " + "\n      ".join(errors))
        self.assertTrue(any(all(w in e for w in words) for e in errors), f"no error with {words}: {errors}")


class Broken(Refusals):
    def jobs(self):
        return rendered("pvc", "jobs", "merge", "results")

    def test_completion_mode_in_lower_case(self):
        docs = self.jobs()
        find(docs, "Job", "shard")["spec"]["completionMode"] = "indexed"
        self.refused(docs, "completionMode 'indexed'")

    def test_an_access_mode_misspelt(self):
        docs = self.jobs()
        find(docs, "PersistentVolumeClaim")["spec"]["accessModes"] = ["ReadWriteMani"]
        self.refused(docs, "accessModes 'ReadWriteMani'")

    def test_a_job_that_restarts_always(self):
        docs = self.jobs()
        find(docs, "Job", "merge")["spec"]["template"]["spec"]["restartPolicy"] = "Always"
        self.refused(docs, "restartPolicy 'Always'")

    def test_three_completions_for_two_shards(self):
        docs = self.jobs()
        find(docs, "Job", "shard")["spec"]["completions"] = 3
        self.refused(docs, "completions 3", "-Dshards=2")

    def test_a_claim_that_matches_no_pvc(self):
        docs = self.jobs()
        find(docs, "Job", "shard")["spec"]["template"]["spec"]["volumes"][0]["persistentVolumeClaim"]["claimName"] = "reports"
        self.refused(docs, "claims 'reports'", "no PersistentVolumeClaim")

    def test_a_relative_mount_path(self):
        docs = self.jobs()
        find(docs, "Job", "merge")["spec"]["template"]["spec"]["containers"][0]["volumeMounts"][0]["mountPath"] = "ovload/reports"
        self.refused(docs, "'ovload/reports': a mountPath is absolute")

    def test_the_old_backoff_limit_that_killed_every_shard(self):
        docs = self.jobs()
        spec = find(docs, "Job", "shard")["spec"]
        for key in ("backoffLimitPerIndex", "maxFailedIndexes", "podFailurePolicy"):
            del spec[key]
        spec["backoffLimit"] = 0
        self.refused(docs, "backoffLimitPerIndex must be 0")
        self.refused(docs, "podFailurePolicy does not make exit codes")

    def test_an_exit_code_the_failure_policy_misses(self):
        docs = self.jobs()
        find(docs, "Job", "shard")["spec"]["podFailurePolicy"]["rules"][0]["onExitCodes"]["values"] = [1, 3, 4, 5, 6, 130]
        self.refused(docs, "exit codes [2]")

    def test_a_field_kubernetes_does_not_know(self):
        docs = self.jobs()
        find(docs, "Job", "shard")["spec"]["backoffLimitPerIndexx"] = 0
        self.refused(docs, "backoffLimitPerIndexx", "Kubernetes 1.37 schema")

    def test_a_pod_that_runs_as_root(self):
        docs = self.jobs()
        pod = find(docs, "Job", "shard")["spec"]["template"]["spec"]
        del pod["securityContext"]
        del pod["containers"][0]["securityContext"]
        self.refused(docs, "runAsNonRoot must be true")
        self.refused(docs, "allowPrivilegeEscalation must be false")


class BrokenOperator(Refusals):
    def operator(self):
        return rendered("pvc", "operator")

    def test_an_unquoted_start_time_is_an_error_line(self):
        text = yaml.safe_dump_all(self.operator(), sort_keys=False).replace("startTime: '2026-12-07 12:00:00'",
                                                                            "startTime: 2026-12-07 12:00:00")
        self.assertIn("startTime: 2026-12-07 12:00:00\n", text)
        self.refused([d for d in yaml.safe_load_all(text) if d], "YAML timestamp: quote it")

    def test_a_placeholder_start_time_in_another_format(self):
        docs = self.operator()
        for g in (d for d in docs if d["kind"] == "Gatling"):
            g["spec"]["testScenarioSpec"]["startTime"] = "2030-01-01T00:00:00Z"
        self.refused(docs, "is not the operator's %Y-%m-%d %H:%M:%S")

    def test_the_old_placeholder_start_time(self):
        docs = self.operator()
        for g in (d for d in docs if d["kind"] == "Gatling"):
            g["spec"]["testScenarioSpec"]["startTime"] = "2030-01-01 00:00:00"
        self.refused(docs, "more than a day ahead")

    def test_a_field_the_operator_does_not_know(self):
        docs = self.operator()
        find(docs, "Gatling")["spec"]["podSpec"]["gatlingImages"] = "x"
        self.refused(docs, "gatlingImages", "the operator's schema")

    def test_a_wrong_field_inside_a_kubernetes_type_of_the_operator(self):
        docs = self.operator()
        find(docs, "Gatling")["spec"]["podSpec"]["runnerContainerSecurityContext"]["allowPrivilegeEscalaton"] = False
        self.refused(docs, "runnerContainerSecurityContext", "allowPrivilegeEscalaton")

    def test_a_service_account_not_shipped(self):
        docs = [d for d in self.operator() if d["kind"] not in ("ServiceAccount", "Role", "RoleBinding")]
        self.refused(docs, "serviceAccountName 'ovload-gatling-worker' is not a ServiceAccount shipped here")

    def test_a_role_without_patch(self):
        docs = self.operator()
        find(docs, "Role")["rules"][0]["verbs"] = ["get", "list"]
        self.refused(docs, "not bound to a Role allowing")

    def test_shards_that_do_not_cover_0_to_n(self):
        docs = self.operator()
        gatlings = [d for d in docs if d["kind"] == "Gatling"]
        env = gatlings[1]["spec"]["testScenarioSpec"]["env"]
        options = next(e for e in env if e["name"] == "JAVA_TOOL_OPTIONS")
        options["value"] = options["value"].replace("-Dshard=1/2", "-Dshard=0/2")
        self.refused(docs, "not shards 0..N-1 of one N")

    def test_parallel_runner_pods(self):
        docs = self.operator()
        find(docs, "Gatling")["spec"]["testScenarioSpec"]["parallelism"] = 2
        self.refused(docs, "parallelism must be 1")


class Values(unittest.TestCase):
    def write(self, text):
        handle, path = tempfile.mkstemp(suffix=".env")
        with os.fdopen(handle, "w", encoding="utf-8") as f:
            f.write(text)
        self.addCleanup(os.remove, path)
        return path

    def test_a_bad_value_is_one_line_naming_the_fix(self):
        with open(os.path.join(HERE, "values.env"), encoding="utf-8") as f:
            good = f.read()
        for change, words in ((("SHARDS=2", "SHARDS=two"), "give a whole number"),
                              (("ACCESS_MODE=ReadWriteMany", "ACCESS_MODE=ReadWriteMani"), "give one of"),
                              (("IMAGE=registry.example.com/ovload:0.1.0-SNAPSHOT", "IMAGE="), "IMAGE is empty"),
                              (("-Dprofile=standard", "-Dprofile=standard -DrunId=x"), "the script sets it")):
            with self.assertRaises(render.BadValue) as caught:
                render.read_values(self.write(good.replace(*change)))
            self.assertIn(words, str(caught.exception))
            self.assertNotIn("\n", str(caught.exception))

    def test_an_empty_storage_class_leaves_the_cluster_default(self):
        docs = rendered("pvc")
        self.assertNotIn("storageClassName", docs[0]["spec"])
        with open(os.path.join(HERE, "values.env"), encoding="utf-8") as f:
            text = f.read().replace("STORAGE_CLASS=\n", "STORAGE_CLASS=efs-sc\n")
        pvc = render.render("pvc", render.read_values(self.write(text)), "ovload-test", NOW)[0]
        self.assertEqual("efs-sc", pvc["spec"]["storageClassName"])


if __name__ == "__main__":
    unittest.main()
