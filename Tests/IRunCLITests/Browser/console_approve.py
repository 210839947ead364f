#!/usr/bin/env python3
"""Drives the irun console in headless Chromium (Debian's chromium and chromium-driver, Selenium
from PyPI) as a responder would: sign in with a token, find the run on the runs page, open it,
approve its gate by clicking the button, and wait until the page shows the run succeeded.
Saves a screenshot of the run page. Exit 0 on success; otherwise prints what was on the page.

    console_approve.py BASE_URL TOKEN RUN_ID SCREENSHOT.png
"""
import sys
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.common.by import By


def retrying(action, seconds=10):
    """The console refreshes its content every few seconds: an element found just before may be
    replaced; find it again."""
    deadline = time.time() + seconds
    while True:
        try:
            return action()
        except (StaleElementReferenceException, NoSuchElementException):
            if time.time() > deadline:
                raise
            time.sleep(0.2)


def main():
    base, token, run, screenshot = sys.argv[1:5]
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1000"]:
        options.add_argument(flag)
    browser = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    try:
        browser.get(base + "/")
        assert browser.current_url.endswith("/login"), f"not sent to sign in: {browser.current_url}"
        browser.find_element(By.NAME, "token").send_keys(token)
        browser.find_element(By.TAG_NAME, "button").click()
        # The runs page lists the run, waiting for approval.
        row = retrying(lambda: browser.find_element(By.LINK_TEXT, run).find_element(By.XPATH, "./ancestor::tr").text)
        assert "waiting-approval" in row, f"run row: {row}"
        retrying(lambda: browser.find_element(By.LINK_TEXT, run).click())
        gate = retrying(lambda: browser.find_element(By.CLASS_NAME, "gate").text)
        assert "Approve the changes this run makes" in gate and "Approving lets it change" in gate, gate
        # Typing keeps the focus in the form, which pauses the page's refresh until the click.
        retrying(lambda: browser.find_element(By.NAME, "reason").send_keys("confirmed by the browser test"))
        retrying(lambda: browser.find_element(By.XPATH, "//div[@class='gate']//button[normalize-space()='Approve']").click())
        deadline = time.time() + 30
        while time.time() < deadline:
            heading = retrying(lambda: browser.find_element(By.TAG_NAME, "h1").text)
            if "succeeded" in heading:
                break
            time.sleep(0.5)
            browser.refresh()
        browser.save_screenshot(screenshot)
        heading = retrying(lambda: browser.find_element(By.TAG_NAME, "h1").text)
        assert "succeeded" in heading, f"run page heading: {heading}"
        assert browser.find_elements(By.CLASS_NAME, "gate") == [], "a gate is still shown"
        print("approved through the console; run page:", heading)
    except Exception as error:  # show what the page said
        print(f"FAILED: {error}\n--- page ---\n{browser.page_source[:4000]}", file=sys.stderr)
        try:
            browser.save_screenshot(screenshot)
        except Exception:
            pass
        sys.exit(1)
    finally:
        browser.quit()


if __name__ == "__main__":
    main()
