"""A headless Chromium driven over the Chrome DevTools Protocol, just
enough for test_web.py: open a page, evaluate JavaScript, type, press keys,
click, resize and take screenshots."""

import asyncio
import base64
import itertools
import json
import re
import shutil
import subprocess
import threading

import websockets

DEVTOOLS_LINE = re.compile(r"DevTools listening on (ws://\S+)")


def chromium_path():
    return shutil.which("chromium") or shutil.which("chromium-browser")


class Browser:
    """One Chromium process and a CDP session on its single page."""

    def __init__(self, profile_dir, width=1280, height=900):
        self.process = subprocess.Popen(
            [chromium_path(), "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--remote-debugging-port=0", f"--user-data-dir={profile_dir}", f"--window-size={width},{height}",
             "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        self.ids = itertools.count(1)
        self.socket = None

    async def start(self):
        browser_url = await asyncio.to_thread(self._devtools_url)
        async with websockets.connect(browser_url, max_size=None) as browser:
            await browser.send(json.dumps({"id": 0, "method": "Target.getTargets"}))
            targets = json.loads(await browser.recv())["result"]["targetInfos"]
        page = next(t for t in targets if t["type"] == "page")
        host = browser_url.split("/devtools/")[0]
        self.socket = await websockets.connect(f"{host}/devtools/page/{page['targetId']}", max_size=None)
        await self.call("Page.enable")
        await self.call("Runtime.enable")

    def _devtools_url(self):
        for line in self.process.stderr:
            match = DEVTOOLS_LINE.search(line)
            if match:
                # Chromium keeps logging; a full pipe would stall it.
                threading.Thread(target=self.process.stderr.read, daemon=True).start()
                return match.group(1)
        raise RuntimeError(f"chromium exited ({self.process.wait()}) without a DevTools address")

    async def call(self, method, **params):
        number = next(self.ids)
        await self.socket.send(json.dumps({"id": number, "method": method, "params": params}))
        while True:
            reply = json.loads(await self.socket.recv())
            if reply.get("id") != number:
                continue
            if "error" in reply:
                raise RuntimeError(f"{method}: {reply['error']}")
            return reply["result"]

    async def evaluate(self, expression):
        result = await self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    async def wait_for(self, expression, timeout=20.0):
        """Polls `expression` until it is truthy; returns its value."""
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            value = await self.evaluate(expression)
            if value:
                return value
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError(f"timed out waiting for: {expression}")
            await asyncio.sleep(0.05)

    async def type_text(self, text):
        await self.call("Input.insertText", text=text)

    async def press(self, key, code, key_code, modifiers=0):
        """A key press as a user makes it (modifiers: 2 = Ctrl, 4 = Meta)."""
        for kind in ("keyDown", "keyUp"):
            await self.call("Input.dispatchKeyEvent", type=kind, key=key, code=code,
                            windowsVirtualKeyCode=key_code, modifiers=modifiers)

    async def click(self, selector):
        box = await self.evaluate(
            f"(() => {{ const r = document.querySelector({json.dumps(selector)}).getBoundingClientRect();"
            " return [r.x + r.width / 2, r.y + r.height / 2]; })()")
        for kind in ("mousePressed", "mouseReleased"):
            await self.call("Input.dispatchMouseEvent", type=kind, x=box[0], y=box[1], button="left", clickCount=1)

    async def resize(self, width, height):
        await self.call("Emulation.setDeviceMetricsOverride", width=width, height=height,
                        deviceScaleFactor=1, mobile=False)

    async def screenshot(self, path):
        data = (await self.call("Page.captureScreenshot", format="png", captureBeyondViewport=True))["data"]
        path.write_bytes(base64.b64decode(data))

    async def close(self):
        if self.socket is not None:
            await self.socket.close()
        self.process.terminate()
        try:
            await asyncio.to_thread(self.process.wait, 10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
