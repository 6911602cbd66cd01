"""Fuzz every JSON API operation against its OpenAPI schema, on the production server.

Run by hand (`make fuzz`); prints a summary and exits 1 if any check failed. What it does:

1. Builds a fresh database with `populate_db` in a temporary folder.
2. Starts gunicorn as the other benchmarks do (bench/serving.py: gunicorn.conf.py, two sync
   workers, DJ_DEBUG=0, the database read-only), downloads cached in the temporary folder.
3. Loads the schema from the server's /api/schema/ and, for every operation, sends the
   requests schemathesis generates from it: --examples valid ones and --examples invalid ones
   (fewer where the schema leaves nothing to vary), half of the ids and names swapped for
   real ones in valid requests (tests/api_fuzzing.py). Each answer must pass every check of
   schemathesis: no 5xx; a documented status code, content type and body schema; a valid
   request accepted (2xx or 404, never 400), an invalid one refused; a wrong method 405.
4. Prints the requests and status codes per operation, with the share of valid requests
   answered 2xx, and every failure with a curl command.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from serving import ROOT, Server, build_database  # bench/ is the script's folder

sys.path.insert(0, str(ROOT))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=520,
                        help="generated requests per operation and mode (valid, invalid); 520 gives 10,000+ in all")
    parser.add_argument("--seed", type=int, default=0, help="seed of the id and name swaps")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        print("building the database ...", flush=True)
        db = build_database(Path(tmp))
        os.environ["DJ_DB_PATH"] = str(db)
        server = Server(db, workers=2, ACTIVITY_DATA_CACHE_DIR=str(Path(tmp) / "downloads"))
        try:
            failures = fuzz(f"http://127.0.0.1:{server.port}", args.examples, args.seed)
        finally:
            server.stop()
    sys.exit(1 if failures else 0)


def fuzz(base_url: str, examples: int, seed: int) -> int:
    """Fuzz every operation at base_url; print the summary; return the number of failures."""
    os.environ.update(DJ_DEBUG="0", DJ_HTTPS="0", DJ_DB_BUILD="0", DJ_SECRET_KEY="bench-only",
                      DJ_ALLOWED_HOSTS="127.0.0.1", DJANGO_SETTINGS_MODULE="wormwideweb.settings")
    import django

    django.setup()
    import requests
    import schemathesis

    from tests.api_fuzzing import Realistic, fuzz_operation

    schema = schemathesis.openapi.from_url(f"{base_url}/api/schema/")
    schema.validate()
    realistic = Realistic.from_database()
    session = requests.Session()
    reports, started = [], time.perf_counter()
    print(f"fuzzing {base_url}, {examples} valid + {examples} invalid requests per operation\n", flush=True)
    print(f"{'operation':58s} {'requests':>8s} {'failures':>8s} {'valid 2xx':>9s}  status codes")
    for result in schema.get_all_operations():
        operation = result.ok()
        report = fuzz_operation(operation, lambda case: case.call(base_url=base_url, session=session),
                                realistic, examples, seed)
        reports.append(report)
        codes = " ".join(f"{code}:{n}" for code, n in sorted(report.statuses.items()))
        answered = sum(n for code, n in report.positive.items() if 200 <= code < 300)
        share = f"{100 * answered / max(1, report.positive.total()):.0f} %"
        print(f"{report.label:58s} {report.requests:8d} {len(report.failures):8d} {share:>9s}  {codes}", flush=True)
    total = sum(r.requests for r in reports)
    failures = [f for r in reports for f in r.failures]
    server_errors = sum(n for r in reports for code, n in r.statuses.items() if code >= 500)
    print(f"\n{total} requests to {len(reports)} operations in {time.perf_counter() - started:.0f} s: "
          f"{server_errors} server errors (5xx), {len(failures)} failed checks")
    for failure in failures:
        print(f"\n{failure}")
    return len(failures)


if __name__ == "__main__":
    main()
