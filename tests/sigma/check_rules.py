"""The Sigma rules of `mamtriage rules`, checked by executing them (CI runs this in the venv
`.ci/run` makes; see tests/sigma/requirements.txt).

1. Every rule loads in pySigma and converts without error with the Kusto, Elasticsearch
   (Lucene) and Loki backends.
2. Executed with pySigma's DuckDB backend over JSON-lines logs, each rule counts exactly the
   records `mamtriage scan` ties to its entry in the same files: the constructed server logs
   of tests/data, plus a log and a SigninLogs table written here from the knowledge (one
   planted record per rule, look-alikes, and noise that must fire nothing).
3. Our own KQL, Lucene and LogQL (`rules --format kql|lucene|logql`) carry the same values as
   pySigma's conversion of the same rule.

Usage: python tests/sigma/check_rules.py path/to/mamtriage
"""

import json
import pathlib
import subprocess
import sys
import tempfile

import duckdb
from sigma.backends.elasticsearch import LuceneBackend
from sigma.backends.kusto import KustoBackend
from sigma.backends.loki import LogQLBackend
from sigma.collection import SigmaCollection
from sigma_backend_duckdb import DuckDBBackend

ROOT = pathlib.Path(__file__).resolve().parents[2]
MATTERMOST_APP = "9ac649f1-4f77-44d6-9792-b2f54ab3c9a7"
OTHER_APP = "00000002-0000-0ff1-ce00-000000000000"


def run(binary, *args):
    result = subprocess.run(
        [binary, "--no-cache", *args], capture_output=True, text=True, check=False
    )
    if result.returncode not in (0, 1):
        sys.exit(f"{' '.join(args)} failed ({result.returncode}): {result.stderr}")
    return result.stdout


def server_line(time, message, status, request):
    return json.dumps(
        {
            "timestamp": f"2026-03-02 10:{time:02d}:00.000 Z",
            "level": "debug",
            "msg": message,
            "caller": "web/context.go:118",
            "path": "/oauth/intune",
            "request_id": request,
            "ip_addr": "203.0.113.24",
            "user_id": "",
            "method": "POST",
            "err_where": "App.LoginByIntune",
            "http_code": status,
            "error": f"App.LoginByIntune: {message}",
        },
        separators=(",", ":"),
    )


def planted_server_log(rules, knowledge):
    """One refusal per server rule, as the server logs it (the entry's first message, its
    HTTP status), then noise: routine lines, an unrelated error, a request summary."""
    lines = []
    for number, rule in enumerate(rules):
        entry = knowledge[rule["entry"]]
        selection = rule["detection"]["message_msg"]
        values = selection["msg|contains"]
        message = values if isinstance(values, str) else values[0]
        message = message.replace("\\*", "*").replace("\\?", "?").replace("\\\\", "\\")
        status = selection.get("http_code") or (entry.get("server") or {}).get(
            "http_status", 400
        )
        lines.append(server_line(number % 60, message, status, f"planted{number:018d}"))
    lines += [
        json.dumps({"timestamp": "2026-03-02 11:00:00.000 Z", "level": "info",
                    "msg": "Server is listening on [::]:8065", "caller": "app/server.go:482"}),
        json.dumps({"timestamp": "2026-03-02 11:00:01.000 Z", "level": "debug",
                    "msg": "Received HTTP request", "caller": "web/handlers.go:175",
                    "method": "POST", "url": "/oauth/intune", "request_id": "x" * 26,
                    "status_code": "400"}),
        json.dumps({"timestamp": "2026-03-02 11:00:02.000 Z", "level": "error",
                    "msg": "Failed to upload file", "caller": "app/file.go:99",
                    "error": "disk quota exceeded"}),
    ]
    return "\n".join(lines) + "\n"


def planted_sign_ins(rules):
    """One failed sign-in of the Mattermost app per sign-in rule's first code, with
    Sentinel's columns; then a success and another app's failure, which fire nothing."""
    rows = []
    for number, rule in enumerate(rules):
        codes = rule["detection"]["result"]["ResultType"]
        code = codes if isinstance(codes, str) else codes[0]
        rows.append({
            "TimeGenerated": f"2026-03-02T10:{number % 60:02d}:00Z",
            "UserPrincipalName": f"user{number}@contoso.com",
            "AppDisplayName": "Mattermost Mobile",
            "AppId": MATTERMOST_APP,
            "IPAddress": "203.0.113.24",
            "ResultType": code,
            "ResultDescription": "constructed",
            "CorrelationId": f"00000000-0000-4000-8000-{number:012d}",
            "Type": "SigninLogs",
        })
    rows.append(dict(rows[0], ResultType="0", ResultDescription=""))
    return rows


def load(path, fields):
    """A DuckDB table `logs` of the JSON lines at `path`, with every field a rule reads (a
    log that never writes `err_details` still answers for it: NULL)."""
    db = duckdb.connect()
    db.execute(
        f"CREATE TABLE logs AS SELECT * FROM read_json_auto('{path}', "
        "format='newline_delimited', union_by_name=true)"
    )
    for field in fields:
        db.execute(f'ALTER TABLE logs ADD COLUMN IF NOT EXISTS "{field}" VARCHAR')
    return db


def rule_fields(rules):
    return {key.split("|")[0] for rule in rules for name, selection in rule["detection"].items()
            if name != "condition" for key in selection}


def main(binary):
    knowledge = {entry["id"]: entry for entry in json.loads(
        run(binary, "show", "--format", "json",
            *[e["id"] for e in json.loads(run(binary, "list", "--json"))]))}
    work = pathlib.Path(tempfile.mkdtemp())
    run(binary, "rules", "--format", "sigma", "-o", str(work / "rules"))
    texts = {path.stem: path.read_text() for path in sorted((work / "rules").glob("*.yml"))}
    assert texts, "no rules were written"
    import yaml  # pySigma's own dependency

    parsed = {entry: yaml.safe_load(text) for entry, text in texts.items()}
    server = [r | {"entry": e} for e, r in parsed.items() if r["logsource"]["product"] == "mattermost"]
    sign_in = [r | {"entry": e} for e, r in parsed.items() if r["logsource"]["product"] == "azure"]

    # 1. Every rule loads and converts with the three backends.
    backends = {"kql": KustoBackend(), "lucene": LuceneBackend(), "logql": LogQLBackend()}
    converted = {}
    for entry, text in texts.items():
        collection = SigmaCollection.from_yaml(text)
        for name, backend in backends.items():
            queries = backend.convert(collection)
            assert queries and all(queries), f"{entry}: {name} gave nothing"
            converted.setdefault(name, {})[entry] = " ".join(map(str, queries))
    print(f"{len(texts)} rules load and convert with Kusto, Lucene and LogQL")

    # 2. Executed with DuckDB, each rule counts what scan finds.
    server_files = [
        ROOT / "tests/data/evidence/mattermost.log",
        ROOT / "tests/data/incidents/mattermost.log",
        work / "planted-server.log",
    ]
    (work / "planted-server.log").write_text(planted_server_log(server, knowledge))
    sign_ins = planted_sign_ins(sign_in)
    (work / "signins.jsonl").write_text("".join(json.dumps(row) + "\n" for row in sign_ins))
    noise = work / "other-app.jsonl"
    noise.write_text(json.dumps(dict(sign_ins[0], AppId=OTHER_APP, AppDisplayName="Outlook")) + "\n")

    duck = DuckDBBackend()
    failures = []
    checked = 0
    for files, rules in ((server_files, server), ([work / "signins.jsonl"], sign_in)):
        for path in files:
            found = json.loads(run(binary, "scan", "--json", str(path)))
            counts = {f["id"]: f["count"] for f in found["findings"] if f["match"] == "exact"}
            db = load(path, rule_fields(rules))
            for rule in rules:
                query = duck.convert(SigmaCollection.from_yaml(texts[rule["entry"]]))[0]
                fired = db.execute(f"SELECT count(*) FROM ({query})").fetchone()[0]
                expected = counts.get(rule["entry"], 0)
                checked += 1
                if fired != expected:
                    failures.append(f"{path.name}: {rule['entry']} fired {fired}, scan found {expected}")
            fired_total = sum(
                db.execute(f"SELECT count(*) FROM ({duck.convert(SigmaCollection.from_yaml(texts[r['entry']]))[0]})").fetchone()[0]
                for r in rules
            )
            planted = sum(counts.get(r["entry"], 0) for r in rules)
            if fired_total != planted:
                failures.append(f"{path.name}: rules fired {fired_total} times, scan found {planted}")
            print(f"  {path.name}: rules fired {fired_total} times, scan found {planted}")
    db = load(noise, rule_fields(sign_in))
    for rule in sign_in:
        query = duck.convert(SigmaCollection.from_yaml(texts[rule["entry"]]))[0]
        if db.execute(f"SELECT count(*) FROM ({query})").fetchone()[0]:
            failures.append(f"{rule['entry']} fired on another app's sign-in")
    print(f"{checked} rule-and-file counts compared with scan")

    # 3. Our conversions carry pySigma's values.
    ours = {}
    for language in ("kql", "lucene", "logql"):
        for block in run(binary, "rules", "--format", language).split("\n\n"):
            for line in block.splitlines():
                if line.startswith(("//", "# ")) and "[" in line:
                    entry = line.rsplit("[", 1)[1].rstrip("]")
                    ours.setdefault(language, {})[entry] = block
    for language, by_entry in converted.items():
        for entry, theirs in by_entry.items():
            mine = ours.get(language, {}).get(entry)
            if mine is None:
                failures.append(f"{entry}: no {language} query of ours")
                continue
            rule = parsed[entry]
            for key, values in rule["detection"].items():
                if key == "condition":
                    continue
                for field, value in values.items():
                    for one in value if isinstance(value, list) else [value]:
                        word = str(one).split()[0].replace("\\", "").strip(".*?")
                        if word and (word not in mine.replace("\\", "") or word not in theirs.replace("\\", "")):
                            failures.append(f"{entry}: {language}: `{word}` not in both conversions")
    if failures:
        print("\n".join(failures))
        sys.exit(1)
    print("rules fire exactly where scan finds their entries; our queries carry pySigma's values")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "target/debug/mamtriage"))
