import { type KeyboardEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react'

export interface MenuItem {
  /** The words on the item. */
  readonly text: string
  /** Its accessible name, when the words need more around them ("Copy address of Basement"). */
  readonly label?: string
  readonly onSelect: () => void
}

interface MenuButtonProps {
  /** The button's accessible name ("Account", "Actions for Basement"). */
  readonly label: string
  /** What the button shows: an icon, or words. */
  readonly children: ReactNode
  readonly items: readonly MenuItem[]
  readonly className?: string
}

/**
 * A button that opens a short menu, as WAI-ARIA's menu button pattern asks: Enter, Space or the
 * arrow keys open it on an item, the arrows, Home and End move, Escape closes it and focus goes
 * back to the button; Tab or a click elsewhere closes it. Choosing an item closes it first, so
 * focus is back on the button before the item's action runs.
 */
export function MenuButton({ label, children, items, className }: MenuButtonProps) {
  const [open, setOpen] = useState<'first' | 'last' | null>(null)
  const menuId = useId()
  const buttonRef = useRef<HTMLButtonElement>(null)
  const wrapRef = useRef<HTMLSpanElement>(null)
  const itemRefs = useRef<(HTMLButtonElement | null)[]>([])

  useEffect(() => {
    if (open === null) return
    itemRefs.current[open === 'first' ? 0 : items.length - 1]?.focus()
    const onPointerDown = (event: PointerEvent): void => {
      if (!(event.target instanceof Node && wrapRef.current?.contains(event.target))) setOpen(null)
    }
    document.addEventListener('pointerdown', onPointerDown)
    return () => document.removeEventListener('pointerdown', onPointerDown)
  }, [open, items.length])

  const close = (): void => {
    setOpen(null)
    buttonRef.current?.focus()
  }

  const onButtonKeyDown = (event: KeyboardEvent<HTMLButtonElement>): void => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault()
      setOpen(event.key === 'ArrowDown' ? 'first' : 'last')
    }
  }

  const onMenuKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const buttons = itemRefs.current.filter((item): item is HTMLButtonElement => item !== null)
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement)
    const move: Record<string, number> = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: buttons.length - 1 }
    const next = move[event.key]
    if (next !== undefined) {
      event.preventDefault()
      buttons[(next + buttons.length) % buttons.length]?.focus()
    } else if (event.key === 'Escape') {
      event.preventDefault()
      event.stopPropagation()
      close()
    } else if (event.key === 'Tab') {
      setOpen(null)
    }
  }

  return (
    <span ref={wrapRef} className={className === undefined ? 'menu-wrap' : `menu-wrap ${className}`}>
      <button
        ref={buttonRef}
        type="button"
        className="button button-icon"
        aria-label={label}
        aria-haspopup="menu"
        aria-expanded={open !== null}
        aria-controls={open === null ? undefined : menuId}
        onClick={() => (open === null ? setOpen('first') : setOpen(null))}
        onKeyDown={onButtonKeyDown}
      >
        {children}
      </button>
      {open !== null && (
        <div id={menuId} role="menu" aria-label={label} className="menu card" onKeyDown={onMenuKeyDown}>
          {items.map((item, index) => (
            <button
              key={item.text}
              ref={(element) => {
                itemRefs.current[index] = element
              }}
              type="button"
              role="menuitem"
              tabIndex={-1}
              className="menu-item"
              aria-label={item.label}
              onClick={() => {
                close()
                item.onSelect()
              }}
            >
              {item.text}
            </button>
          ))}
        </div>
      )}
    </span>
  )
}

/** Three dots in a row: "more", drawn inline (the CSP allows no image files); decoration only. */
export function MoreIcon() {
  return (
    <svg className="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <circle cx="5" cy="12" r="1.8" />
      <circle cx="12" cy="12" r="1.8" />
      <circle cx="19" cy="12" r="1.8" />
    </svg>
  )
}
