"""Screenshots of the report and the review app on the demo corpus, for the README.

    python docs/make_screenshots.py            # writes docs/images/report.png and docs/images/app.png

Needs Debian's chromium (or STANCEMAP_CHROMIUM naming another Chromium) and the test extra
(playwright). Runs the demo corpus into a temporary folder first.
"""

from __future__ import annotations

import os
import socket
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CHROMIUM = os.environ.get("STANCEMAP_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


def main() -> None:
    import uvicorn
    from click.testing import CliRunner
    from playwright.sync_api import sync_playwright

    from stancemap.app import create_app
    from stancemap.cli import cli

    out = HERE / "images"
    out.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        result = CliRunner().invoke(cli, ["demo", "-o", tmp])
        if result.exit_code not in (0, 1):
            raise SystemExit(result.output)
        db, report = Path(tmp) / "demo.db", Path(tmp) / "report.html"
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port,
                                               log_level="warning"))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.05)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 860})
            page.goto(report.as_uri())
            page.evaluate("document.querySelector('#network').scrollIntoView()")
            page.screenshot(path=str(out / "report.png"))
            page.goto(f"http://127.0.0.1:{port}/propositions")
            first = page.locator("main a[href^='/propositions/']").first
            first.click()
            page.screenshot(path=str(out / "app.png"))
            browser.close()
        server.should_exit = True
        thread.join(timeout=10)
    print(f"wrote {out / 'report.png'} and {out / 'app.png'}")


if __name__ == "__main__":
    main()
