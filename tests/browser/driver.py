"""Selenium driving Debian's headless Chromium through Debian's chromedriver (no download)."""

import contextlib
import tempfile
from collections.abc import Callable, Iterator
from typing import Any

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait

from chromium import FLAGS, chromium_binary, required_binary


@contextlib.contextmanager
def chrome(width: int = 1280, height: int = 800) -> Iterator[webdriver.Chrome]:
    options = webdriver.ChromeOptions()
    options.binary_location = chromium_binary()
    with tempfile.TemporaryDirectory() as profile:
        for flag in (*FLAGS, f"--user-data-dir={profile}", f"--window-size={width},{height}"):
            options.add_argument(flag)
        driver = webdriver.Chrome(options=options, service=Service(required_binary("chromedriver")))
        try:
            yield driver
        finally:
            driver.quit()


def wait_until(
    driver: webdriver.Chrome, condition: Callable[[Any], Any], seconds: float = 15
) -> Any:
    return WebDriverWait(driver, seconds, poll_frequency=0.1).until(condition)
