#!/usr/bin/env python3
"""Validate the trial and summary files of real runs against docs/schemas.

Usage: validate_results.py RUNNER SOURCE_DIR

Runs small experiments that produce every trial status the runner writes for a finished
trial (ok, diverged) and the optional parts of a trial file (validation metrics, folds), then
validates each file. It also checks that the schemas reject a file with a wrong status, so a
schema that accepts anything fails the test. Exit code 0: valid; 1: a violation; 77: the
jsonschema module is missing (ctest reports the test as skipped).
"""
import json
import pathlib
import subprocess
import sys
import tempfile

try:
    import jsonschema
except ImportError:
    print("skipped: the Python module jsonschema is not installed (Debian: python3-jsonschema)")
    sys.exit(77)

EXPERIMENTS = {
    # Holdout with a validation part and early stopping; the second learning rate diverges.
    "holdout": """
name: schema_holdout
dataset: {name: synthetic, kind: sine, samples: 120}
model: {hidden: [4]}
training: {epochs: 15, batch_size: 16, validation: 0.2, early_stopping: {patience: 5}}
optimizer: {name: sgd}
seeds: [1, 2]
grid:
  optimizer.lr: [0.01, 1.0e+6]
""",
    # k-fold classification with three classes: fold numbers, confusion matrices, class names.
    "kfold": """
name: schema_kfold
dataset: {name: synthetic, kind: spirals, samples: 90}
split: {kind: kfold, k: 3}
model: {hidden: [6]}
training: {epochs: 5}
optimizer: {name: adam, lr: 0.01}
grid:
  model.activation: [tanh, relu]
""",
}


def validator(schema_path):
    schema = json.loads(schema_path.read_text())
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def errors_of(validator_, document):
    return sorted(validator_.iter_errors(document), key=lambda e: list(e.absolute_path))


def main():
    runner, source = sys.argv[1], pathlib.Path(sys.argv[2])
    trial_schema = validator(source / "docs" / "schemas" / "trial.schema.json")
    summary_schema = validator(source / "docs" / "schemas" / "summary.schema.json")
    failures = 0
    statuses = set()
    with tempfile.TemporaryDirectory(prefix="bplab-schema-") as work:
        work = pathlib.Path(work)
        for name, text in EXPERIMENTS.items():
            experiment = work / f"{name}.yaml"
            experiment.write_text(text)
            out = work / name
            run = subprocess.run([runner, str(experiment), "-o", str(out), "-q", "-j", "2"],
                                 capture_output=True, text=True)
            if run.returncode != 0:
                print(f"FAIL: runner exited with {run.returncode} on {name}: {run.stderr}")
                return 1
            files = sorted((out / "trials").glob("*.json"))
            if not files:
                print(f"FAIL: no trial files for {name}")
                return 1
            for path in files:
                trial = json.loads(path.read_text())
                statuses.add(trial.get("status"))
                for error in errors_of(trial_schema, trial):
                    failures += 1
                    print(f"FAIL: {name}/trials/{path.name}: {'/'.join(map(str, error.absolute_path))}: {error.message}")
            summary = json.loads((out / "summary.json").read_text())
            for error in errors_of(summary_schema, summary):
                failures += 1
                print(f"FAIL: {name}/summary.json: {'/'.join(map(str, error.absolute_path))}: {error.message}")

            # A schema that accepts a wrong status or a missing key checks nothing.
            broken = json.loads(files[0].read_text())
            broken["status"] = "finished"
            if not errors_of(trial_schema, broken):
                failures += 1
                print("FAIL: the trial schema accepts the status 'finished'")
            broken = dict(summary)
            del broken["points"]
            if not errors_of(summary_schema, broken):
                failures += 1
                print("FAIL: the summary schema accepts a summary without points")

    for expected in ("ok", "diverged"):
        if expected not in statuses:
            failures += 1
            print(f"FAIL: no trial with status {expected} was produced, so its form was not validated")
    if failures:
        print(f"{failures} violation(s)")
        return 1
    print("all trial and summary files match docs/schemas")
    return 0


if __name__ == "__main__":
    sys.exit(main())
