import type { Page } from 'playwright-core'

/**
 * What a person would see as broken in the window at its current size, in words: the page
 * scrolling sideways, something sticking out of the window, any box cutting off what it holds, two
 * controls on top of each other, a control that keyboard focus cannot bring into view
 * unobstructed, and a screen's primary content below the fold. Primary content is the screen's
 * heading, its primary button, and whatever the screen marks `data-primary` (the code, the QR
 * code, the countdown, the status): what a person came for must be on the first screen, without
 * scrolling. An empty list means none of these. The page's state is left as it was found
 * (focus and scroll position are put back).
 *
 * Page-side code goes as text: this file is compiled without the DOM library.
 */
export async function findLayoutProblems(page: Page): Promise<readonly string[]> {
  return page.evaluate<string[]>(layoutScript)
}

const layoutScript = String.raw`(() => {
  const problems = []
  const width = document.documentElement.clientWidth
  const height = window.innerHeight
  const slack = 0.5
  const name = (el) => {
    const text = (el.getAttribute('aria-label') || el.textContent || el.getAttribute('value') || '').trim().replace(/\s+/g, ' ')
    const classes = typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\s+/).join('.') : ''
    return el.tagName.toLowerCase() + classes + (text ? ' "' + text.slice(0, 48) + '"' : '')
  }
  const drawn = (el) => {
    if (el.closest('.visually-hidden, [aria-hidden="true"] .visually-hidden')) return false
    const box = el.getBoundingClientRect()
    const style = getComputedStyle(el)
    // Clipped to nothing (the visually-hidden pattern, also set by a media query): for screen readers only.
    const hiddenByClip = style.clipPath === 'inset(50%)' || (el.parentElement !== null && getComputedStyle(el.parentElement).clipPath === 'inset(50%)')
    return box.width > 0 && box.height > 0 && style.visibility !== 'hidden' && style.display !== 'contents' && !hiddenByClip
  }
  const ownText = (el) => Array.from(el.childNodes).some((node) => node.nodeType === 3 && node.textContent.trim() !== '')
  // While a modal dialog is open, the page behind it is inert and under its backdrop by design.
  const scope = document.querySelector('[role="dialog"][aria-modal="true"]') || document.body
  const controlSelector = 'button, input, select, textarea, a[href], summary, svg[role="img"], img'
  const controls = Array.from(scope.querySelectorAll(controlSelector)).filter(drawn)

  if (document.documentElement.scrollWidth > width + slack) {
    problems.push('the page scrolls sideways (' + document.documentElement.scrollWidth + 'px for ' + width + 'px)')
  }

  for (const el of scope.querySelectorAll('*')) {
    if (!drawn(el)) continue
    if (el.matches(controlSelector) || ownText(el)) {
      const box = el.getBoundingClientRect()
      if (box.left < -slack || box.right > width + slack) {
        problems.push(name(el) + ' sticks out of the window (' + Math.round(box.left) + ' to ' + Math.round(box.right) + ' px)')
      }
    }
    // Any box that clips, text of its own or not (a card with rounded corners clips its rows): what
    // overflows it is lost. A field scrolls its own long value by design, and a name cut with "…"
    // on purpose carries the whole of it in its tooltip.
    if (el.matches('input, textarea, select')) continue
    const style = getComputedStyle(el)
    if (style.textOverflow === 'ellipsis' && el.title.trim() === el.textContent.trim()) continue
    const clipsX = style.overflowX !== 'visible' && el.scrollWidth > el.clientWidth + 1
    const clipsY = style.overflowY !== 'visible' && el.scrollHeight > el.clientHeight + 1
    if (clipsX || clipsY) problems.push(name(el) + ' cuts off its content')
  }

  for (let i = 0; i < controls.length; i += 1) {
    for (let j = i + 1; j < controls.length; j += 1) {
      const a = controls[i]
      const b = controls[j]
      if (a.contains(b) || b.contains(a)) continue
      const p = a.getBoundingClientRect()
      const q = b.getBoundingClientRect()
      const overlapX = Math.min(p.right, q.right) - Math.max(p.left, q.left)
      const overlapY = Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top)
      if (overlapX > 1 && overlapY > 1) problems.push(name(a) + ' overlaps ' + name(b))
    }
  }

  // Put back when done: the checks below scroll and move focus.
  const before = document.activeElement
  const scrollX = window.scrollX
  const scrollY = window.scrollY
  // The first screen, as the window opens on it: scrolled to the top.
  window.scrollTo(0, 0)
  for (const el of scope.querySelectorAll('h1, .button-primary, [data-primary]')) {
    if (!drawn(el)) continue
    const box = el.getBoundingClientRect()
    if (box.bottom > height + slack) {
      problems.push(name(el) + ' is below the fold (' + Math.round(box.top) + ' to ' + Math.round(box.bottom) + ' px of ' + height + ')')
    }
  }

  // Focus each control as Tab would: it must end up inside the window, with nothing drawn over it.
  for (const el of controls) {
    if (el.matches('svg, img') || el.disabled) continue
    el.focus()
    if (document.activeElement !== el) continue
    const box = el.getBoundingClientRect()
    if (box.top < -slack || box.bottom > height + slack) {
      problems.push(name(el) + ' stays out of view when focused (' + Math.round(box.top) + ' to ' + Math.round(box.bottom) + ' px)')
      continue
    }
    const x = Math.min(Math.max(box.left + box.width / 2, 0), width - 1)
    const y = Math.min(Math.max(box.top + box.height / 2, 0), height - 1)
    const top = document.elementFromPoint(x, y)
    if (top !== null && top !== el && !el.contains(top) && !(el.tagName === 'SUMMARY' && top.closest('summary') === el)) {
      problems.push(name(el) + ' is covered by ' + name(top) + ' when focused')
    }
  }
  if (before instanceof HTMLElement && before !== document.body) before.focus({ preventScroll: true })
  else if (document.activeElement instanceof HTMLElement) document.activeElement.blur()
  window.scrollTo(scrollX, scrollY)
  return problems
})()`
