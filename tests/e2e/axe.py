"""axe-core in the browser tests: inject the pinned copy from node_modules/ (package.json; `make test` runs
`npm ci` when it is missing), run it on the page, and say what it found in words a failing assertion can show.

The app's Content-Security-Policy refuses inline scripts, and Playwright injects a file as an inline script:
the pages are audited in a context opened with `bypass_csp=True` (tests/e2e/test_csp.py checks the policy).
"""
from pathlib import Path

AXE_PATH = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")

# Controls that need a name of their own: buttons are named by their text, hidden inputs are never shown.
_UNLABELLED_JS = """() => {
  const skipped = new Set(["hidden", "submit", "button", "reset", "image"]);
  const text = (el) => (el ? el.textContent.replace(/\\s+/g, " ").trim() : "");
  const describe = (el) => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += "#" + el.id;
    if (el.name) s += `[name="${el.name}"]`;
    if (el.type && el.tagName === "INPUT") s += `[type="${el.type}"]`;
    return s;
  };
  const named = (el) => {
    if ((el.getAttribute("aria-label") || "").trim()) return true;
    const ids = (el.getAttribute("aria-labelledby") || "").split(/\\s+/).filter(Boolean);
    if (ids.some((id) => text(document.getElementById(id)))) return true;
    if (Array.from(el.labels || []).some((label) => text(label))) return true;
    return Boolean((el.getAttribute("title") || "").trim());
  };
  return Array.from(document.querySelectorAll("input, select, textarea"))
    .filter((el) => !(el.tagName === "INPUT" && skipped.has(el.type)))
    .filter((el) => !named(el))
    .map(describe);
}"""


def axe_available():
    return AXE_PATH.is_file()


def open_details(page):
    """Open every <details> so that the forms folded inside them are audited too."""
    page.evaluate("() => document.querySelectorAll('details').forEach((d) => { d.open = true; })")


def run_axe(page):
    """axe's violations on the page as it is now (every rule axe runs by default: WCAG 2.x A/AA and best
    practices). Each violation is axe's dict: id, impact, help, helpUrl, nodes (target, failureSummary)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE_PATH))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return result["violations"]


def blocking(violations):
    return [v for v in violations if v.get("impact") in BLOCKING]


def describe(violations):
    """One line per violation and one per element: rule id, impact, what to fix, and the selectors."""
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v.get('impact')}): {v['help']} — {v['helpUrl']}")
        for node in v["nodes"]:
            target = " ".join(" >> ".join(t) if isinstance(t, list) else t for t in node["target"])
            lines.append(f"    {target}")
    return "\n".join(lines)


def unlabelled_controls(page):
    """Inputs, selects and textareas (not hidden, not buttons) without an accessible label: no <label> with
    text, no aria-label, no aria-labelledby pointing at text, no title. Controls folded away count too."""
    return page.evaluate(_UNLABELLED_JS)
