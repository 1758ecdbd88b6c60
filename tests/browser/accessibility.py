"""The accessibility sweep's tools: axe-core in the page, a keyboard walk, sideways scroll.

axe-core is the copy that ships inside the pinned ``axe-playwright-python`` package (setup.cfg,
dev extras); Playwright evaluates it in the page: the app never serves it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import axe_playwright_python
from playwright.sync_api import Page

AXE = Path(axe_playwright_python.__file__).resolve().parent / "axe.min.js"
# WCAG 2.1 A and AA, and 2.2's minimum target size (2.5.8).
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa",
                                         "wcag22aa"]},
    "resultTypes": ["violations"],
}


def axe_source() -> str:
    return AXE.read_text(encoding="utf-8")


def axe_violations(page: Page) -> list[str]:
    """What axe-core finds on the page as it is now, one line per rule and element."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source())
    result = page.evaluate("options => window.axe.run(document, options)", AXE_OPTIONS)
    lines = []
    for violation in result["violations"]:
        for node in violation["nodes"][:5]:
            lines.append(f"{violation['id']} ({violation['impact']}): "
                         f"{' '.join(node['target'][:1])} — {node['failureSummary'][:160]}")
    return lines


def sideways_overflow(page: Page) -> list[str]:
    """Elements that make the page scroll sideways: wider than the viewport and not inside a
    scroll region one can reach by keyboard (a focusable element with overflow-x auto)."""
    return page.evaluate("""() => {
        const width = document.documentElement.clientWidth;
        if (document.documentElement.scrollWidth <= width) return [];
        const inRegion = el => {
            for (let p = el.parentElement; p; p = p.parentElement) {
                const s = getComputedStyle(p);
                if (['auto', 'scroll'].includes(s.overflowX) && p.tabIndex >= 0) return true;
            }
            return false;
        };
        const out = [];
        for (const el of document.body.querySelectorAll('*')) {
            const r = el.getBoundingClientRect();
            if (r.right > width + 1 && !inRegion(el) && r.width > 0) {
                out.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
                         (el.className && typeof el.className === 'string'
                            ? '.' + el.className.trim().split(/\\s+/).join('.') : '') +
                         ' right=' + Math.round(r.right));
            }
            if (out.length >= 5) break;
        }
        return out.length ? out : ['document ' + document.documentElement.scrollWidth + 'px'];
    }""")


@dataclass(frozen=True)
class Walk:
    unreachable: list[str]
    no_ring: list[str]


WALK_SETUP = """() => {
    window.__walk = [];
    document.addEventListener('focusin', event => {
        const el = event.target;
        const s = getComputedStyle(el);
        const ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2)
                     || (s.boxShadow && s.boxShadow !== 'none');
        window.__walk.push({key: window.__key(el), ring: ring});
    }, true);
    window.__key = el => {
        if (!el.__walkKey) el.__walkKey = 'k' + Math.random().toString(36).slice(2);
        return el.__walkKey;
    };
    const visible = el => {
        const r = el.getBoundingClientRect();
        const s = getComputedStyle(el);
        // Inside a closed <details> (but not its summary) a control is not shown.
        const closed = el.closest('details:not([open])');
        if (closed && !el.closest('summary')) return false;
        return r.width > 0 && r.height > 0 && s.visibility !== 'hidden'
               && el.checkVisibility({visibilityProperty: true, opacityProperty: false});
    };
    const wanted = [...document.querySelectorAll(
        'a[href], button, input:not([type=hidden]), select, textarea, summary, ' +
        '[tabindex]:not([tabindex="-1"])')]
        .filter(el => !el.disabled && visible(el) && !el.closest('[inert]')
                      && el.tabIndex >= 0
                      && !(el.type === 'radio' && !el.checked &&
                           document.querySelector(
                               `input[type=radio][name="${CSS.escape(el.name)}"]:checked`)));
    // Of a radio group only one stop is in the tab order.
    const seen = new Set();
    return wanted.filter(el => {
        if (el.type !== 'radio') return true;
        if (seen.has(el.name)) return false;
        seen.add(el.name);
        return true;
    }).map(el => ({key: window.__key(el),
                   name: el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + ' ' +
                         (el.innerText || el.value || el.name || '').trim().slice(0, 30)}));
}"""


def keyboard_walk(page: Page, limit: int = 400) -> Walk:
    """Tab through the page from its top: every interactive element must be reached, and
    show a focus ring (an outline of at least 2 px or a box shadow) when it is."""
    wanted = page.evaluate(WALK_SETUP)
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); "
                  "window.scrollTo(0, 0); }")
    presses = min(limit, 3 * len(wanted) + 10)  # a date input has three stops
    for _ in range(presses):
        page.keyboard.press("Tab")
    focused = page.evaluate("() => window.__walk")
    reached = {entry["key"] for entry in focused}
    no_ring = sorted({item["name"] for item in wanted for entry in focused
                      if entry["key"] == item["key"] and not entry["ring"]})
    unreachable = [item["name"] for item in wanted if item["key"] not in reached]
    return Walk(unreachable=unreachable, no_ring=no_ring)


# What the world's people wrote (tests/fixtures/roles.py and the factories): Dutch.
USER_TEXTS = ("Noëlle gaat elke dag naar school", "Wat is er nodig zodat Noëlle veilig",
              "Oma brengt Noëlle op dinsdag naar school")


def user_text_without_its_language(page: Page, texts=USER_TEXTS, language="nl") -> list[str]:
    """Elements holding text people wrote whose language (the nearest ``lang``) is not the
    language they wrote in: on an Arabic page, Dutch text must say it is Dutch (WCAG 3.1.2)."""
    return page.evaluate("""([texts, language]) => {
        const out = [];
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            if (!texts.some(t => node.data.includes(t))) continue;
            const holder = node.parentElement.closest('[lang]');
            const lang = holder ? holder.getAttribute('lang') : '';
            if (!lang.toLowerCase().startsWith(language)) {
                const tag = node.parentElement.tagName.toLowerCase();
                out.push(`${tag} "${node.data.trim().slice(0, 40)}" `
                         + `is read as "${lang}"`);
            }
        }
        return out;
    }""", [list(texts), language])
