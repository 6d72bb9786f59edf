"""Where one public sign-up spends its CPU, by part: py-spy samples ``registrations_signup_profile.py
--cpu`` from outside, counting only the moments the process holds the GIL (so waiting for
PostgreSQL counts nothing, and unlike cProfile or a CPU-clock pyinstrument nothing is slowed
down per call), and prints each part's share and its microseconds per sign-up.

    uv pip install py-spy   # in the venv only
    uv run python bench/registrations_signup_shares.py [--requests 1500] [--rate 400]

Run it again with ``PYTHONPATH`` pointing at another checkout's ``shared`` and
``services/registrations`` to profile that code with the same parts.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

#: The timed loop of ``registrations_signup_profile.py --cpu``: samples outside it are set-up.
TIMED = "_cpu (registrations_signup_profile.py"


def _has(frames: list[str], pattern: str) -> bool:
    return any(re.match(pattern, frame) for frame in frames)


PARTS = [
    (
        "Flask, werkzeug, smorest, webargs around the view",
        lambda f: _has(f, r"run_wsgi_app \(werkzeug/test.py") and not _has(f, r"SignUp\.post \("),
    ),
    ("the test client itself", lambda f: not _has(f, r"run_wsgi_app \(werkzeug/test.py")),
    ("rate limit, all", lambda f: _has(f, r"check_signup_rate ")),
    (
        "  its own commit",
        lambda f: _has(f, r"check_signup_rate ") and _has(f, r"Session\.commit "),
    ),
    ("pool checkouts with pre-ping (anywhere)", lambda f: _has(f, r"_ConnectionFairy\._checkout ")),
    ("look before the lock (SELECT)", lambda f: _has(f, r"_look_before_locking ")),
    ("registration + consent INSERTs", lambda f: _has(f, r"_insert \(dialog_registrations")),
    (
        "registration_created: snapshot, tokens, contract",
        lambda f: _has(f, r"registration_created "),
    ),
    ("  contract load + dump", lambda f: _has(f, r"dump_for_publishing ")),
    ("seat UPDATE (take_place)", lambda f: _has(f, r"take_place ")),
    (
        "the sign-up's commit (outbox INSERT, NOTIFY, COMMIT)",
        lambda f: _has(f, r"committed \(dialog_platform/db.py") and _has(f, r"Session\.commit "),
    ),
    ("answer sentence (signup_body)", lambda f: _has(f, r"signup_body ")),
    ("Fernet encryption (anywhere)", lambda f: _has(f, r"Keyring\.encrypt ")),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=1500, help="sign-ups per event set")
    parser.add_argument("--rate", type=int, default=400, help="py-spy samples per second")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        raw = Path(folder) / "samples.txt"
        profile = Path(__file__).with_name("registrations_signup_profile.py")
        command = [str(Path(sys.executable).with_name("py-spy")), "record", "--gil", "-f", "raw"]
        command += ["-r", str(options.rate), "-o", str(raw), "--", sys.executable, str(profile)]
        subprocess.run([*command, "--cpu", "--requests", str(options.requests)], check=True)
        stacks = []
        for line in raw.read_text().splitlines():
            stack, _, count = line.rpartition(" ")
            if TIMED in stack:
                stacks.append((stack.split(";"), int(count)))
    total = sum(count for _, count in stacks)
    sign_ups = 2 * options.requests  # one event, then 100 events
    per_sign_up = total / options.rate / sign_ups * 1e6
    print(f"\n{total} samples holding the GIL in the timed loop, {sign_ups} sign-ups")
    print(f"{'whole sign-up':<55} 100.0 %  {per_sign_up:6,.0f} µs")
    for name, within in PARTS:
        samples = sum(count for frames, count in stacks if within(frames))
        share = samples / total
        print(f"{name:<55} {share * 100:5.1f} %  {share * per_sign_up:6,.0f} µs")


if __name__ == "__main__":
    main()
