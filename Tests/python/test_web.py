"""/web in a real browser: Debian's headless Chromium, driven over the
Chrome DevTools Protocol (cdp.py), against a real `codeenv serve`. The
page is opened, code is typed (Tab indents) and run with Ctrl+Enter, and
the output, errors, history and state are read back from the page.

Screenshots go to Tests/python/artifacts/ (ignored by git); the README's
picture, Tests/python/screenshots/web.png, is a copy of one of them.
"""

import asyncio
import pathlib

import pytest

from cdp import Browser, chromium_path

ARTIFACTS = pathlib.Path(__file__).parent / "artifacts"

pytestmark = pytest.mark.skipif(
    chromium_path() is None, reason="needs Debian's chromium (`make deps` installs it)")


@pytest.fixture(scope="module")
def coding_url(serve):
    return serve("coding")


@pytest.fixture(scope="module")
def echo_url(serve):
    return serve("echo")


def in_browser(tmp_path, scenario):
    async def run():
        browser = Browser(tmp_path / "profile")
        try:
            await browser.start()
            return await scenario(browser)
        finally:
            await browser.close()

    ARTIFACTS.mkdir(exist_ok=True)
    return asyncio.run(run())


async def open_web(browser, url, field):
    await browser.call("Page.navigate", url=f"{url}/web")
    await browser.wait_for(
        f"!!document.getElementById('{field}') && document.getElementById('connection').className === 'live'")


def text_of(element_id):
    return f"(document.getElementById('{element_id}') || {{}}).textContent"


def test_code_typed_in_the_page_runs_and_its_output_appears(coding_url, tmp_path):
    async def scenario(browser):
        await open_web(browser, coding_url, "field-code")
        await browser.evaluate("document.getElementById('field-code').focus()")
        await browser.type_text("total = 0\nfor i in range(3):\n")
        await browser.press("Tab", "Tab", 9)
        await browser.type_text("total += i * 7\nprint('hello', total)")
        await browser.press("Enter", "Enter", 13, modifiers=2)
        await browser.wait_for(f"{text_of('stdout')} === 'hello 21\\n'")
        typed = await browser.evaluate("document.getElementById('field-code').value")
        first = {"exit_code": await browser.evaluate(text_of("obs-exit-code")), "typed": typed}

        await browser.evaluate("document.getElementById('field-code').value = 'print(total / 3)\\n1 / 0'")
        await browser.click("#step")
        await browser.wait_for(f"({text_of('stderr')} || '').includes('ZeroDivisionError')")
        second = {
            "stdout": await browser.evaluate(text_of("stdout")),
            "stderr_class": await browser.evaluate("document.getElementById('stderr').className"),
            "exit_code_class": await browser.evaluate("document.getElementById('obs-exit-code').className"),
            "history": await browser.evaluate("[...document.querySelectorAll('#history li')].map(li => li.textContent)"),
        }
        await browser.wait_for(f"{text_of('stateView')}.includes('\"step_count\": 2')")
        await browser.screenshot(ARTIFACTS / "web.png")

        await browser.click("#history li:last-child")
        reloaded = await browser.evaluate("document.getElementById('field-code').value")
        return first, second, reloaded

    first, second, reloaded = in_browser(tmp_path, scenario)
    assert first["typed"] == "total = 0\nfor i in range(3):\n    total += i * 7\nprint('hello', total)"
    assert first["exit_code"] == "0"
    assert second["stderr_class"] == "bad"
    assert "bad" in second["exit_code_class"]
    assert second["stdout"] == "7.0\n"
    assert second["history"] == ["print(total / 3) ⏎ 1 / 0", first["typed"].replace("\n", " ⏎ ")]
    assert reloaded == first["typed"]


def test_a_validation_error_shows_in_red(coding_url, tmp_path):
    async def scenario(browser):
        await open_web(browser, coding_url, "field-code")
        # An action the form cannot produce, sent the way the page sends.
        await browser.evaluate("send({type: 'step', data: {code: 1}})")
        return await browser.wait_for(
            "getComputedStyle(document.getElementById('error')).display === 'block'"
            " && [document.getElementById('error').textContent, getComputedStyle(document.getElementById('error')).color]")

    text, color = in_browser(tmp_path, scenario)
    assert text.startswith("VALIDATION_ERROR: Invalid message")
    assert color == "rgb(179, 38, 30)"


def test_echo_gets_a_text_field_and_the_page_fits_a_narrow_screen(echo_url, tmp_path):
    async def scenario(browser):
        await browser.resize(390, 844)
        await open_web(browser, echo_url, "field-message")
        tag = await browser.evaluate("document.getElementById('field-message').tagName + ':' + document.getElementById('field-message').type")
        await browser.evaluate("document.getElementById('field-message').focus()")
        await browser.type_text("hello web")
        await browser.click("#step")
        echoed = await browser.wait_for(text_of("obs-echoed_message"))
        columns = await browser.evaluate("getComputedStyle(document.querySelector('main')).gridTemplateColumns")
        overflow = await browser.evaluate("document.documentElement.scrollWidth > window.innerWidth")
        await browser.screenshot(ARTIFACTS / "web-narrow.png")
        return tag, echoed, columns, overflow

    tag, echoed, columns, overflow = in_browser(tmp_path, scenario)
    assert tag == "INPUT:text"
    assert echoed == "hello web"
    assert len(columns.split()) == 1
    assert overflow is False
