"""Selenium driving Debian's headless Chromium through Debian's chromedriver (no download)."""

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait

from chromium import FLAGS, chromium_binary


def chromedriver_binary() -> str:
    found = shutil.which("chromedriver")
    if found is None:
        message = "chromedriver is needed: apt-get install chromium-driver"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return found


@contextlib.contextmanager
def chrome(width: int = 1280, height: int = 800) -> Iterator[webdriver.Chrome]:
    options = webdriver.ChromeOptions()
    options.binary_location = chromium_binary()
    with tempfile.TemporaryDirectory() as profile:
        for flag in (*FLAGS, f"--user-data-dir={profile}", f"--window-size={width},{height}"):
            options.add_argument(flag)
        driver = webdriver.Chrome(options=options, service=Service(chromedriver_binary()))
        try:
            yield driver
        finally:
            driver.quit()


def wait_until(
    driver: webdriver.Chrome, condition: Callable[[Any], Any], seconds: float = 15
) -> Any:
    return WebDriverWait(driver, seconds, poll_frequency=0.1).until(condition)
