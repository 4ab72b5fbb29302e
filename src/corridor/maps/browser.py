"""Open map pages in a real headless Chromium and report what they drew (``corridor atlas --check``).

The browser is driven through the DevTools protocol over a pipe (``--remote-debugging-pipe``), with
the standard library only. With ``offline=True`` (the default) the browser has no network: every
host name resolves to nothing and every request goes to a closed proxy port, so a page that needs a
CDN shows it in :attr:`PageReport.errors`.

A page's report counts, for every Leaflet map on it, the markers, circle markers, lines and
polygons drawn, the features inside marker clusters, and the controls, and lists every console
error, uncaught exception and failed load.
"""

from __future__ import annotations

import base64
import json
import os
import queue
import shutil
import subprocess
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["BrowserError", "Chromium", "PageReport", "find_chromium"]

#: Flags for a quiet, sandbox-free headless browser (it runs as root in CI containers).
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-extensions", "--disable-default-apps", "--mute-audio", "--hide-scrollbars",
]  # fmt: skip
#: Flags that take the network away: no name resolves, every request goes to a closed port.
OFFLINE_FLAGS = ["--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9"]

# Runs before the page's scripts: remembers every Leaflet map the page creates.
_HOOK = """
(function () {
  var maps = (window.__corridorMaps = []), leaflet;
  Object.defineProperty(window, "L", {
    configurable: true,
    get: function () { return leaflet; },
    set: function (value) {
      leaflet = value;
      if (value && value.Map && !value.Map.__corridorHooked) {
        value.Map.__corridorHooked = true;
        value.Map.addInitHook(function () { maps.push(this); });
      }
    },
  });
})();
"""

# Counts what the page's Leaflet maps drew.
_COUNT = """
(function () {
  var c = {maps: 0, markers: 0, circle_markers: 0, lines: 0, polygons: 0, clusters: 0,
           clustered: 0, controls: document.querySelectorAll(".leaflet-control").length,
           layer_controls: document.querySelectorAll(".leaflet-control-layers").length,
           scales: document.querySelectorAll(".leaflet-control-scale").length};
  (window.__corridorMaps || []).forEach(function (map) {
    c.maps += 1;
    map.eachLayer(function (l) {
      if (L.MarkerCluster && l instanceof L.MarkerCluster) c.clusters += 1;
      else if (l instanceof L.Marker) c.markers += 1;
      else if (l instanceof L.CircleMarker) c.circle_markers += 1;
      else if (l instanceof L.Polygon) c.polygons += 1;
      else if (l instanceof L.Polyline) c.lines += 1;
      if (L.MarkerClusterGroup && l instanceof L.MarkerClusterGroup) c.clustered += l.getLayers().length;
    });
  });
  return c;
})()
"""


def find_chromium() -> str | None:
    """Path of Chromium (Debian's ``chromium``), or ``None``."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


@dataclass
class PageReport:
    """What a page showed: its title, the counts of drawn things, errors and the DOM."""

    url: str
    title: str
    counts: dict
    errors: list[str] = field(default_factory=list)
    dom: str = ""
    value: object = None


class BrowserError(RuntimeError):
    """The browser did not answer as expected."""


class Chromium:
    """A headless Chromium driven over the DevTools protocol.

    Examples
    --------
    ::

        with Chromium() as browser:
            report = browser.check("build/atlas/index.html", screenshot="shot.png")
    """

    def __init__(self, path: str | None = None, offline: bool = True, size=(1200, 800)):
        self.path = path or find_chromium()
        if self.path is None:
            raise FileNotFoundError(
                "headless Chromium is not installed (Debian package 'chromium')"
            )
        self.offline = offline
        self.size = size
        self._next = 0
        self._replies: dict[int, queue.Queue] = {}
        self._events: queue.Queue = queue.Queue()
        self._lock = threading.Lock()

    # --- process and pipe -----------------------------------------------------------------
    def __enter__(self) -> Chromium:
        self._profile = tempfile.mkdtemp(prefix="corridor-chromium-")
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()

        def wire():  # in the child: the browser reads fd 3 and writes fd 4
            a, b = os.dup(to_browser_r), os.dup(from_browser_w)
            os.dup2(a, 3)
            os.dup2(b, 4)

        args = [self.path, *FLAGS, *(OFFLINE_FLAGS if self.offline else []),
                f"--user-data-dir={self._profile}", "--remote-debugging-pipe",
                f"--window-size={self.size[0]},{self.size[1]}", "about:blank"]  # fmt: skip
        self._proc = subprocess.Popen(
            args, preexec_fn=wire, close_fds=False,
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        return self

    def __exit__(self, *exc) -> None:
        try:
            self.send("Browser.close", timeout=5)
        except (BrowserError, OSError):
            pass
        try:
            self._proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()
        for fd in (self._to_browser, self._from_browser):
            try:
                os.close(fd)
            except OSError:
                pass
        shutil.rmtree(self._profile, ignore_errors=True)

    def _read(self) -> None:
        buffer = b""
        while True:
            try:
                chunk = os.read(self._from_browser, 1 << 16)
            except OSError:
                chunk = b""
            if not chunk:
                self._events.put(None)
                return
            buffer += chunk
            *messages, buffer = buffer.split(b"\0")
            for raw in messages:
                message = json.loads(raw)
                if "id" in message and message["id"] in self._replies:
                    self._replies[message["id"]].put(message)
                else:
                    self._events.put(message)

    def send(self, method: str, params: dict | None = None, session: str | None = None,
             timeout: float = 30) -> dict:  # fmt: skip
        """Send one protocol command and return its result."""
        with self._lock:
            self._next += 1
            ident = self._next
            self._replies[ident] = box = queue.Queue()
        message = {"id": ident, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._to_browser, json.dumps(message).encode("utf-8") + b"\0")
        try:
            reply = box.get(timeout=timeout)
        except queue.Empty:
            raise BrowserError(f"{method}: no answer from Chromium in {timeout} s") from None
        finally:
            del self._replies[ident]
        if "error" in reply:
            raise BrowserError(f"{method}: {reply['error'].get('message')}")
        return reply.get("result", {})

    # --- pages ----------------------------------------------------------------------------
    def check(self, page: str | Path, wait_ms: int = 500, screenshot: str | Path | None = None,
              script: str | None = None, viewport: tuple[int, int] | None = None,
              probe=None) -> PageReport:  # fmt: skip
        """Open a page, let it run ``wait_ms`` of page time after loading, and report what it drew.

        The wait is virtual time (as ``--virtual-time-budget``): timers and animations advance
        by ``wait_ms`` as fast as the page computes them; afterwards the page clock keeps
        skipping idle time, so ``script`` may wait on timers without slowing the check.
        ``wait_ms=0`` leaves the page on its real clock (for timing it).

        ``script`` (a JavaScript expression) runs after the wait, before counting; its value is
        the report's ``value``; ``probe(browser, session)``, if given instead, does the same from
        Python (e.g. to press keys with ``Input.dispatchKeyEvent``). ``viewport`` ``(width,
        height)`` opens the page as a phone of that size in CSS px (mobile layout, touch).
        ``screenshot`` saves a PNG.
        """
        url = page if "://" in str(page) else Path(page).resolve().as_uri()
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]  # fmt: skip
        errors: list[str] = []
        try:
            for method in ("Page.enable", "Runtime.enable", "Log.enable"):
                self.send(method, session=session)
            self.send("Page.addScriptToEvaluateOnNewDocument", {"source": _HOOK}, session)
            if viewport:
                metrics = {"width": int(viewport[0]), "height": int(viewport[1]),
                           "deviceScaleFactor": 1, "mobile": True}  # fmt: skip
                self.send("Emulation.setDeviceMetricsOverride", metrics, session)
                self.send("Emulation.setTouchEmulationEnabled", {"enabled": True}, session)
            self._drain(session, errors)
            self.send("Page.navigate", {"url": url}, session)
            self._wait_for(session, "Page.loadEventFired", errors)
            if wait_ms > 0:  # page time passes as fast as the page can compute (virtual time)
                budget = {"policy": "pauseIfNetworkFetchesPending", "budget": int(wait_ms)}
                self.send("Emulation.setVirtualTimePolicy", budget, session)
                self._wait_for(session, "Emulation.virtualTimeBudgetExpired", errors)
                self.send("Emulation.setVirtualTimePolicy", {"policy": "advance"}, session)
            value = self.evaluate(session, script) if script else None
            if probe is not None:
                value = probe(self, session)
            counts = self.evaluate(session, _COUNT)
            title = self.evaluate(session, "document.title")
            dom = self.evaluate(session, "document.documentElement.outerHTML")
            if screenshot:
                png = self.send("Page.captureScreenshot", {"format": "png"}, session)["data"]
                Path(screenshot).parent.mkdir(parents=True, exist_ok=True)
                Path(screenshot).write_bytes(base64.b64decode(png))
            self._drain(session, errors)
        finally:
            self.send("Target.closeTarget", {"targetId": target})
        return PageReport(url=url, title=title, counts=counts, errors=errors, dom=dom, value=value)

    def evaluate(self, session: str, expression: str):
        """Value of a JavaScript expression in the page (promises are awaited)."""
        result = self.send(
            "Runtime.evaluate",
            {"expression": expression, "awaitPromise": True, "returnByValue": True},
            session,
        )
        if "exceptionDetails" in result:
            raise BrowserError(f"script failed: {_describe(result['exceptionDetails'])}")
        return result["result"].get("value")

    def _wait_for(self, session: str, method: str, errors: list[str], timeout: float = 30) -> None:
        while True:
            try:
                event = self._events.get(timeout=timeout)
            except queue.Empty:
                raise BrowserError(f"{method} did not come within {timeout} s") from None
            if event is None:
                raise BrowserError("Chromium exited")
            if event.get("sessionId") == session:
                if event["method"] == method:
                    return
                _collect(event, errors)

    def _drain(self, session: str, errors: list[str]) -> None:
        pending = []
        while True:
            try:
                event = self._events.get_nowait()
            except queue.Empty:
                break
            if event is None:
                break
            if event.get("sessionId") == session:
                _collect(event, errors)
            else:
                pending.append(event)
        for event in pending:
            self._events.put(event)


def _describe(details: dict) -> str:
    exception = details.get("exception") or {}
    what = exception.get("description") or exception.get("value") or ""
    where = f"{details.get('url', '')}:{details.get('lineNumber', '')}"
    return f"{details.get('text', 'exception')} {what} at {where}".strip()


def _collect(event: dict, errors: list[str]) -> None:
    """Add the error an event reports, if any."""
    method, params = event.get("method"), event.get("params", {})
    if method == "Runtime.exceptionThrown":
        errors.append(_describe(params["exceptionDetails"]))
    elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
        errors.append(
            " ".join(str(a.get("value", a.get("description", ""))) for a in params.get("args", []))
        )
    elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
        entry = params["entry"]
        errors.append(f"{entry.get('text')} {entry.get('url', '')}".strip())
