"""scripts/k8s-run.sh against a stand-in kubectl that answers as a cluster would: the shards' Job
ends Failed (one shard failed its index), the merge Job Complete with exit 4. The script must not
wait past a Failed Job, must run the merge after it, apply fresh Job names on a re-run and exit with
the merge's code. No cluster is reachable here; this checks the script's own logic.
"""
import os
import subprocess
import tempfile
import textwrap
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

KUBECTL = textwrap.dedent("""\
    #!/usr/bin/env bash
    # records each call; applied manifests go to $LOG.apply
    echo "kubectl $*" >> "$LOG"
    case "$1" in
      apply) cat >> "$LOG.apply"; echo "---" >> "$LOG.apply" ;;
      get)
        case "$*" in
          *"job ovload-shards-"*) echo -n "FailureTarget Failed " ;;
          *"job ovload-merge-"*) echo -n "Complete " ;;
          *"job-name=ovload-merge-"*) echo -n "$MERGE_EXIT" ;;
          *"job-name=ovload-shards-"*) printf 'shard 0: exit 0\\nshard 1: exit 137\\n' ;;
        esac ;;
      logs) echo "ovload merge: 1 of 2 shards into /ovload/reports/x" ;;
      cp) mkdir -p "$3" ;;
    esac
    exit 0
    """)


class K8sRun(unittest.TestCase):
    def run_script(self, merge_exit):
        work = tempfile.mkdtemp()
        with open(os.path.join(work, "kubectl"), "w", encoding="utf-8") as f:
            f.write(KUBECTL)
        os.chmod(os.path.join(work, "kubectl"), 0o755)
        log = os.path.join(work, "calls")
        env = dict(os.environ, PATH=work + os.pathsep + os.environ["PATH"], LOG=log, MERGE_EXIT=str(merge_exit))
        result = subprocess.run(["scripts/k8s-run.sh"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
        with open(log, encoding="utf-8") as f:
            calls = f.read()
        with open(log + ".apply", encoding="utf-8") as f:
            applied = f.read()
        run_id = next(line.split()[-1] for line in applied.splitlines() if line.strip().startswith("ovload/run-id:"))
        subprocess.run(["rm", "-rf", os.path.join(ROOT, "reports", run_id)], check=True)
        return result, calls, applied, run_id

    def test_a_failed_shards_job_is_merged_and_the_merges_code_is_the_exit(self):
        result, calls, applied, run_id = self.run_script(4)
        print(f"\n    k8s-run exit {result.returncode}; stderr:\n      " + "\n      ".join(result.stderr.splitlines()))
        self.assertEqual(4, result.returncode, result.stderr)
        self.assertIn(f"name: ovload-shards-{run_id}", applied)
        self.assertIn(f"name: ovload-merge-{run_id}", applied, "the merge ran although the shards' Job failed")
        self.assertIn("shards' Job ended: FailureTarget Failed", result.stderr)
        self.assertIn(f"kubectl cp ovload-results-{run_id}:/ovload/reports/{run_id} reports/{run_id}", calls)

    def test_a_rerun_applies_new_job_names(self):
        first = self.run_script(0)
        subprocess.run(["sleep", "1.1"], check=True)
        second = self.run_script(0)
        self.assertEqual(0, second[0].returncode, second[0].stderr)
        self.assertNotEqual(first[3], second[3])


if __name__ == "__main__":
    unittest.main()
