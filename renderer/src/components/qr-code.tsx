import { create } from 'qrcode'
import { useMemo } from 'react'

/** Quiet zone the QR specification asks for around the symbol, in modules. */
const QUIET_ZONE = 4

/** About what a phone camera reads at arm's length; the drawn size stays a whole number of pixels per module. */
const TARGET_PX = 168

/**
 * A QR code drawn as one SVG path, generated here from `payload`: no image service sees the code,
 * and an <svg> needs neither inline styles nor a data: URL under the CSP.
 */
export function QrCode({ payload, label }: { readonly payload: string; readonly label: string }) {
  const { path, extent } = useMemo(() => qrPath(payload), [payload])
  // A fractional module blurs its edges, which scanners read worse than a slightly smaller code.
  const size = extent * Math.max(1, Math.floor(TARGET_PX / extent))
  return (
    <svg
      className="qr-code"
      role="img"
      aria-label={label}
      width={size}
      height={size}
      viewBox={`0 0 ${extent} ${extent}`}
      shapeRendering="crispEdges"
      data-payload={payload}
    >
      <rect className="qr-light" width={extent} height={extent} />
      <path className="qr-dark" d={path} />
    </svg>
  )
}

function qrPath(payload: string): { readonly path: string; readonly extent: number } {
  const { modules } = create(payload, { errorCorrectionLevel: 'M' })
  const parts: string[] = []
  for (let row = 0; row < modules.size; row += 1) {
    for (let col = 0; col < modules.size; col += 1) {
      if (modules.get(row, col)) parts.push(`M${col + QUIET_ZONE} ${row + QUIET_ZONE}h1v1h-1z`)
    }
  }
  return { path: parts.join(''), extent: modules.size + QUIET_ZONE * 2 }
}
