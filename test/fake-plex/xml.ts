/**
 * plex.tv's XML dialect, as much as the fake needs: scalar fields become attributes (booleans as
 * 1/0, nulls left out), objects become child elements, arrays become a wrapper element holding
 * one child per item (named by the singular of the key).
 */

export function escapeXml(value: string): string {
  return value.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

function singular(name: string): string {
  return name.endsWith('s') ? name.slice(0, -1) : `${name}Item`
}

function attribute(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined
  if (typeof value === 'boolean') return value ? '1' : '0'
  if (typeof value === 'number' || typeof value === 'string') return String(value)
  return undefined
}

export function element(name: string, value: unknown): string {
  if (Array.isArray(value)) {
    const items = value.map((item) =>
      typeof item === 'object' && item !== null ? element(singular(name), item) : element(singular(name), { id: item }),
    )
    return `<${name}>${items.join('')}</${name}>`
  }
  if (typeof value !== 'object' || value === null) return `<${name} value="${escapeXml(String(value))}"/>`
  const attrs: string[] = []
  const children: string[] = []
  for (const [key, field] of Object.entries(value)) {
    const text = attribute(field)
    if (text !== undefined) attrs.push(` ${key}="${escapeXml(text)}"`)
    else if (typeof field === 'object' && field !== null) children.push(element(key, field))
  }
  const open = `<${name}${attrs.join('')}`
  return children.length ? `${open}>${children.join('')}</${name}>` : `${open}/>`
}

export function xmlDocument(root: string, value: unknown): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${element(root, value)}\n`
}
