"""The HTML views opened in a real browser: Debian's headless Chromium driven by its
ChromeDriver through Selenium (nothing downloaded: `make test` installs chromium and
chromium-driver when it can). Each page loads from disk with no console error, shows its parts,
and answers a click; a screenshot of each is saved under the test's tmp directory (and in
CLAIMGRAPH_SCREENSHOTS=DIR when set)."""
from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimgraph.cli import main

CHROMIUM = os.environ.get("CLAIMGRAPH_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CLAIMGRAPH_CHROMEDRIVER", "/usr/bin/chromedriver")
DAY = "2020-02-27"

if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
    pytest.skip(f"BROWSER TESTS SKIPPED: no {CHROMIUM} or {CHROMEDRIVER}; install Debian's chromium and "
                "chromium-driver (make test does it as root)", allow_module_level=True)

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-default-apps", "--window-size=1400,1000",
                 f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def store_dir(seeds_build):
    _result, out = seeds_build
    return str(out / "store")


def _open(driver, path: Path) -> None:
    driver.get_log("browser")  # drop what earlier pages logged
    driver.get(path.resolve().as_uri())


def _errors(driver) -> list[dict]:
    return [entry for entry in driver.get_log("browser") if entry["level"] in ("SEVERE", "WARNING")]


def _screenshot(driver, tmp_path: Path, name: str, full_page: bool = False) -> Path:
    if full_page:
        height = driver.execute_script("return document.documentElement.scrollHeight")
        driver.set_window_size(1400, min(max(1000, height), 8000))
    path = tmp_path / name
    driver.save_screenshot(str(path))
    if full_page:
        driver.set_window_size(1400, 1000)
    keep = os.environ.get("CLAIMGRAPH_SCREENSHOTS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(keep) / name)
    return path


def _run(*args):
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result


def test_the_event_report_in_chromium(browser, store_dir, tmp_path):
    page = tmp_path / "report.html"
    _run("report", "--store", store_dir, "--day", DAY, "--out", str(page))
    _open(browser, page)
    assert browser.title == "Turkish soldiers killed in Idlib on 2020-02-27"
    assert _errors(browser) == []
    marks = browser.find_elements(By.CSS_SELECTOR, "svg.timeline a.report")
    rows = browser.find_elements(By.CSS_SELECTOR, "table.counts tbody tr")
    highlighted = browser.find_elements(By.CSS_SELECTOR, "article mark")
    assert len(marks) >= 8 and len(rows) == len(marks) and len(highlighted) >= len(rows)
    counts = {cell.text for cell in browser.find_elements(By.CSS_SELECTOR, "td.count")}
    assert {"≥22", "≥29", "≥31", "≥33"} <= counts
    table = browser.find_element(By.CSS_SELECTOR, "table.counts").text
    assert "Syrian Observatory for Human Rights" in table and "gouverneur de la province turque de Hatay" in table
    _screenshot(browser, tmp_path, "report.png", full_page=True)

    # the timeline links to the table, the table to the words in the article
    mark = next(m for m in marks if "≥29" in m.text)
    claim = mark.get_attribute("data-claim")
    ActionChains(browser).move_to_element(mark.find_element(By.CSS_SELECTOR, "circle")).click().perform()
    WebDriverWait(browser, 5).until(lambda d: d.execute_script("return location.hash") == f"#row-{claim}")
    row = browser.find_element(By.ID, f"row-{claim}")
    assert row.is_displayed() and "Hatay" in row.text
    row.find_element(By.CSS_SELECTOR, "a.words").click()
    WebDriverWait(browser, 5).until(lambda d: d.execute_script("return location.hash") == f"#claim-{claim}")
    words = browser.find_element(By.ID, f"claim-{claim}")
    assert words.tag_name == "mark" and words.text.startswith("Au moins 29 soldats turcs")
    top = browser.execute_script("return arguments[0].getBoundingClientRect().top", words)
    assert -5 <= top < 1000  # scrolled into view
    _screenshot(browser, tmp_path, "report-words.png")
    assert _errors(browser) == []


def _ready(driver, timeout: float = 60) -> None:
    WebDriverWait(driver, timeout).until(lambda d: d.execute_script("return document.body.dataset.ready"))


def _click_node(driver, node_id: int) -> None:
    canvas = driver.find_element(By.CSS_SELECTOR, "#network canvas")
    x, y = driver.execute_script(
        "const n = window.claimgraphNetwork; n.focus(arguments[0], {scale: 1.2, animation: false});"
        "const p = n.canvasToDOM(n.getPosition(arguments[0])); return [p.x, p.y];", node_id)
    width, height = canvas.size["width"], canvas.size["height"]
    ActionChains(driver).move_to_element_with_offset(canvas, int(x - width / 2), int(y - height / 2)).click().perform()


def test_the_network_page_in_chromium(browser, store_dir, tmp_path):
    page = tmp_path / "network.html"
    _run("viz", "--store", store_dir, "--out", str(page))
    _open(browser, page)
    _ready(browser)
    assert _errors(browser) == []
    nodes = browser.execute_script("return DATA.nodes.map(n => [n.id, n.kind, n.label])")
    kinds = {kind for _, kind, _ in nodes}
    assert {"casualty", "statement", "article", "event"} <= kinds and len(nodes) > 50
    legend = browser.find_element(By.ID, "legend").text
    assert "casualty claim" in legend and "event" in legend and "article" in legend
    _screenshot(browser, tmp_path, "network.png")

    node = next(i for i, kind, label in nodes if kind == "casualty" and label.startswith("≥29"))
    _click_node(browser, node)
    details = browser.find_element(By.ID, "details")
    WebDriverWait(browser, 5).until(lambda d: "Au moins 29 soldats turcs" in details.text)
    assert "gouverneur de la province turque de Hatay" in details.text
    assert "relay chain" in details.text and "article" in details.text
    _screenshot(browser, tmp_path, "network-clicked.png")

    # the filter hides a kind
    browser.find_element(By.CSS_SELECTOR, "#legend input[data-kind='statement']").click()
    hidden = browser.execute_script(
        "return DATA.nodes.filter(n => n.kind === 'statement').every(n => window.claimgraphNetwork.body.data.nodes.get(n.id).hidden)")
    assert hidden
    assert _errors(browser) == []


def test_the_seeds_day_network_shows_the_accounts(browser, store_dir, tmp_path):
    page = tmp_path / "day.html"
    _run("viz", "--store", store_dir, "--day", DAY, "--out", str(page))
    _open(browser, page)
    _ready(browser)
    labels = browser.execute_script("return DATA.nodes.map(n => n.label)")
    for count in ("≥22 killed", "≥29 killed", "≥31 killed", "≥33 killed"):
        assert count in labels
    assert "Syrian Observatory for Human Rights" in labels
    _screenshot(browser, tmp_path, "network-day.png")
    assert _errors(browser) == []


def test_a_2000_node_network_stays_usable(browser, tmp_path):
    from test_views import _synthetic

    from claimgraph.viz import network
    from claimgraph.viz.page import render

    g = network.build(_synthetic(6000, 400), max_nodes=2000)
    assert 1000 < g.number_of_nodes() <= 2000
    page = tmp_path / "large.html"
    page.write_text(render(g, "large"), encoding="utf-8")
    started = time.monotonic()
    _open(browser, page)
    _ready(browser)
    loaded = time.monotonic() - started
    assert _errors(browser) == []
    # a click still answers: the panel shows the node
    node = browser.execute_script("return DATA.nodes.findIndex(n => n.kind === 'group')")
    _click_node(browser, node)
    WebDriverWait(browser, 10).until(lambda d: "claims" in d.find_element(By.ID, "details").text)
    _screenshot(browser, tmp_path, "network-2000.png")
    print(f"2000-node page: {g.number_of_nodes()} nodes drawn in {loaded:.1f} s")
