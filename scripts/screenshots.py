#!/usr/bin/env python
"""Refresh the README's screenshots: the seeds imported into a fresh SQLite database, each page
opened in Debian's Chromium through Playwright at 1280×1100 and saved to docs/screenshots/.

    python scripts/screenshots.py [--port 8137] [NAME ...]     (default: every page below)

Names: home, claims (Rep. Lee's), claim (#3, of the first seed), briefing (#1), figures, article
(the first seed), person (Rep. Lee).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
PAGES = {
    "home": "/",
    "claims": "/claims/?person=lee-seong-kweun",
    "claim": "/claims/3/",
    "briefing": "/briefings/1/",
    "figures": "/figures/",
    "article": "/articles/1/",
    "person": "/people/lee-seong-kweun/",
}
VIEWPORT = {"width": 1280, "height": 1100}


def manage(*args: str, env: dict[str, str]) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )


def wait_for(url: str, server: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"the server stopped (exit status {server.returncode})")
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except OSError:
            time.sleep(0.5)
    sys.exit(f"no answer from {url} after {timeout:.0f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", metavar="NAME", help=f"one of {', '.join(PAGES)} (default: all)")
    parser.add_argument("--port", type=int, default=8137)
    args = parser.parse_args()
    if unknown := sorted(set(args.names) - set(PAGES)):
        parser.error(f"unknown page {', '.join(unknown)}: choose from {', '.join(PAGES)}")
    args.names = args.names or list(PAGES)
    from playwright.sync_api import sync_playwright

    chromium = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    workdir = Path(tempfile.mkdtemp(prefix="archive-screenshots-"))
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{workdir / 'db.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "archive.settings",
    }
    try:
        manage("migrate", "--noinput", env=env)
        manage("import_seeds", env=env)
        address = f"127.0.0.1:{args.port}"
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", "--noreload", address],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_for(f"http://{address}/", server)
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
                page = browser.new_page(viewport=VIEWPORT)
                for name in args.names:
                    page.goto(f"http://{address}{PAGES[name]}")
                    page.screenshot(path=str(OUT / f"{name}.png"))
                    print(f"docs/screenshots/{name}.png  ←  {PAGES[name]}")
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
