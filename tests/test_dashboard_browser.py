"""The dashboard in a real browser: ``streamlit run`` on a free port, headless Chromium, a screenshot.

Needs Debian's ``chromium`` and ``chromium-driver``; skipped without them unless
``EVIDENCE_REQUIRE_BROWSER=1`` (CI), where a missing browser fails the run. The screenshot is written
to ``$EVIDENCE_SCREENSHOT_DIR`` (default: the system's temp folder) for people to look at.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.test_dashboard_fixtures import APP, ROOT

pytest_plugins = ("tests.test_dashboard_fixtures",)  # bundled_url: the bundled database

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
CLAIM_EN = "Dropout is more common in online help than in face-to-face treatment."
OTHER_CLAIM_EN = "In certain cases clients can remain anonymous during treatment or reveal their identity."

STREAMLIT_OPTIONS = {
    "server.headless": "true",
    "server.address": "127.0.0.1",
    "browser.gatherUsageStats": "false",
    "server.fileWatcherType": "none",
    "client.toolbarMode": "minimal",  # no developer menu in the screenshot
}

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def browser_ready() -> None:
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    if missing:
        message = f"{', '.join(missing)} not installed (apt-get install chromium chromium-driver)"
        if os.environ.get("EVIDENCE_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    pytest.importorskip("selenium")


@pytest.fixture(scope="module")
def server(browser_ready: None, bundled_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``streamlit run dashboard/app.py`` on the bundled database; yields its base URL."""
    port = _free_port()
    log = tmp_path_factory.mktemp("streamlit") / "streamlit.log"
    env = {**os.environ, "EVIDENCE_DATABASE_URL": bundled_url}
    with log.open("wb") as out:
        command = [sys.executable, "-m", "streamlit", "run", str(APP), "--server.port", str(port)]
        command += [arg for name, value in STREAMLIT_OPTIONS.items() for arg in (f"--{name}", value)]
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as response:
                        if response.read().strip() == b"ok":
                            break
                except OSError:
                    pass
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"streamlit did not start:\n{log.read_text(errors='replace')[-3000:]}")
                time.sleep(0.3)
            yield base
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


@pytest.fixture(scope="module")
def downloads(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def driver(browser_ready: None, downloads: Path):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--window-size=1500,1100",
        "--lang=en-US",
    ):
        options.add_argument(argument)
    browser = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    browser.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    yield browser
    browser.quit()


def _cells(driver) -> list[str]:
    """The evidence table's cells: the grid draws on a canvas and mirrors each cell in the DOM."""
    from selenium.webdriver.common.by import By

    return [
        c.get_attribute("textContent")
        for c in driver.find_elements(By.CSS_SELECTOR, "[data-testid^='glide-cell']")
    ]


def _wait_for(driver, condition, timeout: float = 30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.25)
    return condition()


def test_explore_in_a_browser(server: str, driver, downloads: Path) -> None:
    from selenium.webdriver.common.by import By

    # The bundled set, no filter: the landing page shows the evidence table.
    start = time.monotonic()
    driver.get(f"{server}/?lang=en")
    assert _wait_for(
        driver,
        lambda: (
            CLAIM_EN in " ".join(_cells(driver))
            or OTHER_CLAIM_EN in " ".join(_cells(driver))
            or len(_cells(driver)) > 20
        ),
    ), "the evidence table did not appear"
    first_load = time.monotonic() - start
    assert driver.find_element(By.TAG_NAME, "h1").text == "Explore the evidence"

    # A filter in the URL: only the dropout topic's supporting evidence.
    driver.get(f"{server}/?topic=dropout-and-adherence&stance=supports&lang=en")
    assert _wait_for(driver, lambda: CLAIM_EN in _cells(driver)), _cells(driver)[:20]
    _wait_for(driver, lambda: "Running" not in driver.find_element(By.TAG_NAME, "body").text, 10)
    cells = _cells(driver)
    assert OTHER_CLAIM_EN not in cells
    assert "supports" in cells and "mentions" not in cells
    sidebar = driver.find_element(By.CSS_SELECTOR, "[data-testid='stSidebar']").text
    assert "Dropout and adherence" in sidebar
    assert "topic=dropout-and-adherence" in driver.current_url and "lang=en" in driver.current_url

    folder = Path(os.environ.get("EVIDENCE_SCREENSHOT_DIR", tempfile.gettempdir()))
    folder.mkdir(parents=True, exist_ok=True)
    shot = folder / "evidence-dashboard-explore.png"
    time.sleep(1)  # let the grid finish drawing
    assert driver.save_screenshot(str(shot)) and shot.stat().st_size > 10_000
    print(f"\nscreenshot: {shot} (first load {first_load:.1f} s)")
    assert first_load < 30

    # A download is built when its button is clicked, with exactly the filtered rows.
    driver.find_element(By.XPATH, "//details[.//*[text()='Download']]/summary").click()
    button = _wait_for(
        driver,
        lambda: [
            b for b in driver.find_elements(By.XPATH, "//button[.//p[text()='CSV']]") if b.is_displayed()
        ],
    )
    assert button, "the CSV download button did not show"
    button[0].click()
    csv = downloads / "evidence.csv"
    assert _wait_for(driver, lambda: csv.exists() and csv.stat().st_size > 0, 20), sorted(downloads.iterdir())
    text = csv.read_text(encoding="utf-8-sig")
    assert CLAIM_EN in text and OTHER_CLAIM_EN not in text


def test_deep_links_open_their_page(server: str, driver) -> None:
    """A shared link to a page other than Explore opens that page directly, with the navigation.

    Regression: with the page files in a folder named pages/, Streamlit's file-name router answered
    a deep link first ("Page not found" for /map) and showed file names in the sidebar.
    """
    from selenium.webdriver.common.by import By

    for path, heading in (("map?lang=en", "Evidence map"),
                          ("claim?claim=dropout-higher-online&lang=nl", "Uitval komt")):  # fmt: skip
        driver.get(f"{server}/{path}")
        assert _wait_for(driver, lambda h=heading: h in driver.find_element(By.TAG_NAME, "body").text), path
        time.sleep(1)
        body = driver.find_element(By.TAG_NAME, "body").text
        assert "Page not found" not in body, path
        sidebar = driver.find_element(By.CSS_SELECTOR, "[data-testid='stSidebar']").text
        assert ("Explore" in sidebar or "Verkennen" in sidebar) and "evidence_map" not in sidebar, sidebar
