import { type AddressInfo, createServer, type Socket } from 'node:net'

export interface RawHttpServer {
  readonly url: string
  close(): Promise<void>
}

/**
 * A TCP server that answers every request with these bytes, exactly: an answer no HTTP library
 * would write (a status or header in raw UTF-8 or Latin-1), as a device on the LAN may send one.
 */
export async function rawHttpServer(answer: Buffer): Promise<RawHttpServer> {
  const sockets = new Set<Socket>()
  const server = createServer((socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => undefined)
    socket.once('data', () => socket.end(answer))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      for (const socket of sockets) socket.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
